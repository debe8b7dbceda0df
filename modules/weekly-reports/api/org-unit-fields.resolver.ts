import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
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
} from '#module-kit';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { Timeliness } from '../enums';
import { services } from '../services';
import { loadPlanCompletion, loadReportingRates } from '../services/figures';
import { expectedReporters } from '../services/reporters';
import { deadlineSql, isMonday, weekRange, type WeekRange } from '../services/weeks';
import { timelinessOf } from './deadlines';
import { PlanCompletion, ReportingRate } from './figures.types';
import { ReportingStatusEntry } from './payloads';

export const ReportingStatusConnection = ConnectionType(ReportingStatusEntry, 'ReportingStatusEntry', '上报情况');

function range(ctx: Context, from: LocalDate, to: LocalDate): WeekRange {
  const r = weekRange(from, to, ctx.today, services(ctx).policy.reportDueWeekday);
  if ('problem' in r) throw new AppError(ErrorCode.BAD_USER_INPUT, r.problem);
  return r;
}

function monday(week: LocalDate): LocalDate {
  if (!isMonday(week))
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'week must be a Monday (weeks are named by their Monday)');
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
    return ctx.loaders
      .get<number, WorkPlan | null>(`wr:plan:${monday(week)}`, async (ids) => {
        const rows = await ctx.db
          .getRepository(WorkPlan)
          .createQueryBuilder('p')
          .where('p.unit_id = ANY(:ids) AND p.week = :week', { ids, week })
          .getMany();
        return ids.map((id) => rows.find((r) => r.unitId === id) ?? null);
      })
      .load(unit.id);
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

  @FieldResolver(() => ReportingStatusConnection, {
    nullable: true,
    description:
      '上报情况 — every unit expected to report in a week under this one (the tree as it was that week), with its timeliness',
  })
  async reportingStatus(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('week', () => DateScalar, { description: "周 — the week's Monday" }) week: LocalDate,
    @Arg('timeliness', () => [Timeliness], { nullable: true, description: '及时性 — only these (e.g. MISSING, LATE)' })
    timeliness?: Timeliness[],
  ) {
    const policy = services(ctx).policy;
    const req = pageRequest(page, info);
    monday(week);
    const loader = ctx.loaders.get<number, IdPage>(`wr:status:${argsKey({ week, timeliness, req })}`, async (ids) => {
      const { joins, where } = expectedReporters(`${policy.reportDueWeekday - 1}`);
      const deadline = deadlineSql('w.week', policy.reportDueWeekday);
      const status = `CASE WHEN wr.first_submitted_at < ${deadline} THEN 'ON_TIME' WHEN wr.first_submitted_at IS NOT NULL THEN 'LATE'
                           WHEN $4::timestamptz >= ${deadline} THEN 'MISSING' ELSE 'PENDING' END`;
      const pages = await pageIds(
        ctx.db,
        {
          partition: 't.id',
          id: 'r.id',
          sort: ['p.path', 'r.id'], // tree order of that week
          from: `FROM unnest($1::int[]) AS t(id) CROSS JOIN (SELECT $2::date AS week) w ${joins}
                 LEFT JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week
                 WHERE ${where} ${timeliness?.length ? `AND ${status} = ANY($3::text[])` : ''}`,
          params: timeliness?.length ? [ids, week, timeliness, ctx.now] : [ids, week],
        },
        req,
        [...ids],
      );
      return ids.map((id) => pages.get(String(id))!);
    });
    const idPage = await loader.load(unit.id);
    const units = await ctx.loaders.byId(OrgUnit).loadMany(idPage.ids);
    const entries = await Promise.all(
      units.map(async (u) => {
        if (!(u instanceof OrgUnit)) return null;
        const report = await reportOf(ctx, u.id, week);
        return Object.assign(new ReportingStatusEntry(), {
          unit: u,
          week,
          report,
          timeliness: timelinessOf(ctx, report?.firstSubmittedAt ?? null, week),
        });
      }),
    );
    return toPage(idPage, entries, req.after !== null);
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
        loadReportingRates(ctx.db, services(ctx).policy, ids, r),
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
        loadPlanCompletion(ctx.db, services(ctx).policy, ids, r),
      )
      .load(unit.id);
  }
}

function reportOf(ctx: Context, unitId: number, week: LocalDate): Promise<WeeklyReport | null> {
  return ctx.loaders
    .get<number, WeeklyReport | null>(`wr:report:${week}`, async (ids) => {
      const rows = await ctx.db
        .getRepository(WeeklyReport)
        .createQueryBuilder('r')
        .where('r.unit_id = ANY(:ids) AND r.week = :week', { ids, week })
        .getMany();
      return ids.map((id) => rows.find((r) => r.unitId === id) ?? null);
    })
    .load(unitId);
}
