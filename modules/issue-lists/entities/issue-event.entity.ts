import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IssueEventKind, IssueStatus } from '../enums';

@Entity('il_issue_event')
@ObjectType('IssueEvent', { description: "办理记录 — one step in an issue's timeline: who, when, from → to, note" })
export class IssueEvent {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'issue_id', type: 'int' })
  issueId: number;

  @Field({ description: '时间 — when' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId: number | null;

  @Field(() => IssueEventKind, { description: '类型 — what happened' })
  @Column({ type: 'text' })
  kind: IssueEventKind;

  @Field(() => IssueStatus, { nullable: true, description: '原状态 — status before' })
  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: IssueStatus | null;

  @Field(() => IssueStatus, { description: '新状态 — status after' })
  @Column({ name: 'to_status', type: 'text' })
  toStatus: IssueStatus;

  @Column({ name: 'from_unit_id', type: 'int', nullable: true })
  fromUnitId: number | null;

  @Column({ name: 'to_unit_id', type: 'int', nullable: true })
  toUnitId: number | null;

  @Field(() => String, { nullable: true, description: '说明 — note or reason' })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
