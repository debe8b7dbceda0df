import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';

@Entity('il_inspection')
@ObjectType('Inspection', {
  implements: Node,
  description: '随机督导 — an inspection of a unit (often unannounced, 不打招呼、直接到村) and its findings',
})
export class Inspection extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  get alsoScopedTo(): number[] {
    return [this.byUnitId];
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'by_unit_id', type: 'int' })
  byUnitId: number;

  @Field(() => DateScalar, { description: '督导日期 — when' })
  @Column({ name: 'inspected_on', type: 'date' })
  inspectedOn: LocalDate;

  @Field(() => [String], { description: '督导人员 — the inspectors' })
  @Column({ type: 'text', array: true })
  inspectors: string[];

  @Field({ description: '不打招呼 — unannounced' })
  @Column({ type: 'boolean' })
  unannounced: boolean;

  @Field(() => String, { nullable: true, description: '概况 — summary' })
  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true, description: '反馈 — feedback given to the unit (督查有反馈)' })
  @Column({ type: 'text', nullable: true })
  feedback: string | null;

  @Field(() => DateScalar, { nullable: true, description: '反馈日期 — when the feedback was given' })
  @Column({ name: 'feedback_on', type: 'date', nullable: true })
  feedbackOn: LocalDate | null;

  @Field(() => String, { nullable: true, description: '通报 — the notice of results (整改有通报)' })
  @Column({ type: 'text', nullable: true })
  notice: string | null;

  @Field(() => DateScalar, { nullable: true, description: '通报日期 — when the notice was issued' })
  @Column({ name: 'notice_on', type: 'date', nullable: true })
  noticeOn: LocalDate | null;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy: number | null;

  @Field({ description: '创建时间 — when it was recorded' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
