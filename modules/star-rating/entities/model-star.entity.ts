import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { SubjectType } from '../enums';

@Entity('sr_model_star')
@ObjectType('ModelStar', {
  implements: Node,
  description:
    '示范星 — the model star (seed 001: 综合评定党建"示范星"): a year-end designation of a branch or a committee, proposed by the policy rule over its own grade and its members\' grades, confirmed by the county with its reasons',
})
export class ModelStar extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Access: readers of the designated unit, and of the county that confirmed it; published to its members. */
  get scopeUnitId(): number {
    return this.subjectId;
  }

  get alsoScopedTo(): number[] {
    return [this.countyId];
  }

  get visibleToMembers(): boolean {
    return true;
  }

  @Field(() => SubjectType, { description: '对象类别 — a branch (fortress star) or a committee (service star)' })
  @Column({ name: 'subject_type', type: 'text' })
  subjectType: SubjectType;

  @Column({ name: 'subject_id', type: 'int' })
  subjectId: number;

  @Field(() => Int, { description: '年度 — the year it is for' })
  @Column({ type: 'int' })
  year: number;

  @Column({ name: 'county_id', type: 'int' })
  countyId: number;

  @Field(() => Int, { description: '本级星级 — its own year-end grade when confirmed' })
  @Column({ type: 'int' })
  grade: number;

  @Field(() => Int, { description: '得分 — its own year-end score when confirmed' })
  @Column({ type: 'int' })
  score: number;

  @Field(() => Int, { description: '党员数 — its members (a committee: the members under it), rated or not' })
  @Column({ type: 'int' })
  members: number;

  @Field(() => Int, { description: '达标党员 — of which at the policy grade or above at year end' })
  @Column({ name: 'members_at_or_above', type: 'int' })
  membersAtOrAbove: number;

  @Field(() => Int, { description: '否决党员 — of which vetoed this year' })
  @Column({ name: 'vetoed_members', type: 'int' })
  vetoedMembers: number;

  @Field(() => Int, { description: '不合格党员 — of which at or below the unqualified line' })
  @Column({ name: 'unqualified_members', type: 'int' })
  unqualifiedMembers: number;

  @Field(() => Float, { nullable: true, description: '达标比例 — membersAtOrAbove ÷ members; null without members' })
  get memberShare(): number | null {
    return this.members === 0 ? null : Math.round((this.membersAtOrAbove / this.members) * 10000) / 10000;
  }

  @Field(() => [String], { description: '评定依据 — why the rule proposed it: each condition and its figures' })
  @Column({ type: 'text', array: true })
  reasons: string[];

  @Field({ description: '县委意见 — the county’s reasons for confirming it' })
  @Column({ type: 'text' })
  note: string;

  @Field(() => DateScalar, { description: '确认日期 — the business day the county confirmed it' })
  @Column({ name: 'confirmed_on', type: 'date' })
  confirmedOn: LocalDate;

  @Field({ description: '确认时间 — when the county confirmed it (the clock’s instant)' })
  @Column({ name: 'confirmed_at', type: 'timestamptz' })
  confirmedAt: Date;

  @Column({ name: 'confirmed_by', type: 'int', nullable: true })
  confirmedBy: number | null;
}
