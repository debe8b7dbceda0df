import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate } from '#module-kit';

/** What a figure remembers to tell its periods' state (not GraphQL fields). */
export interface PeriodsOf {
  /** The unit whose figure it is. */
  unitId: number;
  /** The weeks (Mondays) it counts. */
  weekStarts: LocalDate[];
}

/** The counts and rates shared by a week and a run of weeks. */
@ObjectType()
export abstract class RateFigures {
  @Field(() => Int, {
    description: '应报 — reports expected (units of reporting kinds under the unit that week, module on)',
  })
  expected: number;

  @Field(() => Int, {
    description:
      '已报 — reports reported: submitted and under review, or accepted; a report returned and not resubmitted is not',
  })
  submitted: number;

  @Field(() => Int, {
    description:
      '按时 — reported by the deadline, judged on the submission the level above accepts (or is reviewing); by policy on the first',
  })
  onTime: number;

  @Field(() => Int, { description: '迟报 — reported, after the deadline' })
  late: number;

  @Field(() => Int, { description: '未报 — not reported: never submitted, or returned and not resubmitted' })
  missing: number;

  @Field(() => Int, {
    description: '待审核 — of those reported, submitted and not yet accepted or returned (may still be returned)',
  })
  awaitingReview: number;

  @Field(() => Int, { description: '退回未重报 — of those missing, returned by the level above and not resubmitted' })
  returned: number;

  @Field(() => Float, { nullable: true, description: '上报率 — submitted / expected' })
  submissionRate: number | null;

  @Field(() => Float, { nullable: true, description: '按时上报率 — on time / expected' })
  onTimeRate: number | null;
}

@ObjectType({
  description:
    '周上报率 — expected, submitted and on-time reports of one week; rates are fractions 0–1, null when nothing was expected',
})
export class WeekRate extends RateFigures {
  /** The unit whose figure it is. */
  unitId: number;

  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;

  @Field(() => DateScalar, {
    description: '截止日 — the day the reports were due (Friday by policy, moved by the working-day calendar)',
  })
  dueOn: LocalDate;
}

@ObjectType({
  description:
    "上报情况汇总 — reporting over a run of weeks, rolled up over the unit's subtree; weeks still open are left out",
})
export class ReportingRate extends RateFigures implements PeriodsOf {
  unitId: number;
  weekStarts: LocalDate[];

  @Field(() => DateScalar, { description: '起始周 — the first week (Monday)' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止周 — the last week (Monday)' })
  to: LocalDate;

  @Field(() => Int, { description: '周数 — weeks counted (those whose deadline has passed)' })
  weeks: number;

  @Field(() => [WeekRate], { description: '按周 — the same figures week by week, for a chart' })
  byWeek: WeekRate[];
}

/** The counts and rates of plans (两下) shared by a week and a run of weeks. */
@ObjectType()
export abstract class PlanRateFigures {
  @Field(() => Int, {
    description:
      '应下发 — plans expected: townships and subdistricts with work stations under them, stations with villages or communities under them, that week, module on',
  })
  expected: number;

  @Field(() => Int, { description: '已下发 — plans issued' })
  issued: number;

  @Field(() => Int, { description: '按时下发 — issued by the deadline (end of Monday by policy, after the calendar)' })
  onTime: number;

  @Field(() => Int, { description: '迟发 — issued after the deadline' })
  late: number;

  @Field(() => Int, { description: '未下发 — not issued (no plan, or a draft never issued)' })
  missing: number;

  @Field(() => Float, { nullable: true, description: '下发率 — issued / expected' })
  issueRate: number | null;

  @Field(() => Float, { nullable: true, description: '按时下发率 — on time / expected' })
  onTimeRate: number | null;
}

@ObjectType({
  description:
    '周下发率 — expected, issued and on-time plans of one week; rates are fractions 0–1, null when nothing was expected',
})
export class PlanWeekRate extends PlanRateFigures {
  /** The unit whose figure it is. */
  unitId: number;

  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;

  @Field(() => DateScalar, {
    description:
      '截止日 — the day the plans were due (Monday by policy, moved by the working-day calendar; may fall in the week before)',
  })
  dueOn: LocalDate;
}

@ObjectType({
  description:
    "工作安排下发情况汇总 — plans issued over a run of weeks, rolled up over the unit's subtree; weeks whose plan deadline has not passed are left out",
})
export class PlanIssuingRate extends PlanRateFigures implements PeriodsOf {
  unitId: number;
  weekStarts: LocalDate[];

  @Field(() => DateScalar, { description: '起始周 — the first week (Monday)' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止周 — the last week (Monday)' })
  to: LocalDate;

  @Field(() => Int, { description: '周数 — weeks counted (those whose plan deadline has passed)' })
  weeks: number;

  @Field(() => [PlanWeekRate], { description: '按周 — the same figures week by week, for a chart' })
  byWeek: PlanWeekRate[];
}

@ObjectType({
  description: '事项完成率 — how the plan items answered in the reported reports under the unit were done',
})
export class PlanCompletion implements PeriodsOf {
  unitId: number;
  weekStarts: LocalDate[];

  @Field(() => DateScalar, { description: '起始周 — the first week (Monday)' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止周 — the last week (Monday)' })
  to: LocalDate;

  @Field(() => Int, {
    description:
      '已答事项 — item answers in reported reports (submitted or accepted; not in drafts or reports returned and not resubmitted)',
  })
  answered: number;

  @Field(() => Int, { description: '已完成 — done' })
  done: number;

  @Field(() => Int, { description: '部分完成 — partly done' })
  partlyDone: number;

  @Field(() => Int, { description: '未完成 — not done' })
  notDone: number;

  @Field(() => Float, { nullable: true, description: '完成占比 — done / answered' })
  doneShare: number | null;

  @Field(() => Float, { nullable: true, description: '部分完成占比 — partly done / answered' })
  partlyDoneShare: number | null;

  @Field(() => Float, { nullable: true, description: '未完成占比 — not done / answered' })
  notDoneShare: number | null;
}
