import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, MemberCategory, Node, ScopedNode } from '#module-kit';
import { DuesBasis } from '../enums';

/** A member's declared monthly income (or flat basis) from a month on, with the dues it assessed then. */
@Entity('pd_declaration')
@ObjectType('DuesDeclaration', {
  implements: Node,
  description:
    '党费核定 — a member’s declared monthly income (or flat basis) from a month on, and the monthly dues assessed by the bands in force when it was declared',
})
export class DuesDeclaration extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'member_id', type: 'int' })
  memberId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  @Field(() => DateScalar, { description: '起始月份 — the first month it is in force (first day)' })
  @Column({ name: 'effective_month', type: 'date' })
  effectiveMonth: LocalDate;

  @Field(() => DuesBasis, { description: '计算依据 — pay, pension, or a flat amount' })
  @Column({ type: 'text' })
  basis: DuesBasis;

  @Field(() => MemberCategory, { description: '党员类别 — the member’s category when declared' })
  @Column({ type: 'text' })
  category: MemberCategory;

  // Personal data: read through DuesDeclarationResolver.incomeFen, which hides it from masked viewers.
  @Column({ name: 'income_fen', type: 'bigint', nullable: true })
  incomeFen: string | null;

  @Field(() => Int, {
    nullable: true,
    description: '比例（万分之） — the band’s rate in basis points; null for a flat amount',
  })
  @Column({ name: 'basis_points', type: 'int', nullable: true })
  basisPoints: number | null;

  @Field(() => Int, { description: '月应交（分） — the monthly dues assessed, in fen' })
  @Column({ name: 'due_fen', type: 'int' })
  dueFen: number;

  @Field(() => Date, { description: '登记时间 — when it was recorded' })
  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;

  @Column({ name: 'declared_by', type: 'int', nullable: true })
  declaredBy: number | null;
}
