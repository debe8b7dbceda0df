import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import {
  AppError,
  type Context,
  ErrorCode,
  LoaderRegistry,
  Member,
  type Node,
  OrgUnit,
  OrgUnitKind,
} from '#module-kit';
import { StarScheme } from '../entities/scheme.entity';
import { SubjectType } from '../enums';
import { services } from '../services';
import { loadDistribution, loadGrades, loadMonthly, type Graded } from '../services/figures';
import { GradeCount, StarRanking, StarStanding, YearEndOutcome } from './types';

function check(year: number, quarter?: number | null) {
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'year must be between 2000 and 2100');
  if (quarter != null && (quarter < 1 || quarter > 4)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'quarter is 1–4');
}

/** Year to date for the current year; the whole year for past years. */
const asOf = (ctx: Context, year: number) => (Number(ctx.today.slice(0, 4)) > year ? `${year}-12-31` : ctx.today);

/** Grades of every subject of a type under many units, in one statement per question. */
function grades(
  ctx: Context,
  unitId: number,
  type: SubjectType,
  year: number,
  quarter: number | null,
): Promise<Graded[]> {
  return ctx.loaders
    .get<number, Graded[]>(`sr:grades:${type}:${year}:${quarter}`, async (ids) => {
      const rows = await loadGrades(ctx.db, ids, type, year, asOf(ctx, year), quarter);
      return LoaderRegistry.group(ids, rows, (r) => r.targetId);
    })
    .load(unitId);
}

async function subjectNode(ctx: Context, type: SubjectType, id: number): Promise<Node | null> {
  return (
    type === SubjectType.MEMBER ? ctx.loaders.byId(Member).load(id) : ctx.loaders.byId(OrgUnit).load(id)
  ) as Promise<Node | null>;
}

async function standing(
  ctx: Context,
  type: SubjectType,
  subjectId: number,
  unitId: number,
  year: number,
): Promise<StarStanding> {
  check(year);
  const mine = (await grades(ctx, unitId, type, year, null)).find((g) => g.subjectId === subjectId);
  const history = await ctx.loaders
    .get<number, Awaited<ReturnType<typeof loadMonthly>>[number]>(`sr:monthly:${type}:${year}`, (ids) =>
      loadMonthly(ctx.db, type, year, ids),
    )
    .load(subjectId);
  return {
    year,
    score: mine?.score ?? 0,
    grade: mine?.grade ?? 0,
    vetoed: mine?.vetoed ?? false,
    starsOff: mine?.starsOff ?? 0,
    ...history,
  };
}

const typeOfUnit = (unit: OrgUnit) =>
  unit.kind === OrgUnitKind.BRANCH
    ? SubjectType.BRANCH
    : [OrgUnitKind.GRASSROOTS_COMMITTEE, OrgUnitKind.TOWNSHIP_COMMITTEE, OrgUnitKind.SUBDISTRICT_COMMITTEE].includes(
          unit.kind,
        )
      ? SubjectType.COMMITTEE
      : null;

/** 创星晋级 on the tree. */
@Resolver(() => OrgUnit)
export class OrgUnitStarFields {
  @FieldResolver(() => StarScheme, {
    nullable: true,
    description: "创星方案 — the scheme this unit uses for a year: its own or the nearest ancestor's",
  })
  starScheme(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — which subjects' }) subjectType: SubjectType,
  ) {
    check(year);
    // One statement for every unit asking: the schemes on their paths, the deepest wins.
    return ctx.loaders
      .get<number, StarScheme | null>(`sr:scheme:${year}:${subjectType}`, async (ids) => {
        const units = (await ctx.loaders.byId(OrgUnit).loadMany([...ids])).filter(
          (u): u is OrgUnit => u instanceof OrgUnit,
        );
        const pathIds = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean).map(Number)))];
        const schemes = await ctx.db
          .getRepository(StarScheme)
          .createQueryBuilder('s')
          .where('s.unit_id = ANY(:pathIds) AND s.year = :year AND s.subject_type = :subjectType', {
            pathIds,
            year,
            subjectType,
          })
          .getMany();
        return ids.map((id) => {
          const path =
            units
              .find((u) => u.id === id)
              ?.path.split('/')
              .filter(Boolean)
              .map(Number) ?? [];
          return (
            schemes
              .filter((s) => path.includes(s.unitId))
              .sort((a, b) => path.indexOf(b.unitId) - path.indexOf(a.unitId))[0] ?? null
          );
        });
      })
      .load(unit.id);
  }

  @FieldResolver(() => StarStanding, {
    nullable: true,
    description: "星级情况 — a branch's fortress star or a committee's service star this year; null for other units",
  })
  starStanding(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ) {
    const type = typeOfUnit(unit);
    return type ? standing(ctx, type, unit.id, unit.id, year) : null;
  }

  @FieldResolver(() => StarRanking, {
    nullable: true,
    description:
      '星级排名 — subjects under this unit by score, ties sharing a position; live, or the official grades of a quarter',
  })
  async starRanking(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — which subjects' }) subjectType: SubjectType,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
    @Arg('quarter', () => Int, {
      nullable: true,
      description: "季度 — the official grades fixed at this quarter's end; omit for live",
    })
    quarter: number | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '前几名 — how many places, 1–200' }) first: number,
  ): Promise<StarRanking> {
    check(year, quarter);
    if (first < 1 || first > 200) throw new AppError(ErrorCode.BAD_USER_INPUT, 'first must be between 1 and 200');
    const all = await grades(ctx, unit.id, subjectType, year, quarter ?? null);
    const top = all.slice(0, first);
    const subjects = await Promise.all(top.map((g) => subjectNode(ctx, subjectType, g.subjectId)));
    return {
      total: all.length,
      entries: top.map((g, i) => ({ position: g.position!, subject: subjects[i], score: g.score, grade: g.grade })),
    };
  }

  @FieldResolver(() => [GradeCount], {
    nullable: true,
    description: '星级分布 — how many subjects under this unit hold each grade, 0–5',
  })
  async starDistribution(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — which subjects' }) subjectType: SubjectType,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
    @Arg('quarter', () => Int, { nullable: true, description: '季度 — official grades of a quarter; omit for live' })
    quarter: number | null,
  ): Promise<GradeCount[]> {
    check(year, quarter);
    const counts = await ctx.loaders
      .get<number, number[]>(`sr:distribution:${subjectType}:${year}:${quarter}`, (ids) =>
        loadDistribution(ctx.db, ids, subjectType, year, asOf(ctx, year), quarter ?? null),
      )
      .load(unit.id);
    return counts.map((count, grade) => ({ grade, count }));
  }

  @FieldResolver(() => [YearEndOutcome], {
    nullable: true,
    description:
      "年终结果 — members at or below one star (rated unqualified: a list for review by people, not a status change); branches with their allowance adjustment (policy); committees with their service stars. From the fourth quarter's fixed grades when fixed, else live at year end.",
  })
  async starYearEnd(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — which subjects' }) subjectType: SubjectType,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ): Promise<YearEndOutcome[]> {
    check(year);
    const fixed = await grades(ctx, unit.id, subjectType, year, 4);
    const all = fixed.length ? fixed : await grades(ctx, unit.id, subjectType, year, null);
    const policy = services(ctx).policy;
    const chosen = subjectType === SubjectType.MEMBER ? all.filter((g) => g.grade <= policy.unqualifiedAtOrBelow) : all;
    const subjects = await Promise.all(chosen.map((g) => subjectNode(ctx, subjectType, g.subjectId)));
    return chosen.map((g, i) => ({
      subject: subjects[i],
      grade: g.grade,
      allowancePercent: subjectType === SubjectType.BRANCH ? policy.branchAllowancePercent[g.grade] : null,
    }));
  }
}

@Resolver(() => Member)
export class MemberStarFields {
  @FieldResolver(() => StarStanding, {
    nullable: true,
    description: "先锋星 — the member's vanguard-star standing this year",
  })
  starStanding(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ) {
    return standing(ctx, SubjectType.MEMBER, m.id, m.branchId, year);
  }
}
