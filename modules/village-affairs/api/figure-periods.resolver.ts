import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, figurePeriods, type LocalDate, PeriodKind, periodStarts } from '#module-kit';
import { MODULE, services } from '../services';
import { loadVillageCounts } from '../services/figures';
import { DisclosureCompliance, FeedbackFigures, MatterFigures } from './types';

const DESCRIPTION =
  '统计期 — the months the range touches, each open or closed (backdated changes to it are refused PERIOD_CLOSED) and whether an administrator reopened it';

/** The months of a range with their state for a unit (batched over the request by the core). */
const periodsOf = (ctx: Context, unitId: number, from: LocalDate, to: LocalDate): Promise<FigurePeriod[]> =>
  figurePeriods(ctx, MODULE, unitId, periodStarts(PeriodKind.MONTH, from, to));

@Resolver(() => DisclosureCompliance)
export class DisclosureCompliancePeriods {
  @FieldResolver(() => [FigurePeriod], { description: DESCRIPTION })
  periods(@Root() x: DisclosureCompliance, @Ctx() ctx: Context) {
    return periodsOf(ctx, x.unitId, x.from, x.to);
  }

  @FieldResolver(() => Int, {
    description: '村（社区）数 — villages and communities that owed a disclosure in the range (module on)',
  })
  async villages(@Root() x: DisclosureCompliance, @Ctx() ctx: Context) {
    return (await villageCounts(ctx, x)).villages;
  }

  @FieldResolver(() => Int, { description: '有缺项的村 — villages with at least one missing disclosure' })
  async villagesWithMissing(@Root() x: DisclosureCompliance, @Ctx() ctx: Context) {
    return (await villageCounts(ctx, x)).villagesWithMissing;
  }
}

/** Distinct villages are counted village by village, batched over the request, only when a query asks. */
const villageCounts = (ctx: Context, x: DisclosureCompliance) =>
  ctx.loaders
    .get<number, { villages: number; villagesWithMissing: number }>(`va:villages:${x.from}:${x.to}`, (ids) =>
      loadVillageCounts(
        ctx.db,
        services(ctx).policy,
        ids,
        x.from,
        x.to,
        ctx.today,
        ctx.app.figures.closeAfterDays(MODULE),
      ),
    )
    .load(x.unitId);

@Resolver(() => MatterFigures)
export class MatterFiguresPeriods {
  @FieldResolver(() => [FigurePeriod], { description: DESCRIPTION })
  periods(@Root() x: MatterFigures, @Ctx() ctx: Context) {
    return periodsOf(ctx, x.unitId, x.from, x.to);
  }
}

@Resolver(() => FeedbackFigures)
export class FeedbackFiguresPeriods {
  @FieldResolver(() => [FigurePeriod], { description: DESCRIPTION })
  periods(@Root() x: FeedbackFigures, @Ctx() ctx: Context) {
    return periodsOf(ctx, x.unitId, x.from, x.to);
  }
}
