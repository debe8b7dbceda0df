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
import { ModelStar } from '../entities/model-star.entity';
import { StarScheme } from '../entities/scheme.entity';
import { SubjectType } from '../enums';
import { services } from '../services';
import { type GradeMode, loadDistribution, loadGrades, loadMonthly, type Graded } from '../services/figures';
import { loadModelStarFigures, type ModelStarFigures } from '../services/model-star';
import { GradeCount, ModelStarCandidate, RankedModelStar, StarRanking, StarStanding, YearEndOutcome } from './types';
import { STAR_MESSAGES as S } from '../messages';

function check(year: number, quarter?: number | null) {
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new AppError(ErrorCode.BAD_USER_INPUT, S.yearRange());
  if (quarter != null && (quarter < 1 || quarter > 4)) throw new AppError(ErrorCode.BAD_USER_INPUT, S.quarterRange());
}

/** Year to date for the current year; the whole year for past years. */
const asOf = (ctx: Context, year: number) => (Number(ctx.today.slice(0, 4)) > year ? `${year}-12-31` : ctx.today);

/** Live grades for a year (year to date, or the whole of a past year), or a quarter's official ones. */
const modeOf = (ctx: Context, year: number, quarter: number | null): GradeMode =>
  quarter ? { quarter } : { live: asOf(ctx, year) };

/** Grades of every subject of a type under many units, in one statement per question. */
function grades(ctx: Context, unitId: number, type: SubjectType, year: number, mode: GradeMode): Promise<Graded[]> {
  return ctx.loaders
    .get<number, Graded[]>(`sr:grades:${type}:${year}:${JSON.stringify(mode)}`, async (ids) => {
      const rows = await loadGrades(ctx.db, ids, type, year, mode);
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
  path: string | null,
  year: number,
): Promise<StarStanding> {
  check(year);
  const mine = (await grades(ctx, unitId, type, year, modeOf(ctx, year, null))).find((g) => g.subjectId === subjectId);
  const history = await ctx.loaders
    .get<number, Awaited<ReturnType<typeof loadMonthly>>[number]>(`sr:monthly:${type}:${year}`, (ids) =>
      loadMonthly(ctx.db, type, year, ids),
    )
    .load(subjectId);
  return {
    year,
    rated: mine?.rated ?? false,
    score: mine?.score ?? 0,
    grade: mine?.rated ? mine.grade : null,
    vetoed: mine?.vetoed ?? false,
    starsOff: mine?.starsOff ?? 0,
    ...history,
    of: { unitId, path, year },
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
    return type ? standing(ctx, type, unit.id, unit.id, unit.path, year) : null;
  }

  @FieldResolver(() => StarRanking, {
    nullable: true,
    description:
      '星级排名 — the rated subjects under this unit by grade, then score (a vetoed subject after the others of its grade), ties sharing a position; live, or the official grades of a quarter. Subjects without a score book are counted apart (notRated), never ranked at 0★',
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
    if (first < 1 || first > 200) throw new AppError(ErrorCode.BAD_USER_INPUT, S.firstRange());
    const all = await grades(ctx, unit.id, subjectType, year, modeOf(ctx, year, quarter ?? null));
    const ranked = all.filter((g) => g.rated);
    const top = ranked.slice(0, first);
    const subjects = await Promise.all(top.map((g) => subjectNode(ctx, subjectType, g.subjectId)));
    return {
      total: ranked.length,
      notRated: all.length - ranked.length,
      entries: top.map((g, i) => ({
        position: g.position!,
        subject: subjects[i],
        score: g.score,
        grade: g.grade!,
        vetoed: g.vetoed,
      })),
      of: { unitId: unit.id, path: unit.path, year },
    };
  }

  @FieldResolver(() => [GradeCount], {
    nullable: true,
    description:
      '星级分布 — how many rated subjects under this unit hold each grade, 0–5 (subjects without a score book are not rated, and not counted at 0)',
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
    const { counts } = await ctx.loaders
      .get<number, { counts: number[] }>(`sr:distribution:${subjectType}:${year}:${quarter}`, (ids) =>
        loadDistribution(ctx.db, ids, subjectType, year, modeOf(ctx, year, quarter ?? null)),
      )
      .load(unit.id);
    const of = { unitId: unit.id, path: unit.path, year };
    return counts.map((count, grade) => ({ grade, count, of }));
  }

  @FieldResolver(() => [YearEndOutcome], {
    nullable: true,
    description:
      "年终结果 — for the rated subjects under this unit where star rating was on at the end of the year (31 December; for the running year, as it stands now): members at or below the unqualified line (rated unqualified: a list for review by people, not a status change); branches with their allowance adjustment (policy); committees with their service stars. Each subject's fourth-quarter fixed grade where that quarter was fixed for it, else its live grade on 31 December. Subjects without a score book are not rated and have no consequence.",
  })
  async starYearEnd(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — which subjects' }) subjectType: SubjectType,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ): Promise<YearEndOutcome[]> {
    check(year);
    const all = (await grades(ctx, unit.id, subjectType, year, { yearEnd: true })).filter((g) => g.rated);
    const policy = services(ctx).policy;
    const chosen =
      subjectType === SubjectType.MEMBER ? all.filter((g) => g.grade! <= policy.unqualifiedAtOrBelow) : all;
    const subjects = await Promise.all(chosen.map((g) => subjectNode(ctx, subjectType, g.subjectId)));
    return chosen.map((g, i) => ({
      subject: subjects[i],
      grade: g.grade!,
      score: g.score,
      official: g.official,
      allowancePercent: subjectType === SubjectType.BRANCH ? policy.branchAllowancePercent[g.grade!] : null,
      of: { unitId: unit.id, path: unit.path, year },
    }));
  }

  @FieldResolver(() => [ModelStarCandidate], {
    nullable: true,
    description:
      '示范星推荐 — the branches or committees under this unit the model-star rule (policy) proposes for a year, from their own year-end grade and their members’ year-end grades, ranked, with reasons and the county’s confirmation once made',
  })
  async modelStarCandidates(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('subjectType', () => SubjectType, { description: '创星对象 — BRANCH or COMMITTEE' }) subjectType: SubjectType,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ): Promise<ModelStarCandidate[]> {
    check(year);
    if (subjectType === SubjectType.MEMBER) throw new AppError(ErrorCode.BAD_USER_INPUT, S.modelStarsFor());
    const type = subjectType;
    const figures = await ctx.loaders
      .get<number, ModelStarFigures[]>(`sr:modelStarFigures:${type}:${year}`, async (ids) => {
        const rows = await loadModelStarFigures(ctx.db, services(ctx).policy, ids, type, year);
        return LoaderRegistry.group(ids, rows, (r) => r.targetId);
      })
      .load(unit.id);
    const proposed = figures.filter((f) => f.unmet.length === 0);
    const [subjects, confirmed] = await Promise.all([
      Promise.all(proposed.map((f) => ctx.loaders.byId(OrgUnit).load(f.subjectId))),
      modelStarsOf(
        ctx,
        year,
        proposed.map((f) => f.subjectId),
      ),
    ]);
    return proposed.map((f, i) => ({
      position: f.position!,
      subject: subjects[i],
      grade: f.grade!,
      score: f.score,
      official: f.official,
      members: f.members,
      membersAtOrAbove: f.membersAtOrAbove,
      memberShare: f.memberShare,
      reasons: f.reasons,
      modelStar: confirmed[i],
      of: { unitId: unit.id, path: unit.path, year },
    }));
  }

  @FieldResolver(() => [RankedModelStar], {
    nullable: true,
    description:
      '示范星 — the model stars confirmed for a year for this unit and the units under it, ranked: own grade, then share of members at the rule’s grade, then own score',
  })
  modelStars(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — year' }) year: number,
  ): Promise<RankedModelStar[]> {
    check(year);
    return ctx.loaders
      .get<number, RankedModelStar[]>(`sr:modelStars:${year}`, async (ids) => {
        const rows = await ctx.db.query<{ target_id: number; id: number; position: string }[]>(
          `SELECT t.id AS target_id, m.id,
                  rank() OVER (PARTITION BY t.id ORDER BY m.grade DESC,
                    CASE WHEN m.members = 0 THEN -1 ELSE m.members_at_or_above::numeric / m.members END DESC, m.score DESC) AS position
           FROM org_unit t JOIN sr_model_star m ON m.year = $2
           JOIN org_unit s ON s.id = m.subject_id AND s.path >= t.path AND s.path < t.path || '~'
           WHERE t.id = ANY($1::int[]) ORDER BY t.id, position, m.id`,
          [ids, year],
        );
        const stars = await ctx.loaders.byId(ModelStar).loadMany(rows.map((r) => r.id));
        const ranked = rows.map((r, i) => ({
          targetId: r.target_id,
          position: Number(r.position),
          modelStar: stars[i] instanceof ModelStar ? (stars[i] as ModelStar) : null,
        }));
        return LoaderRegistry.group(ids, ranked, (r) => r.targetId).map((list) =>
          list.map(({ position, modelStar }) => ({ position, modelStar })),
        );
      })
      .load(unit.id);
  }
}

/** The confirmed model stars of a year for some units (null where none), batched per request. */
async function modelStarsOf(ctx: Context, year: number, unitIds: number[]): Promise<(ModelStar | null)[]> {
  const loader = ctx.loaders.get<number, ModelStar | null>(`sr:modelStarOf:${year}`, async (ids) => {
    const rows = await ctx.db
      .getRepository(ModelStar)
      .createQueryBuilder('m')
      .where('m.subject_id = ANY(:ids) AND m.year = :year', { ids: [...ids], year })
      .getMany();
    return ids.map((id) => rows.find((r) => r.subjectId === id) ?? null);
  });
  return Promise.all(unitIds.map((id) => loader.load(id)));
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
    return standing(ctx, SubjectType.MEMBER, m.id, m.branchId, null, year);
  }
}
