import type { Context, LocalDate } from '#module-kit';
import type { WeeklyReport } from '../entities/weekly-report.entity';
import type { WorkPlan } from '../entities/work-plan.entity';
import type { Timeliness } from '../enums';
import { services } from '../services';
import { planTimeliness, reportTimeliness } from '../services/timeliness';

/** The end of a week's report due day, after the working-day calendar, as an instant in the deployment's time zone. */
export const reportDeadlineOf = (ctx: Context, week: LocalDate): Date => services(ctx).deadlines.report(week).deadline;

/** The end of a week's plan due day, after the working-day calendar. */
export const planDeadlineOf = (ctx: Context, week: LocalDate): Date => services(ctx).deadlines.plan(week).deadline;

/** A report's timeliness (or a missing report's, `null`) by the policy's rule, at the request's instant. */
export function timelinessOf(ctx: Context, report: WeeklyReport | null, week: LocalDate): Timeliness {
  return reportTimeliness(services(ctx).policy, report, reportDeadlineOf(ctx, week), ctx.now);
}

/** A plan's timeliness (or a missing plan's, `null`) at the request's instant. */
export function planTimelinessOf(ctx: Context, plan: WorkPlan | null, week: LocalDate): Timeliness {
  return planTimeliness(plan, planDeadlineOf(ctx, week), ctx.now);
}
