import type { EntityManager } from 'typeorm';
import { coreMessages, ErrorCode, type LocalDate, OrgUnit, refuse } from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { ReportClaim } from '../entities/report-claim.entity';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ItemCategory, ReportStatus } from '../enums';
import { WEEKLY_LABELS as WL, WEEKLY_MESSAGES as W } from '../messages';
import type { ReportService } from './report.service';
import type { WeekFigures } from './week-figures';

const LOCK = { mode: 'pessimistic_write' } as const;

/**
 * What other modules may do with plan items, through their port (`portFor` / `portIfOn`, never an
 * import): organisational life marks an item of its kind done by a meeting, in the meeting's
 * transaction, as the branch's answer in its report of the plan's week (the same answer
 * `saveWeeklyReport` writes), and undoes it when the meeting is cancelled. Each record's claim on an
 * answer is kept (`wr_report_claim`), so two meetings answering one item each stand on their own.
 */
export class PlanItemPort {
  constructor(
    private readonly reports: ReportService,
    private readonly figures: WeekFigures,
  ) {}

  /**
   * The item answered DONE in `unitId`'s report of the plan's week, naming the record (`sourceRef`).
   * Refused on `field`: an item of a plan the unit does not answer, an item not of organisational life,
   * a record dated before the plan's week, a report already sent up (answer it there), a closed week,
   * an item the unit answered itself (an answer naming no record: `INVALID_STATE`, it is the report's state
   * that stands in the way, not the input). An item a record answered is answered again by this one, and
   * the earlier record keeps its claim (`wr_report_claim`): withdrawing this one falls back to it.
   * The report is started (a draft) if the unit had none.
   */
  async markDone(
    tx: EntityManager,
    input: { itemId: number; unitId: number; day: LocalDate; sourceRef: string; note: string },
    today: LocalDate,
    field: string[],
  ): Promise<void> {
    const item = await tx.findOne(PlanItem, { where: { id: input.itemId } });
    const plan = item && (await tx.findOne(WorkPlan, { where: { id: item.planId } }));
    if (!item || !plan) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: WL.item }), field);
    const unit = await tx.findOneOrFail(OrgUnit, { where: { id: input.unitId } });
    const items = await this.reports.itemsFor(tx, unit.id, plan.week);
    if (!items.some((i) => i.id === item.id))
      refuse(ErrorCode.BAD_USER_INPUT, W.itemNotForBranch({ unit: unit.name }), field);
    if (item.category !== ItemCategory.ORGANISATIONAL_LIFE) refuse(ErrorCode.BAD_USER_INPUT, W.itemNotOrgLife(), field);
    if (input.day < plan.week)
      refuse(ErrorCode.BAD_USER_INPUT, W.recordBeforeWeek({ week: plan.week, day: input.day }), field);
    // Locked as saving and submitting lock it: the claims of one report change one transaction at a time,
    // so a withdrawal falls back to a claim that still stands.
    const report =
      (await tx.findOne(WeeklyReport, { where: { unitId: unit.id, week: plan.week }, lock: LOCK })) ??
      (await this.reports.create(tx, unit, plan.week, today));
    if (report.status !== ReportStatus.DRAFT)
      refuse(ErrorCode.INVALID_STATE, W.reportAlreadySent({ unit: unit.name, week: plan.week }), field);
    await this.figures.assertOpen(tx, unit.id, plan.week, today, field);
    // The unit's own answer (no record named) is its word: a record fills an item unanswered, or one a record
    // answered. Judged by the write itself, so an answer saved meanwhile is not overwritten either.
    const written: unknown[] = await tx.query(
      `INSERT INTO wr_report_answer (report_id, item_id, outcome, note, source_ref) VALUES ($1, $2, 'DONE', $3, $4)
       ON CONFLICT ON CONSTRAINT wr_report_answer_key DO UPDATE
         SET outcome = 'DONE', note = EXCLUDED.note, source_ref = EXCLUDED.source_ref
         WHERE wr_report_answer.source_ref IS NOT NULL
       RETURNING id`,
      [report.id, item.id, input.note, input.sourceRef],
    );
    if (written.length === 0)
      refuse(ErrorCode.INVALID_STATE, W.answeredByUnit({ unit: unit.name, week: plan.week, item: item.title }), field);
    // Its claim becomes the latest (a record answering again moves to the end), the one the answer shows.
    await tx.delete(ReportClaim, { reportId: report.id, itemId: item.id, sourceRef: input.sourceRef });
    await tx.insert(ReportClaim, {
      reportId: report.id,
      itemId: item.id,
      sourceRef: input.sourceRef,
      note: input.note,
    });
    await this.touched(tx, report);
  }

  /**
   * The claims `sourceRef` made, withdrawn from the reports still drafts (a report sent up stays as the
   * unit sent it: the level above returns it to change it; only the claim goes); each answer falls back
   * to the latest claim left, or is deleted when none is. Returns how many were withdrawn.
   */
  async undo(tx: EntityManager, sourceRef: string, today: LocalDate, field: string[]): Promise<number> {
    let undone = 0;
    for (const c of await this.claimsOf(tx, sourceRef)) {
      const report = await tx.findOneOrFail(WeeklyReport, { where: { id: c.reportId }, lock: LOCK });
      if (report.status !== ReportStatus.DRAFT) {
        // The report stays as sent, but the cancelled record's claim goes: once the report is returned, a
        // later cancellation must not fall back to it.
        await tx.delete(ReportClaim, { id: c.id });
        continue;
      }
      await this.figures.assertOpen(tx, report.unitId, report.week, today, field);
      await this.unclaim(tx, report, c);
      undone++;
    }
    return undone;
  }

  /** The items `sourceRef` answered, whether or not a later record names itself there (for its correction). */
  async answeredBy(tx: EntityManager, sourceRef: string): Promise<number[]> {
    return [...new Set((await this.claimsOf(tx, sourceRef)).map((c) => c.itemId))].sort((a, b) => a - b);
  }

  /**
   * As `undo`, for a record corrected rather than cancelled: its claims withdrawn, and refused on `field`
   * when one stands in a report already sent up, since the correction would leave it saying the old record
   * (or, behind a later record's answer, ready to say it again when that one is withdrawn).
   */
  async withdraw(tx: EntityManager, sourceRef: string, today: LocalDate, field: string[]): Promise<void> {
    for (const c of await this.claimsOf(tx, sourceRef)) {
      const report = await tx.findOneOrFail(WeeklyReport, { where: { id: c.reportId }, lock: LOCK });
      if (report.status !== ReportStatus.DRAFT) {
        const [unit, item] = await Promise.all([
          tx.findOneOrFail(OrgUnit, { where: { id: report.unitId } }),
          tx.findOneOrFail(PlanItem, { where: { id: c.itemId } }),
        ]);
        refuse(
          ErrorCode.INVALID_STATE,
          W.answerInSentReport({ unit: unit.name, week: report.week, item: item.title }),
          field,
        );
      }
      await this.figures.assertOpen(tx, report.unitId, report.week, today, field);
      await this.unclaim(tx, report, c);
    }
  }

  private claimsOf(tx: EntityManager, sourceRef: string): Promise<ReportClaim[]> {
    return tx.find(ReportClaim, { where: { sourceRef }, order: { id: 'ASC' } });
  }

  /**
   * The claim removed and its answer following what is left: the latest remaining claim's note and record,
   * or no answer at all. Only an answer naming a record is touched (the unit's own answer has no claims:
   * saving it drops them, see `ReportService.save`).
   */
  private async unclaim(tx: EntityManager, report: WeeklyReport, claim: ReportClaim): Promise<void> {
    await tx.delete(ReportClaim, { id: claim.id });
    const latest = await tx.findOne(ReportClaim, {
      where: { reportId: claim.reportId, itemId: claim.itemId },
      order: { id: 'DESC' },
    });
    if (latest)
      await tx.query(
        `UPDATE wr_report_answer SET outcome = 'DONE', note = $3, source_ref = $4
         WHERE report_id = $1 AND item_id = $2 AND source_ref IS NOT NULL`,
        [claim.reportId, claim.itemId, latest.note, latest.sourceRef],
      );
    else
      await tx.query(`DELETE FROM wr_report_answer WHERE report_id = $1 AND item_id = $2 AND source_ref IS NOT NULL`, [
        claim.reportId,
        claim.itemId,
      ]);
    await this.touched(tx, report);
  }

  private async touched(tx: EntityManager, report: WeeklyReport): Promise<void> {
    await tx.query(`UPDATE wr_weekly_report SET version = version + 1 WHERE id = $1`, [report.id]);
    await this.figures.recount(tx, report.unitId, report.week);
  }
}
