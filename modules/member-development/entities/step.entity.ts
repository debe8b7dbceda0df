import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Attachment, AttachmentRef, DateScalar, type LocalDate } from '#module-kit';
import { DevelopmentStep, WithdrawalKind } from '../enums';

/** One decision of a development record: who decided, when, on what evidence; reached from its record. */
@Entity('md_step')
@ObjectType('DevelopmentStepRecord', {
  description: '发展步骤记录 — one decision of member development: who decided, when, and its evidence',
})
export class DevelopmentStepRecord {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'record_id', type: 'int' })
  recordId: number;

  @Field(() => DevelopmentStep, { description: '步骤 — the step' })
  @Column({ type: 'text' })
  step: DevelopmentStep;

  @Field(() => DateScalar, { description: '决定日期 — the day it was decided (a notice: its last day)' })
  @Column({ name: 'decided_on', type: 'date' })
  decidedOn: LocalDate;

  /** The unit that decided: the branch, or the committee above for pre-review and approval. */
  @Column({ name: 'deciding_unit_id', type: 'int' })
  decidingUnitId: number;

  @Field(() => [AttachmentRef], { description: '依据材料 — the evidence, by reference' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  evidence: Attachment[];

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field({ description: '逾期 — taken after its time limit (a talk after a month, an approval after three months)' })
  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Field(() => DateScalar, { nullable: true, description: '公示开始 — the notice’s first day' })
  @Column({ name: 'notice_from', type: 'date', nullable: true })
  noticeFrom: LocalDate | null;

  @Field(() => Int, { nullable: true, description: '公示工作日 — working days the notice ran' })
  @Column({ name: 'notice_working_days', type: 'int', nullable: true })
  noticeWorkingDays: number | null;

  @Field(() => Int, { nullable: true, description: '培训天数 — days of concentrated training' })
  @Column({ name: 'training_days', type: 'int', nullable: true })
  trainingDays: number | null;

  @Field(() => Int, { nullable: true, description: '培训学时 — class hours of concentrated training' })
  @Column({ name: 'training_hours', type: 'int', nullable: true })
  trainingHours: number | null;

  @Field(() => Int, { nullable: true, description: '有表决权党员 — full members entitled to vote on the day' })
  @Column({ type: 'int', nullable: true })
  entitled: number | null;

  @Field(() => Int, { nullable: true, description: '到会 — entitled members present' })
  @Column({ type: 'int', nullable: true })
  present: number | null;

  @Field(() => Int, { nullable: true, description: '赞成 — votes for' })
  @Column({ name: 'votes_for', type: 'int', nullable: true })
  votesFor: number | null;

  @Field(() => Int, { nullable: true, description: '反对 — votes against' })
  @Column({ name: 'votes_against', type: 'int', nullable: true })
  votesAgainst: number | null;

  @Field(() => Int, { nullable: true, description: '弃权 — abstentions' })
  @Column({ name: 'votes_abstain', type: 'int', nullable: true })
  votesAbstain: number | null;

  @Field(() => WithdrawalKind, { nullable: true, description: '退出方式 — withdrawal only: withdrew or dropped' })
  @Column({ type: 'text', nullable: true })
  withdrawal: WithdrawalKind | null;

  @Field(() => String, { nullable: true, description: '理由 — withdrawal only: why the person left' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => Date, { description: '登记时间 — when it was entered' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}
