import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, figurePeriods, type LocalDate, PeriodKind, periodStarts } from '#module-kit';
import { MODULE } from '../services';
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
}

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
