import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import {
  AppError,
  argsKey,
  ConnectionArgs,
  ConnectionType,
  type Context,
  DateScalar,
  ErrorCode,
  type IdPage,
  type LocalDate,
  OrgUnit,
  pageIds,
  pageRequest,
  toPage,
  OrgUnitKind,
  SortDirection,
} from '#module-kit';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ReportDueStatus, ReportingStatusOrder, Timeliness } from '../enums';
import { services } from '../services';
import type { Deadlines, Due } from '../services/calendar';
import { loadPlanCompletion, loadPlanIssuingRates, loadReportingRates } from '../services/figures';
import { expectedIssuers, expectedReporters } from '../services/reporters';
import type { WeeklyReportsPolicy } from '../services/policy';
import { planTimelinessSql, reportDueStatus, reportedSql, reportTimelinessSql } from '../services/timeliness';
import { isMonday, weekRange, type WeekRange } from '../services/weeks';
import { planTimelinessOf, timelinessOf } from './deadlines';
import { PlanCompletion, PlanIssuingRate, ReportingRate } from './figures.types';
import { ReportingStatusOrderBy } from './inputs';
import { PlanStatusEntry, ReportingStatusEntry, WeeklyReportDue } from './payloads';
import { WEEKLY_MESSAGES as W } from '../messages';

export const ReportingStatusConnection = ConnectionType(ReportingStatusEntry, 'ReportingStatusEntry', '上报情况');
export const PlanStatusConnection = ConnectionType(PlanStatusEntry, 'PlanStatusEntry', '下发情况');

function range(ctx: Context, from: LocalDate, to: LocalDate): WeekRange {
  const r = weekRange(from, to, ctx.today, services(ctx).deadlines);
  if ('problem' in r) throw new AppError(ErrorCode.BAD_USER_INPUT, r.problem);
  return r;
}

function monday(week: LocalDate): LocalDate {
  if (!isMonday(week)) throw new AppError(ErrorCode.BAD_USER_INPUT, W.notAMonday());
  return week;
}

/** The weekly-report figures and records of a unit (周报, 两下两上). */
@Resolver(() => OrgUnit)
export class OrgUnitWeeklyReportFields {
  @FieldResolver(() => WorkPlan, {
    nullable: true,
    description: '周工作安排 — the plan this township, subdistrict or station made for a week',
  })
  workPlan(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
  ) {
    return planOf(ctx, unit.id, monday(week));
  }

  @FieldResolver(() => WeeklyReport, {
    nullable: true,
    description: "周报 — this village's, community's or station's report of a week",
  })
  weeklyReport(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
  ) {
    return reportOf(ctx, unit.id, monday(week));
  }

  @FieldResolver(() => WeeklyReportDue, {
    nullable: true,
    description:
      '周报应报情况 — whether this unit owes a report of a week (as reportingStatus decides), whether it is due yet, and whether it came in',
  })
  async weeklyReportStatus(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
  ): Promise<WeeklyReportDue> {
    const due = services(ctx).deadlines.report(monday(week));
    const [expected, report] = await Promise.all([
      expectedLoader(ctx, week, due).load(unit.id),
      reportOf(ctx, unit.id, week),
    ]);
    const timeliness = expected ? timelinessOf(ctx, report, week) : null;
    return Object.assign(new WeeklyReportDue(), {
      week,
      status: timeliness ? reportDueStatus(report, timeliness) : ReportDueStatus.NOT_EXPECTED,
      timeliness,
      dueDay: due.day,
      dueAt: due.deadline,
      report,
    });
  }

  @FieldResolver(() => ReportingStatusConnection, {
    nullable: true,
    description:
      '上报情况 — every unit expected to report in a week under this one (the tree as it was on the due day), with its timeliness',
  })
  async reportingStatus(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
    @Arg('timeliness', () => [Timeliness], { nullable: true, description: '及时性 — only these (e.g. MISSING, LATE)' })
    timeliness?: Timeliness[],
    @Arg('kinds', () => [OrgUnitKind], {
      nullable: true,
      description:
        '组织类别 — only units of these kinds (e.g. WORK_STATION for the stations, BRANCH for villages and communities)',
    })
    kinds?: OrgUnitKind[],
    @Arg('orderBy', () => ReportingStatusOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default tree order); a cursor holds its order',
    })
    orderBy?: ReportingStatusOrderBy,
  ) {
    return statusPage(ctx, info, page, unit, week, timeliness, REPORT_STATUS, kinds, orderBy ?? undefined);
  }

  @FieldResolver(() => ReportingRate, {
    nullable: true,
    description:
      '上报率 — expected, submitted and on-time reports under this unit over a run of weeks, with the weekly figures',
  })
  reportingRate(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始 — first day (its week counts)' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day (its week counts)' }) to: LocalDate,
  ) {
    const r = range(ctx, from, to);
    return ctx.loaders
      .get<number, ReportingRate>(`wr:rate:${r.from}:${r.to}`, (ids) =>
        loadReportingRates(ctx.db, services(ctx).policy, ids, r.closed, r),
      )
      .load(unit.id);
  }

  @FieldResolver(() => PlanCompletion, {
    nullable: true,
    description: '事项完成率 — how the plan items answered in reports under this unit were done',
  })
  planCompletion(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始 — first day (its week counts)' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day (its week counts)' }) to: LocalDate,
  ) {
    const r = range(ctx, from, to);
    return ctx.loaders
      .get<number, PlanCompletion>(`wr:completion:${r.from}:${r.to}`, (ids) =>
        loadPlanCompletion(ctx.db, ids, r.begun, r),
      )
      .load(unit.id);
  }

  @FieldResolver(() => PlanIssuingRate, {
    nullable: true,
    description:
      '工作安排下发率 — expected, issued and on-time weekly plans (两下) of the townships, subdistricts and stations under this unit over a run of weeks, with the weekly figures',
  })
  planIssuingRate(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始 — first day (its week counts)' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止 — last day (its week counts)' }) to: LocalDate,
  ) {
    const r = range(ctx, from, to);
    return ctx.loaders
      .get<number, PlanIssuingRate>(`wr:planRate:${r.from}:${r.to}`, (ids) =>
        loadPlanIssuingRates(ctx.db, ids, r.plansClosed, r),
      )
      .load(unit.id);
  }

  @FieldResolver(() => PlanStatusConnection, {
    nullable: true,
    description:
      '下发情况 — every township, subdistrict or station under this one (this one included) that owed a plan in a week (the tree as it was on the due day), with its timeliness',
  })
  async planIssuingStatus(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
    @Arg('timeliness', () => [Timeliness], { nullable: true, description: '及时性 — only these (e.g. MISSING, LATE)' })
    timeliness?: Timeliness[],
  ) {
    return statusPage(ctx, info, page, unit, week, timeliness, PLAN_STATUS);
  }
}

/** Sort keys of an ordered reporting-status list: non-null (not reported sorts after every instant). */
const STATUS_SORT: Record<ReportingStatusOrder, string> = {
  [ReportingStatusOrder.TREE]: 'p.path',
  [ReportingStatusOrder.CODE]: 'r.code',
  [ReportingStatusOrder.SUBMITTED_AT]: `(CASE WHEN ${reportedSql('wr')} THEN extract(epoch FROM wr.submitted_at) ELSE 1e12 END)::float8`,
};

/** What differs between the two status lists (上报情况, 下发情况): the record, who owes it, its timeliness. */
interface StatusList<T extends { unitId: number }, E> {
  /** The loader's key prefix. */
  key: string;
  due: (deadlines: Deadlines, week: LocalDate) => Due;
  /** Who owes the record in a week (`expectedReporters`, `expectedIssuers`). */
  expected: () => { joins: string; where: string };
  /** The SQL CASE giving the record's Timeliness against `deadline` at `now`. */
  timelinessSql: (policy: WeeklyReportsPolicy, deadline: string, now: string) => string;
  /** The LEFT JOIN of the record of `r` in the week `w.week`, under the alias `timelinessSql` reads. */
  join: string;
  rowsOf: (ctx: Context, unitIds: number[], week: LocalDate) => Promise<T[]>;
  loader: (ctx: Context, week: LocalDate) => DataLoader<number, T | null>;
  entry: (ctx: Context, unit: OrgUnit, week: LocalDate, row: T | null) => E;
}

/**
 * A page of a status list: every unit under `unit` expected to have the record in a week (the tree as
 * it was on the due day), in tree order, optionally only those of some timeliness, with the record.
 */
async function statusPage<T extends { unitId: number }, E>(
  ctx: Context,
  info: GraphQLResolveInfo,
  page: ConnectionArgs,
  unit: OrgUnit,
  week: LocalDate,
  timeliness: Timeliness[] | undefined,
  list: StatusList<T, E>,
  kinds?: OrgUnitKind[],
  orderBy?: ReportingStatusOrderBy,
) {
  const { policy, deadlines } = services(ctx);
  const req = pageRequest(page, info);
  monday(week);
  const due = list.due(deadlines, week);
  const loader = ctx.loaders.get<number, IdPage>(
    `${list.key}:${argsKey({ week, timeliness, kinds, orderBy, req })}`,
    async (ids) => {
      const { joins, where } = list.expected();
      const status = list.timelinessSql(policy, 'w.deadline', '$5::timestamptz');
      const params: unknown[] = [
        ids,
        week,
        due.day,
        due.deadline,
        ...(timeliness?.length ? [ctx.now, timeliness] : []),
      ];
      // The kind of the unit `r` expected to report (or issue).
      const byKind = kinds?.length ? `AND r.kind = ANY($${params.push(kinds)}::text[])` : '';
      const pages = await pageIds(
        ctx.db,
        {
          partition: 't.id',
          id: 'r.id',
          ...(orderBy
            ? { sort: [STATUS_SORT[orderBy.field], 'r.id'], descending: orderBy.direction === SortDirection.DESC }
            : { sort: ['p.path', 'r.id'] }), // tree order of that week
          from: `FROM unnest($1::int[]) AS t(id)
                 CROSS JOIN (SELECT $2::date AS week, $3::date AS due, $4::timestamptz AS deadline) w ${joins}
                 ${list.join}
                 WHERE ${where} ${timeliness?.length ? `AND ${status} = ANY($6::text[])` : ''} ${byKind}`,
          params,
        },
        req,
        [...ids],
      );
      await primeRows(ctx, pages, (unitIds) => list.rowsOf(ctx, unitIds, week), list.loader(ctx, week));
      return ids.map((id) => pages.get(String(id))!);
    },
  );
  const idPage = await loader.load(unit.id);
  const units = await ctx.loaders.byId(OrgUnit).loadMany(idPage.ids);
  const entries = await Promise.all(
    units.map(async (u) => {
      if (!(u instanceof OrgUnit)) return null;
      const row = await list.loader(ctx, week).load(u.id);
      return list.entry(ctx, u, week, row);
    }),
  );
  return toPage(idPage, entries, req.after !== null);
}

/**
 * The units and records (plans or reports) of every page of a status list, in two statements per
 * batch, primed into the request's loaders: the entries then cost nothing more, and the list costs
 * the same statements whatever else the request loaded and however its batches fall.
 */
async function primeRows<T extends { unitId: number }>(
  ctx: Context,
  pages: Map<string, IdPage>,
  rowsOf: (unitIds: number[]) => Promise<T[]>,
  rows: DataLoader<number, T | null>,
): Promise<void> {
  const unitIds = [...new Set([...pages.values()].flatMap((p) => p.ids))];
  const [units, records] = await Promise.all([
    ctx.db.getRepository(OrgUnit).find({ where: { id: In(unitIds) } }),
    rowsOf(unitIds),
  ]);
  const byId = ctx.loaders.byId(OrgUnit);
  for (const u of units) byId.prime(u.id, u);
  for (const id of unitIds) rows.prime(id, records.find((r) => r.unitId === id) ?? null);
}

/** Which of the asked units owe a report in a week: the reporters `reportingStatus` lists, each asked of itself. */
const expectedLoader = (ctx: Context, week: LocalDate, due: Due) =>
  ctx.loaders.get<number, boolean>(`wr:expected:${week}`, async (ids) => {
    const { joins, where } = expectedReporters();
    const rows: { id: number }[] = await ctx.db.query(
      `SELECT DISTINCT r.id FROM unnest($1::int[]) AS t(id)
       CROSS JOIN (SELECT $2::date AS week, $3::date AS due) w ${joins}
       WHERE ${where} AND r.id = t.id`,
      [ids, week, due.day],
    );
    const owing = new Set(rows.map((r) => Number(r.id)));
    return ids.map((id) => owing.has(id));
  });

const planLoader = (ctx: Context, week: LocalDate) =>
  ctx.loaders.get<number, WorkPlan | null>(`wr:plan:${week}`, async (ids) => {
    const rows = await plansOf(ctx, [...ids], week);
    return ids.map((id) => rows.find((r) => r.unitId === id) ?? null);
  });

const plansOf = (ctx: Context, unitIds: number[], week: LocalDate) =>
  ctx.db
    .getRepository(WorkPlan)
    .createQueryBuilder('p')
    .where('p.unit_id = ANY(:ids) AND p.week = :week', { ids: unitIds, week })
    .getMany();

const reportLoader = (ctx: Context, week: LocalDate) =>
  ctx.loaders.get<number, WeeklyReport | null>(`wr:report:${week}`, async (ids) => {
    const rows = await reportsOf(ctx, [...ids], week);
    return ids.map((id) => rows.find((r) => r.unitId === id) ?? null);
  });

const reportsOf = (ctx: Context, unitIds: number[], week: LocalDate) =>
  ctx.db
    .getRepository(WeeklyReport)
    .createQueryBuilder('r')
    .where('r.unit_id = ANY(:ids) AND r.week = :week', { ids: unitIds, week })
    .getMany();

function planOf(ctx: Context, unitId: number, week: LocalDate): Promise<WorkPlan | null> {
  return planLoader(ctx, week).load(unitId);
}

function reportOf(ctx: Context, unitId: number, week: LocalDate): Promise<WeeklyReport | null> {
  return reportLoader(ctx, week).load(unitId);
}

const REPORT_STATUS: StatusList<WeeklyReport, ReportingStatusEntry> = {
  key: 'wr:status',
  due: (deadlines, week) => deadlines.report(week),
  expected: expectedReporters,
  timelinessSql: reportTimelinessSql,
  join: 'LEFT JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week',
  rowsOf: reportsOf,
  loader: reportLoader,
  entry: (ctx, unit, week, report) =>
    Object.assign(new ReportingStatusEntry(), { unit, week, report, timeliness: timelinessOf(ctx, report, week) }),
};

const PLAN_STATUS: StatusList<WorkPlan, PlanStatusEntry> = {
  key: 'wr:planStatus',
  due: (deadlines, week) => deadlines.plan(week),
  expected: expectedIssuers,
  timelinessSql: (_policy, deadline, now) => planTimelinessSql(deadline, now),
  join: 'LEFT JOIN wr_work_plan wp ON wp.unit_id = r.id AND wp.week = w.week',
  rowsOf: plansOf,
  loader: planLoader,
  entry: (ctx, unit, week, plan) =>
    Object.assign(new PlanStatusEntry(), { unit, week, plan, timeliness: planTimelinessOf(ctx, plan, week) }),
};
