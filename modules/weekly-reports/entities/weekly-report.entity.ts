import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';
import { DateScalar, type LocalDate, Node, ScopedNode } from '#module-kit';
import { ReportStatus } from '../enums';

@Entity('wr_weekly_report')
@ObjectType('WeeklyReport', {
  implements: Node,
  description: "周工作完成情况报表 — a village's or work station's report of the week, due Friday (两上)",
})
export class WeeklyReport extends ScopedNode {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get scopeUnitId(): number {
    return this.unitId;
  }

  /**
   * The units the reporter sat under during the report's week (from Monday to Sunday), as the tree
   * was: the station a report went to reads it (and returns or accepts it) after the village has
   * moved on to another station (逐级上报, the tree as it was).
   */
  @VirtualColumn({
    type: 'text',
    query: (alias) =>
      `SELECT coalesce(string_agg(DISTINCT p.parent_id::text, ','), '')
       FROM org_unit_placement p
       WHERE p.unit_id = ${alias}.unit_id AND p.valid_from <= ${alias}.week + 6 AND (p.valid_to IS NULL OR p.valid_to > ${alias}.week)`,
    transformer: {
      from: (v: string | null) => (v ? v.split(',').map(Number) : []),
      to: (v: unknown) => v,
    },
  })
  weekParentIds?: number[];

  get alsoScopedTo(): readonly number[] {
    return this.weekParentIds ?? [];
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => DateScalar, { description: '周 — the week, named by its Monday' })
  @Column({ type: 'date' })
  week: LocalDate;

  @Field(() => ReportStatus, { description: '状态 — draft, submitted or accepted' })
  @Column({ type: 'text' })
  status: ReportStatus;

  @Field(() => Date, {
    nullable: true,
    description: '首次上报时间 — the first submission (timeliness is judged on it only where policy says so)',
  })
  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      '上报时间 — the latest submission: the one the level above reviews and accepts, on which timeliness is judged by default',
  })
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true, description: '退回时间 — when it was last returned for changes' })
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Field(() => String, { nullable: true, description: '退回原因 — why it was last returned' })
  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;

  @Field(() => Date, { nullable: true, description: '审核时间 — when the level above accepted it' })
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      '本周无工作说明 — "nothing this week", with its reason (a holiday week, training away); null when the report states work done',
  })
  @Column({ name: 'no_work_reason', type: 'text', nullable: true })
  noWorkReason: string | null;

  @Column({ name: 'decided_by', type: 'int', nullable: true })
  decidedBy: number | null;

  @Field({ description: '创建时间 — when the draft was started' })
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Field(() => Int, { description: '版本 — increases with every change; send it back when saving' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
