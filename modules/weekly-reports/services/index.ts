import { type App, servicesOf } from '#module-kit';
import { Deadlines } from './calendar';
import { PlanService } from './plan.service';
import { weeklyReportsPolicy, type WeeklyReportsPolicy } from './policy';
import { ReportService } from './report.service';

export const MODULE = 'weekly-reports';

export interface WeeklyReportsServices {
  policy: WeeklyReportsPolicy;
  /** Each week's plan and report deadlines, after the working-day calendar. */
  deadlines: Deadlines;
  plans: PlanService;
  reports: ReportService;
}

export function createServices(app: App): WeeklyReportsServices {
  const policy = weeklyReportsPolicy(app.policy);
  const deadlines = new Deadlines(policy, app.clock.timeZone);
  return { policy, deadlines, plans: new PlanService(), reports: new ReportService(deadlines) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<WeeklyReportsServices>(MODULE);
