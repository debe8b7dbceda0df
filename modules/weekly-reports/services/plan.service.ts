import { In, type EntityManager } from 'typeorm';
import { ErrorCode, type LocalDate, OrgUnit, OrgUnitKind, refuse, enumLabel, coreMessages } from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ItemCategory, PlanStatus } from '../enums';
import type { WeekFigures } from './week-figures';
import { isMonday, mondayOf, plusDays } from './weeks';
import { WEEKLY_LABELS as WL, WEEKLY_MESSAGES as W } from '../messages';

export interface NewItem {
  title: string;
  details?: string | null;
  category: ItemCategory;
  /** Units (children of the issuer) the item is for; empty or null: all of them. */
  targetUnitIds?: number[] | null;
}

const ISSUERS = [OrgUnitKind.TOWNSHIP_COMMITTEE, OrgUnitKind.SUBDISTRICT_COMMITTEE, OrgUnitKind.WORK_STATION];
/** Plans may be prepared this many weeks ahead. */
const WEEKS_AHEAD = 8;

/** Monday's plans (两下): township → stations, station → villages. */
export class PlanService {
  constructor(private readonly figures: WeekFigures) {}

  async create(
    tx: EntityManager,
    unit: OrgUnit,
    week: LocalDate,
    items: NewItem[],
    accountId: number | null,
    today: LocalDate,
  ): Promise<WorkPlan> {
    if (!ISSUERS.includes(unit.kind))
      refuse(ErrorCode.BAD_USER_INPUT, W.notAnIssuer({ unit: unit.name, kind: enumLabel(OrgUnitKind, unit.kind) }), [
        'input',
        'unitId',
      ]);
    if (!isMonday(week)) refuse(ErrorCode.BAD_USER_INPUT, W.notAMonday(), ['input', 'week']);
    if (week > plusDays(mondayOf(today), 7 * WEEKS_AHEAD))
      refuse(ErrorCode.BAD_USER_INPUT, W.tooFarAhead({ weeks: WEEKS_AHEAD }), ['input', 'week']);
    await this.figures.assertOpen(tx, unit.id, week, today, ['input', 'week']);
    if (await tx.exists(WorkPlan, { where: { unitId: unit.id, week } }))
      refuse(ErrorCode.CONFLICT, W.planExists({ unit: unit.name, week }), ['input', 'week']);
    const result = await tx.insert(WorkPlan, {
      unitId: unit.id,
      week,
      status: PlanStatus.DRAFT,
      issuedAt: null,
      createdBy: accountId,
    });
    const plan = await tx.findOneOrFail(WorkPlan, { where: { id: result.identifiers[0].id } });
    if (items.length) await this.addItems(tx, plan, items, today);
    await this.figures.recount(tx, unit.id, week);
    return plan;
  }

  async addItems(tx: EntityManager, plan: WorkPlan, items: NewItem[], today: LocalDate): Promise<void> {
    this.assertDraft(plan);
    await this.open(tx, plan, today);
    const children = new Set(
      (await tx.find(OrgUnit, { where: { parentId: plan.unitId }, select: { id: true } })).map((u) => u.id),
    );
    items.forEach((item, i) => {
      const stray = (item.targetUnitIds ?? []).filter((id) => !children.has(id));
      if (stray.length) refuse(ErrorCode.BAD_USER_INPUT, W.targetsUnder(), ['input', 'items', String(i), 'targetIds']);
      if (!item.title?.trim()) refuse(ErrorCode.BAD_USER_INPUT, W.itemTitle(), ['input', 'items', String(i), 'title']);
    });
    const [{ next }] = await tx.query(
      `SELECT coalesce(max(position), 0) + 1 AS next FROM wr_plan_item WHERE plan_id = $1`,
      [plan.id],
    );
    await tx.insert(
      PlanItem,
      items.map((item, i) => ({
        planId: plan.id,
        position: next + i,
        title: item.title.trim(),
        details: item.details?.trim() || null,
        category: item.category,
        targetUnitIds: item.targetUnitIds?.length ? item.targetUnitIds : null,
        copiedFromId: null,
      })),
    );
    await this.touch(tx, plan);
  }

  async removeItem(tx: EntityManager, plan: WorkPlan, itemId: number, today: LocalDate): Promise<void> {
    this.assertDraft(plan);
    await this.open(tx, plan, today);
    const result = await tx.delete(PlanItem, { id: itemId, planId: plan.id });
    if (!result.affected) refuse(ErrorCode.NOT_FOUND, W.noSuchItem(), ['input', 'itemId']);
    await this.touch(tx, plan);
  }

  /** A station copies items of its township's issued plan for the same week into its own draft. */
  async copyItems(
    tx: EntityManager,
    plan: WorkPlan,
    station: OrgUnit,
    fromItemIds: number[],
    today: LocalDate,
  ): Promise<void> {
    this.assertDraft(plan);
    await this.open(tx, plan, today);
    if (station.kind !== OrgUnitKind.WORK_STATION)
      refuse(ErrorCode.BAD_USER_INPUT, W.copyIntoStation(), ['input', 'planId']);
    const sources = await tx.find(PlanItem, { where: { id: In(fromItemIds) }, order: { position: 'ASC' } });
    const parentPlan = sources.length ? await tx.findOne(WorkPlan, { where: { id: sources[0].planId } }) : null;
    if (
      sources.length !== new Set(fromItemIds).size ||
      !parentPlan ||
      sources.some((s) => s.planId !== parentPlan.id)
    ) {
      refuse(ErrorCode.NOT_FOUND, W.oneSourcePlan(), ['input', 'fromItemIds']);
    }
    if (parentPlan.unitId !== station.parentId || parentPlan.week !== plan.week) {
      refuse(ErrorCode.BAD_USER_INPUT, W.fromOwnTownship(), ['input', 'fromItemIds']);
    }
    if (parentPlan.status !== PlanStatus.ISSUED)
      refuse(ErrorCode.INVALID_STATE, W.planNotIssued(), ['input', 'fromItemIds']);
    const notForUs = sources.filter((s) => !s.targets(station.id));
    if (notForUs.length)
      refuse(ErrorCode.BAD_USER_INPUT, W.itemNotForStation({ title: notForUs[0].title }), ['input', 'fromItemIds']);
    const [{ next }] = await tx.query(
      `SELECT coalesce(max(position), 0) + 1 AS next FROM wr_plan_item WHERE plan_id = $1`,
      [plan.id],
    );
    await tx.insert(
      PlanItem,
      sources.map((s, i) => ({
        planId: plan.id,
        position: next + i,
        title: s.title,
        details: s.details,
        category: s.category,
        targetUnitIds: null,
        copiedFromId: s.id,
      })),
    );
    await this.touch(tx, plan);
  }

  async issue(tx: EntityManager, plan: WorkPlan, now: Date, today: LocalDate): Promise<WorkPlan> {
    this.assertDraft(plan);
    await this.open(tx, plan, today);
    const count = await tx.count(PlanItem, { where: { planId: plan.id } });
    if (count === 0) refuse(ErrorCode.INVALID_STATE, W.planEmpty(), ['input', 'planId']);
    await tx.query(`UPDATE wr_work_plan SET status = 'ISSUED', issued_at = $2, version = version + 1 WHERE id = $1`, [
      plan.id,
      now,
    ]);
    await this.figures.recount(tx, plan.unitId, plan.week);
    return tx.findOneOrFail(WorkPlan, { where: { id: plan.id } });
  }

  /** Loads a plan for a change, locked, checking the version the client read. */
  async lock(tx: EntityManager, id: number, version?: number): Promise<WorkPlan> {
    const plan = await tx.findOne(WorkPlan, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!plan) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: WL.plan }), ['input', 'planId']);
    if (version !== undefined && version !== plan.version)
      refuse(ErrorCode.CONFLICT, W.planChanged({ version: plan.version }), ['input', 'version']);
    return plan;
  }

  /** A plan of a closed week is not changed or issued (PERIOD_CLOSED), unless reopened. */
  private open(tx: EntityManager, plan: WorkPlan, today: LocalDate): Promise<void> {
    return this.figures.assertOpen(tx, plan.unitId, plan.week, today, ['input', 'planId']);
  }

  private assertDraft(plan: WorkPlan) {
    if (plan.status !== PlanStatus.DRAFT) refuse(ErrorCode.INVALID_STATE, W.planIssued(), ['input', 'planId']);
  }

  private async touch(tx: EntityManager, plan: WorkPlan) {
    await tx.query(`UPDATE wr_work_plan SET version = version + 1 WHERE id = $1`, [plan.id]);
  }
}
