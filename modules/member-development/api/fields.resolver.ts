import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import {
  argsKey,
  checkYear,
  ConnectionArgs,
  type Context,
  DateScalar,
  type LocalDate,
  loadConnection,
  OrgUnit,
  pageRequest,
} from '#module-kit';
import { DevelopmentRecord } from '../entities/record.entity';
import { DevelopmentStage } from '../enums';
import { MODULE } from '../services';
import { daysToFullMembership, newMembers, overdue, pipeline, yearEvents } from '../services/figures';
import { DevelopmentPipeline, DevelopmentRecordConnection, type KeyCount, NewMembersFigure } from './types';

/** Member development on a unit. The core gates each field: MODULE_DISABLED where the module is off. */
@Resolver(() => OrgUnit)
export class OrgUnitDevelopmentFields {
  @FieldResolver(() => DevelopmentRecordConnection, {
    nullable: true,
    description: '发展党员纪实 — the development records this branch keeps, latest application first',
  })
  developmentRecords(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
  ) {
    return loadConnection(ctx, DevelopmentRecord, 'md:records', {}, pageRequest(page, info), unit.id, (ids) => ({
      partition: 'x.unit_id',
      id: 'x.id',
      sort: ["(DATE '9999-12-31' - x.applied_on)", '(-x.id)'],
      from: 'FROM md_record x WHERE x.unit_id = ANY($1::int[])',
      params: [ids],
    }));
  }

  @FieldResolver(() => DevelopmentPipeline, {
    nullable: true,
    description:
      '发展党员进度 — people at each stage on a day, and steps overdue, for every branch under this unit where the module is on',
  })
  async developmentPipeline(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '截至 — the day; today when omitted' })
    asOf?: LocalDate | null,
  ): Promise<DevelopmentPipeline> {
    const day = asOf ?? ctx.today;
    const [stages, late] = await Promise.all([
      ctx.loaders
        .get(`${MODULE}:pipeline:${argsKey({ day })}`, async (ids: readonly number[]) => {
          const rows = await pipeline(ctx.db, ids, day);
          return ids.map((id) => rows.filter((r) => r.target === id));
        })
        .load(unit.id),
      ctx.loaders
        .get(`${MODULE}:overdue:${argsKey({ day })}`, async (ids: readonly number[]) => {
          const rows = await overdue(ctx.db, ids, day);
          return ids.map((id) => rows.find((r) => r.target === id) ?? null);
        })
        .load(unit.id),
    ]);
    return {
      asOf: day,
      stages: Object.values(DevelopmentStage)
        .filter((stage) => stage !== DevelopmentStage.WITHDRAWN && stage !== DevelopmentStage.NOT_APPROVED)
        .map((stage) => ({
          stage,
          count: stages.find((r) => r.stage === stage)?.count ?? 0,
        })),
      talksOverdue: late?.talks ?? 0,
      assessmentsOverdue: late?.assessments ?? 0,
      approvalsOverdue: late?.approvals ?? 0,
      approvalsLapsed: late?.lapsed ?? 0,
    };
  }

  @FieldResolver(() => NewMembersFigure, {
    nullable: true,
    description:
      '新发展党员 — members admitted in a year through member development under this unit, by age, sex, education and category, and the time to full membership',
  })
  async newMembers(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — the year' }) year: number,
  ): Promise<NewMembersFigure> {
    checkYear(year);
    const [rows, full, events] = await Promise.all([
      ctx.loaders
        .get(`${MODULE}:new:${year}`, async (ids: readonly number[]) => {
          const all = await newMembers(ctx.db, ids, year);
          return ids.map((id) => all.filter((r) => r.target === id));
        })
        .load(unit.id),
      ctx.loaders
        .get(`${MODULE}:full:${year}`, async (ids: readonly number[]) => {
          const all = await daysToFullMembership(ctx.db, ids, year);
          return ids.map((id) => all.find((r) => r.target === id) ?? null);
        })
        .load(unit.id),
      ctx.loaders
        .get(`${MODULE}:events:${year}`, async (ids: readonly number[]) => {
          const all = await yearEvents(ctx.db, ids, year);
          return ids.map((id) => all.find((r) => r.target === id) ?? null);
        })
        .load(unit.id),
    ]);
    const by = (dimension: string): KeyCount[] =>
      rows
        .filter((r) => r.dimension === dimension)
        .map((r) => ({ key: r.key, count: r.count }))
        .sort((a, b) => a.key.localeCompare(b.key));
    return {
      year,
      total: rows.find((r) => r.dimension === 'TOTAL')?.count ?? 0,
      byAge: by('AGE'),
      bySex: by('SEX'),
      byEducation: by('EDUCATION'),
      byCategory: by('CATEGORY'),
      becameFull: full?.count ?? 0,
      withdrawn: events?.withdrawn ?? 0,
      votesFailed: events?.votesFailed ?? 0,
      notApproved: events?.notApproved ?? 0,
      medianDaysToFullMembership: full?.median ?? null,
    };
  }
}
