import { type App, servicesOf } from '#module-kit';
import { PlanService } from './plan.service';
import { weeklyReportsPolicy, type WeeklyReportsPolicy } from './policy';
import { ReportService } from './report.service';

export const MODULE = 'weekly-reports';

export interface WeeklyReportsServices {
  policy: WeeklyReportsPolicy;
  plans: PlanService;
  reports: ReportService;
}

export function createServices(app: App): WeeklyReportsServices {
  const policy = weeklyReportsPolicy(app.policy);
  return { policy, plans: new PlanService(), reports: new ReportService(policy) };
}

/** This module's services, built once per process by `createServices`. */
export const services = servicesOf<WeeklyReportsServices>(MODULE);
