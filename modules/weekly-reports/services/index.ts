import { type App, servicesOf } from '#module-kit';
import { Deadlines } from './calendar';
import { PlanService } from './plan.service';
import { weeklyReportsPolicy, type WeeklyReportsPolicy } from './policy';
import { ReportService } from './report.service';
import { WeekFigures } from './week-figures';

import { MODULE } from './tallies';

export { MODULE };

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
  const figures = new WeekFigures(app.figures);
  return { policy, deadlines, plans: new PlanService(figures), reports: new ReportService(deadlines, figures) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<WeeklyReportsServices>(MODULE);
