import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { FeedbackChannel } from '../enums';

@Entity('va_feedback')
@ObjectType('VillageFeedback', {
  implements: Node,
  description:
    "意见登记 — a villager's feedback or opinion, registered by the village or collected by a work station (on a disclosure, a matter, or general), and its reply (事事有交待，件件有回音)",
})
export class VillageFeedback extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'matter_id', type: 'int', nullable: true })
  matterId: number | null;

  @Column({ name: 'disclosure_id', type: 'int', nullable: true })
  disclosureId: number | null;

  @Field(() => String, { nullable: true, description: "反映人 — the villager's name (optional)" })
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Field(() => DateScalar, { description: '收到日期 — received on' })
  @Column({ name: 'received_on', type: 'date' })
  receivedOn: LocalDate;

  @Field(() => FeedbackChannel, { description: '渠道 — how it came' })
  @Column({ type: 'text' })
  channel: FeedbackChannel;

  @Field({ description: '内容 — what was said' })
  @Column({ type: 'text' })
  content: string;

  @Field(() => String, { nullable: true, description: '答复 — the reply' })
  @Column({ type: 'text', nullable: true })
  reply: string | null;

  @Field(() => DateScalar, { nullable: true, description: '答复日期 — replied on, as declared' })
  @Column({ name: 'replied_on', type: 'date', nullable: true })
  repliedOn: LocalDate | null;

  @Field(() => String, { nullable: true, description: '答复人 — who answered (name and post, e.g. 村委会主任 王某)' })
  @Column({ type: 'text', nullable: true })
  replier: string | null;

  @Column({ name: 'replied_by', type: 'int', nullable: true })
  repliedBy: number | null;

  @Column({ name: 'issue_ref', type: 'text', nullable: true })
  issueRef: string | null;

  /** The day it was raised on the issue list (null: raised before this was kept, counted as on receipt). */
  @Column({ name: 'issue_raised_on', type: 'date', nullable: true })
  issueRaisedOn: LocalDate | null;

  @Field(() => Date, {
    nullable: true,
    description: '登记时间 — when it was entered (the clock’s instant); null if entered before this was kept',
  })
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      '答复录入时间 — when the reply was entered (the clock’s instant); null if unanswered or entered before this was kept',
  })
  @Column({ name: 'reply_recorded_at', type: 'timestamptz', nullable: true })
  replyRecordedAt: Date | null;

  /** The business day of `replyRecordedAt`. */
  @Column({ name: 'reply_recorded_on', type: 'date', nullable: true })
  replyRecordedOn: LocalDate | null;

  /** The unit whose people answered: the collector, or the committee it was passed up to. */
  @Column({ name: 'answered_by_unit_id', type: 'int', nullable: true })
  answeredByUnitId: number | null;

  /** A work station's feedback passed up to the committee above it (the township). */
  @Column({ name: 'passed_to_unit_id', type: 'int', nullable: true })
  passedToUnitId: number | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '上报日期 — the day the station passed it up; null if not passed up',
  })
  @Column({ name: 'passed_on', type: 'date', nullable: true })
  passedOn: LocalDate | null;

  @Column({ name: 'passed_at', type: 'timestamptz', nullable: true })
  passedAt: Date | null;

  @Column({ name: 'passed_by', type: 'int', nullable: true })
  passedBy: number | null;

  @Field(() => String, { nullable: true, description: '上报说明 — what the station wrote when passing it up' })
  @Column({ name: 'pass_note', type: 'text', nullable: true })
  passNote: string | null;

  /** Readers of the committee it was passed up to see it too (they lie above the station anyway). */
  get alsoScopedTo(): number[] {
    return this.passedToUnitId ? [this.passedToUnitId] : [];
  }
}
