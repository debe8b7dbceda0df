import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, figurePeriods, type LocalDate, type PeriodState } from '#module-kit';
import { MODULE } from '../services/tallies';
import { PlanCompletion, PlanIssuingRate, PlanWeekRate, ReportingRate, WeekRate } from './figures.types';

/** The state of a week for a unit's figures (batched over the request by the core). */
const weekState = (ctx: Context, unitId: number, week: LocalDate): Promise<PeriodState> =>
  figurePeriods(ctx, MODULE, unitId, [week]).then(([state]) => state);

const statesOf = (ctx: Context, f: { unitId: number; weekStarts: LocalDate[] }) =>
  figurePeriods(ctx, MODULE, f.unitId, f.weekStarts);

const PERIOD = {
  description: '统计期 — the week this figure counts in: open or closed, and whether it was reopened',
};
const PERIODS = {
  description: '统计期 — the weeks these figures count, each open or closed, and whether it was reopened',
};

@Resolver(() => WeekRate)
export class WeekRatePeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() r: WeekRate, @Ctx() ctx: Context) {
    return weekState(ctx, r.unitId, r.week);
  }
}

@Resolver(() => PlanWeekRate)
export class PlanWeekRatePeriod {
  @FieldResolver(() => FigurePeriod, PERIOD)
  period(@Root() r: PlanWeekRate, @Ctx() ctx: Context) {
    return weekState(ctx, r.unitId, r.week);
  }
}

@Resolver(() => ReportingRate)
export class ReportingRatePeriods {
  @FieldResolver(() => [FigurePeriod], PERIODS)
  periods(@Root() r: ReportingRate, @Ctx() ctx: Context) {
    return statesOf(ctx, r);
  }
}

@Resolver(() => PlanIssuingRate)
export class PlanIssuingRatePeriods {
  @FieldResolver(() => [FigurePeriod], PERIODS)
  periods(@Root() r: PlanIssuingRate, @Ctx() ctx: Context) {
    return statesOf(ctx, r);
  }
}

@Resolver(() => PlanCompletion)
export class PlanCompletionPeriods {
  @FieldResolver(() => [FigurePeriod], PERIODS)
  periods(@Root() r: PlanCompletion, @Ctx() ctx: Context) {
    return statesOf(ctx, r);
  }
}
