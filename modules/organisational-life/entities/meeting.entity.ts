import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type Attachment, AttachmentRef, DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { MeetingKind, MeetingStatus } from '../enums';

/** One meeting of a branch or party group (三会一课, theme party day, …), with its attendance. */
@Entity('ol_meeting')
@ObjectType('OrgLifeMeeting', {
  implements: Node,
  description: '组织生活记录 — one meeting of a branch or party group, with who attended',
})
export class OrgLifeMeeting extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  /** Access: readers of the branch or group that held it (and the committees above). */
  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field(() => MeetingKind, { description: '类别 — the kind of meeting' })
  @Column({ type: 'text' })
  kind: MeetingKind;

  @Field(() => DateScalar, { description: '召开日期 — the day it was held' })
  @Column({ name: 'held_on', type: 'date' })
  heldOn: LocalDate;

  @Field(() => DateScalar, {
    description:
      '计入期间 — a day of the scheduled period it counts for: the day held, or an earlier one for a make-up meeting',
  })
  @Column({ name: 'counts_for', type: 'date' })
  countsFor: LocalDate;

  @Field({ description: '地点 — where it was held' })
  @Column({ type: 'text' })
  place: string;

  @Field({ description: '主题 — the topic' })
  @Column({ type: 'text' })
  topic: string;

  @Field(() => String, { nullable: true, description: '讲课人 — the lecturer of a party lecture' })
  @Column({ type: 'text', nullable: true })
  lecturer: string | null;

  @Column({ name: 'chaired_by', type: 'int', nullable: true })
  chairedBy: number | null;

  @Column({ name: 'minutes_by', type: 'int', nullable: true })
  minutesBy: number | null;

  @Field(() => [AttachmentRef], { description: '会议记录 — the minutes and other files, by reference' })
  @Column({ type: 'jsonb', default: () => `'[]'` })
  attachments: Attachment[];

  @Field({ description: '网上召开 — held online (网络党支部, for members away)' })
  @Column({ type: 'boolean', default: false })
  online: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description: '作废日期 — the day the record was cancelled; null while it stands',
  })
  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: LocalDate | null;

  @Field(() => String, { nullable: true, description: '作废理由 — why the record was cancelled' })
  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Field(() => Int, { description: '版本 — raised by every correction; send it back to correct' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => Date, { description: '登记时间 — when the record was entered' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  @Field(() => MeetingStatus, { description: '状态 — held, or cancelled' })
  get status(): MeetingStatus {
    return this.cancelledOn ? MeetingStatus.CANCELLED : MeetingStatus.HELD;
  }
}
