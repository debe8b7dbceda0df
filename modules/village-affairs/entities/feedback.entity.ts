import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { FeedbackChannel } from '../enums';

@Entity('va_feedback')
@ObjectType('VillageFeedback', {
  implements: Node,
  description: "意见登记 — a villager's feedback on a disclosure or a matter, and its reply (事事有交待，件件有回音)",
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

  @Field(() => DateScalar, { nullable: true, description: '答复日期 — replied on' })
  @Column({ name: 'replied_on', type: 'date', nullable: true })
  repliedOn: LocalDate | null;

  @Field(() => String, { nullable: true, description: '答复人 — who answered (name and post, e.g. 村委会主任 王某)' })
  @Column({ type: 'text', nullable: true })
  replier: string | null;

  @Column({ name: 'replied_by', type: 'int', nullable: true })
  repliedBy: number | null;

  @Column({ name: 'issue_ref', type: 'text', nullable: true })
  issueRef: string | null;
}
