import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, nextPeriodStart, OrgUnit, PeriodKind, plusDays } from '#module-kit';
import { MODULE } from '../services';
import { type FigureOf, GradeCount, ModelStarCandidate, StarRanking, StarStanding, YearEndOutcome } from './types';

interface Reopened {
  from_day: string;
  to_day: string;
  path: string;
}

/**
 * The state of a year of star figures for a unit: closed or open (the engine's first open day), the
 * day it closes, and whether an administrator reopened it for the unit, a unit above or one under it
 * (as `reopenings.states` judges it). The module's reopenings are read once per request, in one
 * statement, whatever the number of figures and units asking; the unit's path comes with the figure
 * (or from the unit loader).
 */
async function periodOf(ctx: Context, of: FigureOf): Promise<FigurePeriod> {
  const [reopenings, path] = await Promise.all([
    ctx.loaders
      .get<string, Reopened[]>('sr:reopenings', async (keys) => {
        const rows: Reopened[] = await ctx.db.query(
          `SELECT r.from_day::text AS from_day, r.to_day::text AS to_day, u.path
           FROM period_reopening r JOIN org_unit u ON u.id = r.unit_id WHERE r.module = $1`,
          [MODULE],
        );
        return keys.map(() => rows);
      })
      .load(MODULE),
    of.path ??
      ctx.loaders
        .byId(OrgUnit)
        .load(of.unitId)
        .then((u) => u?.path ?? null),
  ]);
  const start = `${of.year}-01-01`;
  const open = ctx.app.figures.firstOpenDay(MODULE, ctx.today)!;
  return {
    kind: PeriodKind.YEAR,
    start,
    closed: start < open,
    closesOn: plusDays(nextPeriodStart(PeriodKind.YEAR, start), ctx.app.figures.closeAfterDays(MODULE)),
    reopened:
      path !== null &&
      reopenings.some(
        (r) => r.from_day <= start && r.to_day > start && (path.startsWith(r.path) || r.path.startsWith(path)),
      ),
  };
}

const PERIOD = {
  description:
    '统计期 — the year this figure counts in: open, or closed (backdated changes refused PERIOD_CLOSED), and whether an administrator reopened it',
};

const missing = (): never => {
  throw new Error('a star figure without its unit and year');
};

@Resolver(() => GradeCount)
export class GradeCountPeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() x: GradeCount, @Ctx() ctx: Context) {
    return periodOf(ctx, x.of ?? missing());
  }
}

@Resolver(() => StarRanking)
export class StarRankingPeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() x: StarRanking, @Ctx() ctx: Context) {
    return periodOf(ctx, x.of ?? missing());
  }
}

@Resolver(() => StarStanding)
export class StarStandingPeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() x: StarStanding, @Ctx() ctx: Context) {
    return periodOf(ctx, x.of ?? missing());
  }
}

@Resolver(() => YearEndOutcome)
export class YearEndOutcomePeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() x: YearEndOutcome, @Ctx() ctx: Context) {
    return periodOf(ctx, x.of ?? missing());
  }
}

@Resolver(() => ModelStarCandidate)
export class ModelStarCandidatePeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() x: ModelStarCandidate, @Ctx() ctx: Context) {
    return periodOf(ctx, x.of ?? missing());
  }
}

export const FIGURE_PERIOD_RESOLVERS = [
  GradeCountPeriod,
  StarRankingPeriod,
  StarStandingPeriod,
  YearEndOutcomePeriod,
  ModelStarCandidatePeriod,
];
