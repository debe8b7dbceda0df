import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate } from '#module-kit';

/** The counts and rates shared by a week and a run of weeks. */
@ObjectType()
export abstract class RateFigures {
  @Field(() => Int, {
    description: '应报 — reports expected (units of reporting kinds under the unit that week, module on)',
  })
  expected: number;

  @Field(() => Int, { description: '已报 — reports submitted' })
  submitted: number;

  @Field(() => Int, { description: '按时 — first submitted by the deadline' })
  onTime: number;

  @Field(() => Int, { description: '迟报 — submitted after the deadline' })
  late: number;

  @Field(() => Int, { description: '未报 — not submitted' })
  missing: number;

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
  @Field(() => DateScalar, { description: '周 — the week (its Monday)' })
  week: LocalDate;
}

@ObjectType({
  description:
    "上报情况汇总 — reporting over a run of weeks, rolled up over the unit's subtree; weeks still open are left out",
})
export class ReportingRate extends RateFigures {
  @Field(() => DateScalar, { description: '起始周 — the first week (Monday)' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止周 — the last week (Monday)' })
  to: LocalDate;

  @Field(() => Int, { description: '周数 — weeks counted (those whose deadline has passed)' })
  weeks: number;

  @Field(() => [WeekRate], { description: '按周 — the same figures week by week, for a chart' })
  byWeek: WeekRate[];
}

@ObjectType({ description: '事项完成率 — how the plan items answered in submitted reports under the unit were done' })
export class PlanCompletion {
  @Field(() => DateScalar, { description: '起始周 — the first week (Monday)' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止周 — the last week (Monday)' })
  to: LocalDate;

  @Field(() => Int, { description: '已答事项 — item answers in submitted reports' })
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
