import { Field, ObjectType } from 'type-graphql';
import { PartOf, toGlobalId } from '#module-kit';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ItemCategory } from '../enums';
import { WeeklyReport } from './weekly-report.entity';

/** Other work done, or a problem found, in a report. Problems may become issues (问题清单). */
@Entity('wr_report_entry')
@PartOf(() => WeeklyReport, (entry: ReportEntry) => entry.reportId) // checked against its report
@ObjectType('ReportProblem', { description: '发现的问题 — a problem found during the week; it feeds the issue list' })
export class ReportEntry {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Field({ name: 'id', description: '全局标识 — opaque id of the problem (to raise it as an issue)' })
  get problemId(): string {
    return toGlobalId('ReportProblem', this.id);
  }

  @Column({ name: 'report_id', type: 'int' })
  reportId: number;

  @Column({ type: 'text' })
  kind: 'OTHER_WORK' | 'PROBLEM';

  @Column({ type: 'int' })
  position: number;

  @Field({ description: '内容 — what was found' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => ItemCategory, { nullable: true, description: '类别 — category' })
  @Column({ type: 'text', nullable: true })
  category: ItemCategory | null;

  /** Global id of the issue it became (issue-lists), opaque to this module. */
  @Column({ name: 'issue_ref', type: 'text', nullable: true })
  issueRef: string | null;
}
