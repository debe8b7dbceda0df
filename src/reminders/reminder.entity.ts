import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ScopedNode } from '../auth/scope';
import { Node } from '../graphql/node';
import { DateScalar, type LocalDate } from '../graphql/scalars';
import type { Message } from '../messages/catalogue';
import { describeEnum } from '../graphql/enum';

/** Why a reminder closed. */
export enum ReminderClosure {
  DONE = 'DONE',
  DISMISSED = 'DISMISSED',
  LAPSED = 'LAPSED',
}

describeEnum(ReminderClosure, 'ReminderClosure', '关闭原因 — why a reminder closed', {
  DONE: '已办结 — the condition ended: the plan was issued, the report submitted, the opinion answered',
  DISMISSED: '已手动关闭 — the unit dismissed it (dismissReminder)',
  LAPSED:
    '不再提醒 — still unmet, but no longer reminded: a disclosure older than the periods reminded (it stays MISSING on dueDisclosures)',
});

/** A deadline the scheduler found open for a unit (src/reminders/scheduler.ts); seen by whoever reads the unit. */
@Entity('reminder')
@ObjectType('Reminder', {
  implements: Node,
  description:
    '提醒 — a deadline coming or passed that a unit must act on (a plan not issued, a report not submitted, a term ending)',
})
export class Reminder extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field({
    description:
      '提醒类型 — what the deadline is, e.g. WEEKLY_PLAN_NOT_ISSUED (the enum ReminderKind: the installed modules’ kinds)',
  })
  @Column({ type: 'text' })
  kind: string;

  /** The module whose source found it (null: the core's). */
  @Column({ type: 'text', nullable: true })
  module: string | null;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({
    description: '对象标识 — global id of what the deadline is about (a unit, report, disclosure, post or member)',
  })
  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  /** Tells apart two deadlines of one subject on one day (a disclosure category); '' for most. */
  @Column({ type: 'text', default: '' })
  topic: string;

  @Field(() => DateScalar, { description: '截止日期 — the day the deadline falls on (passed when before today)' })
  @Column({ name: 'due_on', type: 'date' })
  dueOn: LocalDate;

  /** The catalogue entry and its parameters, rendered per request. */
  @Column({ type: 'jsonb' })
  message: Message;

  @Field({ description: '提醒时间 — when the reminder was raised (the application clock)' })
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      '关闭时间 — when it closed: the condition ended (the plan was issued) or it was dismissed; null while open',
  })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => ReminderClosure, { nullable: true, description: '关闭原因 — why it closed; null while open' })
  @Column({ name: 'closed_because', type: 'text', nullable: true })
  closedBecause: ReminderClosure | null;

  @Column({ name: 'dismissed_by', type: 'int', nullable: true })
  dismissedBy: number | null;
}
