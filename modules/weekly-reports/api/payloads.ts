import { Field, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate, OrgUnit, UserError } from '#module-kit';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { ReportDueStatus, Timeliness } from '../enums';

@ObjectType({ description: '工作安排变更结果 — the plan after the change, or why nothing changed' })
export class WorkPlanPayload {
  @Field(() => WorkPlan, { nullable: true, description: '工作安排 — the plan; null when userErrors is not empty' })
  workPlan?: WorkPlan | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '周报变更结果 — the report after the change, or why nothing changed' })
export class WeeklyReportPayload {
  @Field(() => WeeklyReport, { nullable: true, description: '周报 — the report; null when userErrors is not empty' })
  weeklyReport?: WeeklyReport | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '上报情况 — one expected reporter in a week: did its report come in, and when' })
export class ReportingStatusEntry {
  @Field(() => OrgUnit, { description: '报告单位 — the village, community or work station' })
  unit: OrgUnit;

  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;

  @Field(() => Timeliness, {
    description:
      '及时性 — on time, late, missing or pending; a report returned and not resubmitted is missing (or pending before the deadline)',
  })
  timeliness: Timeliness;

  @Field(() => WeeklyReport, { nullable: true, description: '周报 — the report, if one was started' })
  report: WeeklyReport | null;
}

@ObjectType({
  description:
    '周报应报情况 — a unit and its report of one week: whether it owes one, whether it is due yet, and whether it came in',
})
export class WeeklyReportDue {
  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;

  @Field(() => ReportDueStatus, {
    description: '应报状态 — not expected, not yet due, missing, returned, submitted or accepted',
  })
  status: ReportDueStatus;

  @Field(() => Timeliness, {
    nullable: true,
    description: '及时性 — on time, late, missing or pending, as in reportingStatus; null when not expected',
  })
  timeliness: Timeliness | null;

  @Field(() => DateScalar, {
    description: "截止日 — the due day after the working-day calendar (the policy's weekday, moved off a day off)",
  })
  dueDay: LocalDate;

  @Field(() => Date, { description: "截止时间 — the end of the due day in the deployment's time zone" })
  dueAt: Date;

  @Field(() => WeeklyReport, { nullable: true, description: '周报 — the report, if one was started' })
  report: WeeklyReport | null;
}

@ObjectType({ description: '下发情况 — one expected plan issuer in a week: did its plan go out, and when' })
export class PlanStatusEntry {
  @Field(() => OrgUnit, { description: '下发单位 — the township, subdistrict or work station' })
  unit: OrgUnit;

  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;

  @Field(() => Timeliness, {
    description:
      '及时性 — issued on time or late; missing (no plan, or a draft never issued) or pending before the deadline',
  })
  timeliness: Timeliness;

  @Field(() => WorkPlan, { nullable: true, description: '工作安排 — the plan, if one was started' })
  plan: WorkPlan | null;
}

@ObjectType({ description: "村级上报汇总 — a station report's summary of its villages' reports that week" })
export class VillageSummary {
  @Field(() => Number, { description: '应报村数 — villages and communities expected to report' })
  expected: number;

  @Field(() => Number, { description: '已报 — submitted' })
  submitted: number;

  @Field(() => Number, { description: '按时 — on time' })
  onTime: number;

  @Field(() => Number, {
    nullable: true,
    description: "事项完成占比 — share of the villages' answered items that were done",
  })
  itemsDoneShare: number | null;
}
