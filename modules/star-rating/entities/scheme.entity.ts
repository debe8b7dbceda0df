import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node, PartOf, ScopedNode, toGlobalId } from '#module-kit';
import { CriterionKind, CriterionSource, SubjectType } from '../enums';

@Entity('sr_scheme')
@ObjectType('StarScheme', {
  implements: Node,
  description:
    "创星方案 — a locality's criteria and thresholds for one year and one kind of subject, adopted by a unit for its subtree; read by everyone it grades",
})
export class StarScheme extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /**
   * Access: everyone it grades reads it (issue 15, item 12): readers of the adopting unit and of any
   * unit under it, and the members of the branches under it (it is published to them).
   */
  get scopeUnitId(): number {
    return this.unitId;
  }

  get visibleToMembers(): boolean {
    return true;
  }

  get readableBelow(): boolean {
    return true;
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => Int, { description: '年度 — the year' })
  @Column({ type: 'int' })
  year: number;

  @Field(() => SubjectType, { description: '创星对象 — members, branches or committees' })
  @Column({ name: 'subject_type', type: 'text' })
  subjectType: SubjectType;

  @Field({ description: '名称 — name' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => [Int], { description: '星级分数线 — points needed for one to five stars' })
  @Column({ type: 'int', array: true })
  thresholds: number[];

  @Column({ name: 'copied_from_id', type: 'int', nullable: true })
  copiedFromId: number | null;
}

@Entity('sr_criterion')
@PartOf(() => StarScheme, (c: StarCriterion) => c.schemeId) // an id of a criterion is checked against its scheme
@ObjectType('StarCriterion', { description: '评星项 — one criterion of a scheme' })
export class StarCriterion {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Field({ name: 'id', description: '全局标识 — opaque id (score entries name it)' })
  get criterionId(): string {
    return toGlobalId('StarCriterion', this.id);
  }

  @Column({ name: 'scheme_id', type: 'int' })
  schemeId: number;

  @Field({ description: '编号 — code, unique in the scheme' })
  @Column({ type: 'text' })
  code: string;

  @Field({ description: '内容 — what earns or costs points' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => CriterionKind, { description: '类型 — regular, deduction or veto' })
  @Column({ type: 'text' })
  kind: CriterionKind;

  @Field(() => Int, { description: '分值 — points (per unit when perQuantity; negative for deductions in points)' })
  @Column({ type: 'int', default: 0 })
  points: number;

  @Field({ description: '按数量计分 — points per unit of quantity' })
  @Column({ name: 'per_quantity', type: 'boolean', default: false })
  perQuantity: boolean;

  @Field(() => Int, {
    nullable: true,
    description: '年度上限 — at most this many points from this criterion in a year',
  })
  @Column({ type: 'int', nullable: true })
  cap: number | null;

  @Field(() => Int, { description: '减星 — stars taken off (deductions by star)' })
  @Column({ name: 'stars_off', type: 'int', default: 0 })
  starsOff: number;

  @Field(() => String, { nullable: true, description: '适用类别 — member category it applies to; null: all' })
  @Column({ name: 'member_category', type: 'text', nullable: true })
  memberCategory: string | null;

  @Field(() => CriterionSource, {
    nullable: true,
    description:
      '记分来源 — records that become entries of this criterion (e.g. meeting attendance); null: recorded by hand only',
  })
  @Column({ type: 'text', nullable: true })
  source: CriterionSource | null;
}
