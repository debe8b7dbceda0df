import { type App, servicesOf } from '#module-kit';
import { Deadlines } from './calendar';
import { PlanService } from './plan.service';
import { weeklyReportsPolicy, type WeeklyReportsPolicy } from './policy';
import { ReportService } from './report.service';
import { PlanItemPort } from './plan-item-port';
import { WeekFigures } from './week-figures';

import { MODULE } from './tallies';

export { MODULE };

export interface WeeklyReportsServices {
  policy: WeeklyReportsPolicy;
  /** Each week's plan and report deadlines, after the working-day calendar. */
  deadlines: Deadlines;
  plans: PlanService;
  reports: ReportService;
  /** The port other modules reach (`portFor`): plan items marked done by their records (services/plan-item-port.ts). */
  planItems: PlanItemPort;
}

export function createServices(app: App): WeeklyReportsServices {
  const policy = weeklyReportsPolicy(app.policy);
  const deadlines = new Deadlines(policy, app.clock.timeZone);
  const figures = new WeekFigures(app.figures);
  const reports = new ReportService(deadlines, figures);
  return { policy, deadlines, plans: new PlanService(figures), reports, planItems: new PlanItemPort(reports, figures) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<WeeklyReportsServices>(MODULE);
