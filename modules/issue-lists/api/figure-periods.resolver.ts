import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, FigurePeriod, figurePeriods } from '#module-kit';
import { MODULE } from '../services';
import { InspectionCoverage, IssueStats } from './figures.types';

@Resolver(() => IssueStats)
export class IssueStatsPeriods {
  @FieldResolver(() => [FigurePeriod], {
    description:
      '统计期 — the months the range touches (issue figures are kept and closed by month): closed or open, and whether an administrator reopened them',
  })
  periods(@Root() x: IssueStats, @Ctx() ctx: Context) {
    return figurePeriods(ctx, MODULE, x.unitId, x.periodStarts);
  }
}

@Resolver(() => InspectionCoverage)
export class InspectionCoveragePeriods {
  @FieldResolver(() => [FigurePeriod], {
    description:
      '统计期 — the months the range touches (inspections are closed by month): closed or open, and whether an administrator reopened them',
  })
  periods(@Root() x: InspectionCoverage, @Ctx() ctx: Context) {
    return figurePeriods(ctx, MODULE, x.unitId, x.periodStarts);
  }
}
