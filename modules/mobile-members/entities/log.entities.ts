import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate } from '#module-kit';
import { ContactChannel, DecisionKind } from '../enums';

@Entity('mm_contact')
@ObjectType('MobileContact', {
  description: '联系记录 — one attempt to reach a member away: when, how, by whom, reached or not',
})
export class MobileContact {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'record_id', type: 'int' })
  recordId: number;

  @Field(() => DateScalar, { description: '日期 — when' })
  @Column({ name: 'contacted_on', type: 'date' })
  contactedOn: LocalDate;

  @Field(() => ContactChannel, { description: '方式 — channel' })
  @Column({ type: 'text' })
  channel: ContactChannel;

  @Field({ description: '联系上 — the member was reached' })
  @Column({ type: 'boolean' })
  reached: boolean;

  @Field(() => String, { nullable: true, description: '备注 — note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}

@Entity('mm_report_in')
@ObjectType('MobileReportIn', {
  description: "汇报 — a mobile member's report to the home organisation (at least yearly, policy)",
})
export class MobileReportIn {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'record_id', type: 'int' })
  recordId: number;

  @Field(() => DateScalar, { description: '日期 — when' })
  @Column({ name: 'reported_on', type: 'date' })
  reportedOn: LocalDate;

  @Field(() => ContactChannel, { description: '方式 — channel' })
  @Column({ type: 'text' })
  channel: ContactChannel;

  @Field(() => String, { nullable: true, description: '内容 — what was reported' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}

@Entity('mm_decision')
@ObjectType('MobileDecision', {
  description: '组织决定 — a decision people took (branch assembly, approved above), recorded with who entered it',
})
export class MobileDecision {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'record_id', type: 'int' })
  recordId: number;

  @Field(() => DecisionKind, { description: '决定 — suspend, restore or remove' })
  @Column({ type: 'text' })
  kind: DecisionKind;

  @Field(() => DateScalar, { description: '支部大会日期 — date of the branch assembly that decided' })
  @Column({ name: 'meeting_on', type: 'date' })
  meetingOn: LocalDate;

  @Column({ name: 'approving_unit_id', type: 'int' })
  approvingUnitId: number;

  @Field(() => DateScalar, { description: '批准日期 — approved on by the committee above' })
  @Column({ name: 'approved_on', type: 'date' })
  approvedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  @Field({ description: '录入时间 — when it was entered' })
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
