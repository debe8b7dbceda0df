import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';

/** A reduction or exemption of a member's dues for some months, approved by a committee above the branch. */
@Entity('pd_reduction')
@ObjectType('DuesReduction', {
  implements: Node,
  description:
    '党费减免 — a reduction or exemption of a member’s dues for some months, approved by a committee above the branch',
})
export class DuesReduction extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field(() => DateScalar, { description: '起始月份 — the first month reduced' })
  @Column({ name: 'from_month', type: 'date' })
  fromMonth: LocalDate;

  @Field(() => DateScalar, { description: '截止月份 — the last month reduced' })
  @Column({ name: 'to_month', type: 'date' })
  toMonth: LocalDate;

  @Field(() => Int, { description: '减免后月应交（分） — the monthly dues in those months, in fen; 0 when exempted' })
  @Column({ name: 'due_fen', type: 'int' })
  dueFen: number;

  @Field({ description: '理由 — why' })
  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'approved_by', type: 'int' })
  approvedBy: number;

  @Field(() => DateScalar, { description: '批准日期 — the day the committee approved it' })
  @Column({ name: 'approved_on', type: 'date' })
  approvedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '批准文号 — the committee’s decision, by reference' })
  @Column({ type: 'text', nullable: true })
  decision: string | null;

  @Field(() => Date, { description: '登记时间 — when it was recorded' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;
}
