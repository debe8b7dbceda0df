import { defineModule } from '#module-kit';
import { OrgUnitWeeklyReportFields } from './api/org-unit-fields.resolver';
import { PlanItemResolver, WorkPlanResolver } from './api/plan.resolver';
import { ReportAnswerResolver, ReportProblemResolver, WeeklyReportResolver } from './api/report.resolver';
import { PlanItem } from './entities/plan-item.entity';
import { ReportAnswer } from './entities/report-answer.entity';
import { ReportClaim } from './entities/report-claim.entity';
import { ReportEntry } from './entities/report-entry.entity';
import { WeeklyReport } from './entities/weekly-report.entity';
import { WorkPlan } from './entities/work-plan.entity';
import { WeeklyReports1764000000000 } from './migrations/1764000000000-weekly-reports';
import { WeeklyReportRules1764510000000 } from './migrations/1764510000000-weekly-report-rules';
import { WeeklyReportFigures1764800000000 } from './migrations/1764800000000-weekly-report-figures';
import { WeeklyReportAnswerSource1765700000000 } from './migrations/1765700000000-answer-source';
import { WeeklyReportAnswerClaims1765900000000 } from './migrations/1765900000000-answer-claims';
import { seedWeeklyReports } from './seed';
import { createServices, MODULE } from './services';
import { weeklyReportFigures } from './services/tallies';
import { weeklyReminders } from './services/reminders';
import {
  PlanCompletionPeriods,
  PlanIssuingRatePeriods,
  PlanWeekRatePeriod,
  ReportingRatePeriods,
  WeekRatePeriod,
} from './api/figure-periods.resolver';

export default defineModule({
  name: MODULE,
  title: '周报（两下两上）Weekly reports',
  description:
    "两下两上 (seed 000): each Monday townships issue the week's work plan to their work stations and stations to their villages; each Friday villages report to their station and stations to their township, level by level. Deadlines follow the working-day calendar. Plan issuing and reporting rates and timeliness, plan completion.",
  entities: [WorkPlan, PlanItem, WeeklyReport, ReportAnswer, ReportClaim, ReportEntry],
  resolvers: [
    WorkPlanResolver,
    PlanItemResolver,
    WeeklyReportResolver,
    ReportAnswerResolver,
    ReportProblemResolver,
    OrgUnitWeeklyReportFields,
    WeekRatePeriod,
    PlanWeekRatePeriod,
    ReportingRatePeriods,
    PlanIssuingRatePeriods,
    PlanCompletionPeriods,
  ],
  migrations: [
    WeeklyReports1764000000000,
    WeeklyReportRules1764510000000,
    WeeklyReportFigures1764800000000,
    WeeklyReportAnswerSource1765700000000,
    WeeklyReportAnswerClaims1765900000000,
  ],
  figures: weeklyReportFigures,
  // What a front end subscribes to (README, "Live events"): a report's steps through the level above.
  events: {
    createWeeklyReport: {
      type: 'WEEKLY_REPORT_CREATED',
      description: '周报已创建 — a unit started its report of a week',
    },
    saveWeeklyReport: { type: 'WEEKLY_REPORT_SAVED', description: '周报已保存 — a draft or returned report was saved' },
    submitWeeklyReport: {
      type: 'WEEKLY_REPORT_SUBMITTED',
      description: '周报已提交 — a report went up to the level above for review',
    },
    returnWeeklyReport: {
      type: 'WEEKLY_REPORT_RETURNED',
      description: '周报被退回 — the level above returned a report for changes, with its reason',
    },
    acceptWeeklyReport: {
      type: 'WEEKLY_REPORT_ACCEPTED',
      description: '周报已审核通过 — the level above accepted a report; it is locked',
    },
    issueWorkPlan: {
      type: 'WORK_PLAN_ISSUED',
      description: '工作计划已下发 — a township or station issued the week’s plan to the level below',
    },
  },
  services: createServices,
  reminders: weeklyReminders,
  seed: seedWeeklyReports,
});
