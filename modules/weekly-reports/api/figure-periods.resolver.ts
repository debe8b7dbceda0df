import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, type LocalDate, type PeriodState } from '#module-kit';
import { MODULE } from '../services/tallies';
import { PlanCompletion, PlanIssuingRate, PlanWeekRate, ReportingRate, WeekRate } from './figures.types';

/**
 * The state of weeks for a unit's figures: one `states()` per unit asked in the request (a loader
 * keyed by unit and week), whatever the number of weeks and figures.
 */
function weekState(ctx: Context, unitId: number, week: LocalDate): Promise<PeriodState> {
  return ctx.loaders
    .get<string, PeriodState>('wr:periodState', async (keys) => {
      const byUnit = new Map<number, LocalDate[]>();
      for (const k of keys) {
        const [u, w] = k.split('|');
        byUnit.set(Number(u), [...(byUnit.get(Number(u)) ?? []), w]);
      }
      const found = new Map<string, PeriodState>();
      for (const [unit, starts] of byUnit) {
        const states = await ctx.app.figures.reopenings.states(ctx.db, {
          module: MODULE,
          unitId: unit,
          starts: [...new Set(starts)],
          today: ctx.today,
        });
        for (const s of states) found.set(`${unit}|${s.start}`, s);
      }
      return keys.map((k) => found.get(k)!);
    })
    .load(`${unitId}|${week}`);
}

const statesOf = (ctx: Context, f: { unitId: number; weekStarts: LocalDate[] }) =>
  Promise.all(f.weekStarts.map((w) => weekState(ctx, f.unitId, w)));

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
