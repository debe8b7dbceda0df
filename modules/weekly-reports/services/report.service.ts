import type { EntityManager } from 'typeorm';
import { ErrorCode, type LocalDate, OrgUnit, OrgUnitKind, refuse, coreMessages, type Message } from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { ReportAnswer } from '../entities/report-answer.entity';
import { ReportEntry } from '../entities/report-entry.entity';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ItemCategory, Outcome, ReportStatus } from '../enums';
import type { Deadlines } from './calendar';
import type { WeekFigures } from './week-figures';
import { isMonday, mondayOf } from './weeks';
import { WEEKLY_LABELS as WL, WEEKLY_MESSAGES as W } from '../messages';

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
    if (!isMonday(week)) refuse(ErrorCode.BAD_USER_INPUT, W.notAMonday(), ['input', 'week']);
    if (week > mondayOf(today)) refuse(ErrorCode.INVALID_STATE, W.weekNotBegun({ week }), ['input', 'week']);
    await this.figures.assertOpen(tx, unit.id, week, today, ['input', 'week']);
    const parent = await this.parentDuring(tx, unit.id, week);
    const parentKind = parent === null ? null : (await tx.findOne(OrgUnit, { where: { id: parent } }))?.kind;
    const reporter =
      unit.kind === OrgUnitKind.WORK_STATION ||
      (unit.kind === OrgUnitKind.BRANCH &&
        ['RURAL', 'COMMUNITY'].includes(unit.sector ?? '') &&
        parentKind === OrgUnitKind.WORK_STATION);
    if (!reporter) refuse(ErrorCode.BAD_USER_INPUT, W.notAReporter({ unit: unit.name }), ['input', 'unitId']);
    if (await tx.exists(WeeklyReport, { where: { unitId: unit.id, week } }))
      refuse(ErrorCode.CONFLICT, W.reportExists({ unit: unit.name, week }), ['input', 'week']);
    const result = await tx.insert(WeeklyReport, { unitId: unit.id, week, status: ReportStatus.DRAFT });
    await this.figures.recount(tx, unit.id, week);
    return tx.findOneOrFail(WeeklyReport, { where: { id: result.identifiers[0].id } });
  }

  /** Replaces the content of a draft. */
  async save(tx: EntityManager, report: WeeklyReport, content: ReportContent, today: LocalDate): Promise<WeeklyReport> {
    this.assertStatus(report, ReportStatus.DRAFT, W.onlyDraftChanged());
    await this.open(tx, report, today);
    const items = new Set((await this.itemsFor(tx, report.unitId, report.week)).map((i) => i.id));
    const seen = new Set<number>();
    content.answers.forEach((a, i) => {
      if (!items.has(a.itemId))
        refuse(ErrorCode.BAD_USER_INPUT, W.itemNotInPlan(), ['input', 'answers', String(i), 'itemId']);
      if (seen.has(a.itemId))
        refuse(ErrorCode.BAD_USER_INPUT, W.answeredOnce(), ['input', 'answers', String(i), 'itemId']);
      seen.add(a.itemId);
    });
    content.problems.forEach((p, i) => {
      if (!p.text.trim()) refuse(ErrorCode.BAD_USER_INPUT, W.problemText(), ['input', 'problems', String(i), 'text']);
    });
    const otherWork = content.otherWork.filter((t) => t.trim());
    const noWorkReason = content.noWorkReason == null ? null : content.noWorkReason.trim();
    if (noWorkReason === '') refuse(ErrorCode.BAD_USER_INPUT, W.noWorkReason(), ['input', 'noWorkReason']);
    if (noWorkReason !== null && statesWork(content.answers, otherWork.length))
      refuse(ErrorCode.BAD_USER_INPUT, W.contradictory(), ['input', 'noWorkReason']);
    // An item a meeting marked done (services/plan-item-port.ts) keeps naming it, and the meetings keep
    // their claims on it, while answered DONE (the unit's note, if it gives one, shows until a claim is withdrawn).
    const sources = new Map(
      (await tx.find(ReportAnswer, { where: { reportId: report.id } })).map((a) => [a.itemId, a.sourceRef]),
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
          sourceRef: a.outcome === Outcome.DONE ? (sources.get(a.itemId) ?? null) : null,
        })),
      );
    }
    // An answer the unit now gives in its own words (another outcome, or none) is no longer a record's:
    // the records' claims on it go with it, so none of them can bring it back when a meeting is cancelled.
    await tx.query(
      `DELETE FROM wr_report_claim c WHERE c.report_id = $1 AND NOT EXISTS (
         SELECT 1 FROM wr_report_answer a WHERE a.report_id = c.report_id AND a.item_id = c.item_id AND a.source_ref IS NOT NULL)`,
      [report.id],
    );
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
      W.alreadySubmitted({ status: report.status === ReportStatus.ACCEPTED ? WL.accepted : WL.submitted }),
    );
    await this.open(tx, report, today);
    const items = await this.itemsFor(tx, report.unitId, report.week);
    const answers = await tx.find(ReportAnswer, { where: { reportId: report.id } });
    const answered = new Set(answers.map((a) => a.itemId));
    const open = items.filter((i) => !answered.has(i.id));
    if (open.length)
      refuse(ErrorCode.BAD_USER_INPUT, W.unanswered({ items: open.map((i) => `${i.position}. ${i.title}`) }), [
        'input',
        'reportId',
      ]);
    const otherWork = await tx.count(ReportEntry, { where: { reportId: report.id, kind: 'OTHER_WORK' } });
    if (report.noWorkReason === null && !statesWork(answers, otherWork))
      refuse(ErrorCode.BAD_USER_INPUT, W.reportEmpty(), ['input', 'reportId']);
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
    this.assertStatus(report, ReportStatus.SUBMITTED, W.onlySubmittedReturned());
    await this.open(tx, report, today);
    if (!reason.trim()) refuse(ErrorCode.BAD_USER_INPUT, W.returnReason(), ['input', 'reason']);
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
    this.assertStatus(report, ReportStatus.SUBMITTED, W.onlySubmittedAccepted());
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
    if (!report) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: WL.report }), ['input', 'reportId']);
    if (version !== undefined && version !== report.version)
      refuse(ErrorCode.CONFLICT, W.reportChanged({ version: report.version }), ['input', 'version']);
    return report;
  }

  /** A report of a closed week is not changed, submitted or reviewed (PERIOD_CLOSED), unless reopened. */
  private open(tx: EntityManager, report: WeeklyReport, today: LocalDate): Promise<void> {
    return this.figures.assertOpen(tx, report.unitId, report.week, today, ['input', 'reportId']);
  }

  private assertStatus(report: WeeklyReport, status: ReportStatus, message: Message) {
    if (report.status !== status) refuse(ErrorCode.INVALID_STATE, message, ['input', 'reportId']);
  }
}
