import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { MatterCategory, MatterStatus, MatterStep } from '../enums';

@Entity('va_matter')
@ObjectType('VillageMatter', {
  implements: Node,
  description: '村级重大事项 — a major village matter decided by 四议两公开: "会议说了算", not a few people',
})
export class VillageMatter extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: the village's readers; its members see it too (the procedure is public). */
  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '事项 — title' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => MatterCategory, { description: '类别 — category' })
  @Column({ type: 'text' })
  category: MatterCategory;

  /** Money in integer fen (docs/RULES.md); a GraphQL Float only because Int stops at 2^31 fen (21 million yuan). */
  @Field(() => Float, {
    nullable: true,
    description: '金额（分） — the sum involved, in integer fen; null when no money is involved',
  })
  @Column({
    name: 'amount_fen',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) },
  })
  amountFen: number | null;

  @Field(() => String, { nullable: true, description: '说明 — description' })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => DateScalar, { description: '提议日期 — proposed on (the proposal step)' })
  @Column({ name: 'proposed_on', type: 'date' })
  proposedOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '办结日期 — the day the result was disclosed, or the matter rejected',
  })
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: LocalDate | null;

  @Field(() => MatterStatus, { description: '状态 — in progress, rejected or completed' })
  @Column({ type: 'text' })
  status: MatterStatus;

  @Field(() => MatterStep, {
    nullable: true,
    description: '下一步 — the step that must come next; null when the matter has ended',
  })
  @Column({ name: 'next_step', type: 'text', nullable: true })
  nextStep: MatterStep | null;

  @Field(() => MatterStep, { nullable: true, description: '否决于 — the step at which it was rejected' })
  @Column({ name: 'rejected_at_step', type: 'text', nullable: true })
  rejectedAtStep: MatterStep | null;

  @Column({ name: 'reproposal_of_id', type: 'int', nullable: true })
  reproposalOfId: number | null;

  @Field(() => Int, { description: '版本 — increases with every change' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
