import type { EntityManager } from 'typeorm';
import { ErrorCode, type LocalDate, OrgUnit, OrgUnitKind, refuse } from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { ReportAnswer } from '../entities/report-answer.entity';
import { ReportEntry } from '../entities/report-entry.entity';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ItemCategory, Outcome, ReportStatus } from '../enums';
import type { Deadlines } from './calendar';
import type { WeekFigures } from './week-figures';
import { isMonday, mondayOf } from './weeks';

export interface ReportContent {
  answers: { itemId: number; outcome: Outcome; note?: string | null }[];
  otherWork: string[];
  problems: { text: string; category?: ItemCategory | null }[];
  /** "Nothing this week" (本周无工作), with its reason; null when the report states work done. */
  noWorkReason?: string | null;
}

/** Work done, as a report states it: an item answered done or partly done, or other work. */
const statesWork = (answers: { outcome: Outcome }[], otherWork: number) =>
  otherWork > 0 || answers.some((a) => a.outcome !== Outcome.NOT_DONE);

/** Friday's reports (两上): village → station, station → township. */
export class ReportService {
  constructor(
    private readonly deadlines: Deadlines,
    private readonly figures: WeekFigures,
  ) {}

  /** The unit a report goes to: its parent on the week's due day (after the calendar; the tree as it was). */
  async parentDuring(db: EntityManager, unitId: number, week: LocalDate): Promise<number | null> {
    const [row] = await db.query(
      `SELECT parent_id FROM org_unit_placement WHERE unit_id = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
      [unitId, this.deadlines.report(week).day],
    );
    return row?.parent_id ?? null;
  }

  /** Plan items a unit's report must answer: its parent's issued plan for the week, items for it or for all. */
  async itemsFor(db: EntityManager, unitId: number, week: LocalDate): Promise<PlanItem[]> {
    const parent = await this.parentDuring(db, unitId, week);
    if (parent === null) return [];
    return db
      .getRepository(PlanItem)
      .createQueryBuilder('i')
      .innerJoin(WorkPlan, 'p', 'p.id = i.plan_id')
      .where(
        `p.unit_id = :parent AND p.week = :week AND p.status = 'ISSUED' AND (i.target_unit_ids IS NULL OR :unit = ANY(i.target_unit_ids))`,
        { parent, week, unit: unitId },
      )
      .orderBy('i.position')
      .getMany();
  }

  async create(tx: EntityManager, unit: OrgUnit, week: LocalDate, today: LocalDate): Promise<WeeklyReport> {
    if (!isMonday(week))
      refuse(ErrorCode.BAD_USER_INPUT, 'week must be a Monday (weeks are named by their Monday)', ['input', 'week']);
    if (week > mondayOf(today))
      refuse(
        ErrorCode.INVALID_STATE,
        `the week of ${week} has not begun; a report is written during or after its week`,
        ['input', 'week'],
      );
    await this.figures.assertOpen(tx, unit.id, week, today, ['input', 'week']);
    const parent = await this.parentDuring(tx, unit.id, week);
    const parentKind = parent === null ? null : (await tx.findOne(OrgUnit, { where: { id: parent } }))?.kind;
    const reporter =
      unit.kind === OrgUnitKind.WORK_STATION ||
      (unit.kind === OrgUnitKind.BRANCH &&
        ['RURAL', 'COMMUNITY'].includes(unit.sector ?? '') &&
        parentKind === OrgUnitKind.WORK_STATION);
    if (!reporter)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `${unit.name} does not report weekly: reports come from work stations and the village and community branches under them`,
        ['input', 'unitId'],
      );
    if (await tx.exists(WeeklyReport, { where: { unitId: unit.id, week } }))
      refuse(ErrorCode.CONFLICT, `${unit.name} already has a report for the week of ${week}`, ['input', 'week']);
    const result = await tx.insert(WeeklyReport, { unitId: unit.id, week, status: ReportStatus.DRAFT });
    await this.figures.recount(tx, unit.id, week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: result.identifiers[0].id } });
  }

  /** Replaces the content of a draft. */
  async save(tx: EntityManager, report: WeeklyReport, content: ReportContent, today: LocalDate): Promise<WeeklyReport> {
    this.assertStatus(report, ReportStatus.DRAFT, 'only a draft (or a returned report) can be changed');
    await this.open(tx, report, today);
    const items = new Set((await this.itemsFor(tx, report.unitId, report.week)).map((i) => i.id));
    const seen = new Set<number>();
    content.answers.forEach((a, i) => {
      if (!items.has(a.itemId))
        refuse(ErrorCode.BAD_USER_INPUT, 'this item is not in the plan this report answers', [
          'input',
          'answers',
          String(i),
          'itemId',
        ]);
      if (seen.has(a.itemId))
        refuse(ErrorCode.BAD_USER_INPUT, 'each item is answered once', ['input', 'answers', String(i), 'itemId']);
      seen.add(a.itemId);
    });
    content.problems.forEach((p, i) => {
      if (!p.text.trim())
        refuse(ErrorCode.BAD_USER_INPUT, 'a problem needs a description', ['input', 'problems', String(i), 'text']);
    });
    const otherWork = content.otherWork.filter((t) => t.trim());
    const noWorkReason = content.noWorkReason == null ? null : content.noWorkReason.trim();
    if (noWorkReason === '')
      refuse(ErrorCode.BAD_USER_INPUT, 'say why nothing was done this week, or leave noWorkReason out', [
        'input',
        'noWorkReason',
      ]);
    if (noWorkReason !== null && statesWork(content.answers, otherWork.length))
      refuse(
        ErrorCode.BAD_USER_INPUT,
        '"nothing this week" contradicts the work this report states (other work, or an item done or partly done): remove one or the other',
        ['input', 'noWorkReason'],
      );
    await tx.delete(ReportAnswer, { reportId: report.id });
    await tx.delete(ReportEntry, { reportId: report.id });
    if (content.answers.length) {
      await tx.insert(
        ReportAnswer,
        content.answers.map((a) => ({
          reportId: report.id,
          itemId: a.itemId,
          outcome: a.outcome,
          note: a.note?.trim() || null,
        })),
      );
    }
    const entries = [
      ...otherWork.map((text, i) => ({
        reportId: report.id,
        kind: 'OTHER_WORK' as const,
        position: i + 1,
        text: text.trim(),
        category: null,
        issueRef: null,
      })),
      ...content.problems.map((p, i) => ({
        reportId: report.id,
        kind: 'PROBLEM' as const,
        position: i + 1,
        text: p.text.trim(),
        category: p.category ?? null,
        issueRef: null,
      })),
    ];
    if (entries.length) await tx.insert(ReportEntry, entries);
    await tx.query(`UPDATE wr_weekly_report SET no_work_reason = $2, version = version + 1 WHERE id = $1`, [
      report.id,
      noWorkReason,
    ]);
    await this.figures.recount(tx, report.unitId, report.week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: report.id } });
  }

  /**
   * A report must say something: every item of the plan answered, and work done (an item done or
   * partly done, or other work) or "nothing this week" with a reason. Each submission is recorded;
   * which one timeliness is judged on is policy (services/timeliness.ts).
   */
  async submit(tx: EntityManager, report: WeeklyReport, now: Date, today: LocalDate): Promise<WeeklyReport> {
    this.assertStatus(
      report,
      ReportStatus.DRAFT,
      `the report is already ${report.status === ReportStatus.ACCEPTED ? 'accepted' : 'submitted'}`,
    );
    await this.open(tx, report, today);
    const items = await this.itemsFor(tx, report.unitId, report.week);
    const answers = await tx.find(ReportAnswer, { where: { reportId: report.id } });
    const answered = new Set(answers.map((a) => a.itemId));
    const open = items.filter((i) => !answered.has(i.id));
    if (open.length)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `answer every plan item first; unanswered: ${open.map((i) => `${i.position}. ${i.title}`).join('; ')}`,
        ['input', 'reportId'],
      );
    const otherWork = await tx.count(ReportEntry, { where: { reportId: report.id, kind: 'OTHER_WORK' } });
    if (report.noWorkReason === null && !statesWork(answers, otherWork))
      refuse(
        ErrorCode.BAD_USER_INPUT,
        'the report says nothing: state the work done this week (an item done or partly done, or other work), or "nothing this week" with a reason (noWorkReason)',
        ['input', 'reportId'],
      );
    await tx.query(
      `UPDATE wr_weekly_report SET status = 'SUBMITTED', submitted_at = $2, first_submitted_at = coalesce(first_submitted_at, $2), version = version + 1 WHERE id = $1`,
      [report.id, now],
    );
    await this.figures.recount(tx, report.unitId, report.week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: report.id } });
  }

  async returnForChanges(
    tx: EntityManager,
    report: WeeklyReport,
    reason: string,
    accountId: number | null,
    now: Date,
    today: LocalDate,
  ): Promise<WeeklyReport> {
    this.assertStatus(report, ReportStatus.SUBMITTED, 'only a submitted report can be returned');
    await this.open(tx, report, today);
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'say why the report is returned', ['input', 'reason']);
    await tx.query(
      `UPDATE wr_weekly_report SET status = 'DRAFT', returned_at = $4, return_reason = $2, decided_by = $3, version = version + 1 WHERE id = $1`,
      [report.id, reason.trim(), accountId, now],
    );
    await this.figures.recount(tx, report.unitId, report.week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: report.id } });
  }

  async accept(
    tx: EntityManager,
    report: WeeklyReport,
    accountId: number | null,
    now: Date,
    today: LocalDate,
  ): Promise<WeeklyReport> {
    this.assertStatus(report, ReportStatus.SUBMITTED, 'only a submitted report can be accepted');
    await this.open(tx, report, today);
    await tx.query(
      `UPDATE wr_weekly_report SET status = 'ACCEPTED', accepted_at = $3, decided_by = $2, version = version + 1 WHERE id = $1`,
      [report.id, accountId, now],
    );
    await this.figures.recount(tx, report.unitId, report.week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: report.id } });
  }

  async lock(tx: EntityManager, id: number, version?: number): Promise<WeeklyReport> {
    const report = await tx.findOne(WeeklyReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!report) refuse(ErrorCode.NOT_FOUND, 'report not found', ['input', 'reportId']);
    if (version !== undefined && version !== report.version)
      refuse(ErrorCode.CONFLICT, `the report was changed meanwhile (version ${report.version}); reload it`, [
        'input',
        'version',
      ]);
    return report;
  }

  /** A report of a closed week is not changed, submitted or reviewed (PERIOD_CLOSED), unless reopened. */
  private open(tx: EntityManager, report: WeeklyReport, today: LocalDate): Promise<void> {
    return this.figures.assertOpen(tx, report.unitId, report.week, today, ['input', 'reportId']);
  }

  private assertStatus(report: WeeklyReport, status: ReportStatus, message: string) {
    if (report.status !== status) refuse(ErrorCode.INVALID_STATE, message, ['input', 'reportId']);
  }
}
