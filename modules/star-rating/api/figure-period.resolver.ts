import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, figurePeriods } from '#module-kit';
import { MODULE } from '../services';
import { type FigureOf, GradeCount, ModelStarCandidate, StarRanking, StarStanding, YearEndOutcome } from './types';

/** The state of a year of star figures for a unit (batched over the request by the core). */
const periodOf = (ctx: Context, of: FigureOf): Promise<FigurePeriod> =>
  figurePeriods(ctx, MODULE, of.unitId, [`${of.year}-01-01`]).then(([state]) => state);

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
