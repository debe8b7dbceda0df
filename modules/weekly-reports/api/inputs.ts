import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, IdReach, type LocalDate, Reaches, SortDirection } from '#module-kit';
import { ItemCategory, Outcome, ReportingStatusOrder } from '../enums';

@InputType({ description: '工作事项 — a task of a weekly plan' })
export class WorkPlanItemInput {
  @Field({ description: '事项 — what is to be done' })
  @Length(1, 200)
  title: string;

  @Field(() => String, { nullable: true, description: '要求 — details' })
  @IsOptional()
  @MaxLength(2000)
  details?: string | null;

  @Field(() => ItemCategory, { description: '类别 — category' })
  category: ItemCategory;

  @Field(() => [ID], {
    nullable: true,
    description: '对象 — units directly under the issuer that the item is for; omit for all of them',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  targetIds?: string[] | null;
}

@InputType({ description: '新建周工作安排 — a draft plan of a township, subdistrict or work station for one week' })
export class CreateWorkPlanInput {
  @Field(() => ID, { description: '下发单位 — the township, subdistrict or work station' })
  unitId: string;

  @Field(() => DateScalar, { description: "周 — the week's Monday (at most 8 weeks ahead)" })
  week: LocalDate;

  @Field(() => [WorkPlanItemInput], { nullable: true, description: '事项 — first items' })
  @IsOptional()
  @ArrayMaxSize(100)
  items?: WorkPlanItemInput[];
}

@InputType({ description: '增加事项 — add items to a draft plan' })
export class AddWorkPlanItemsInput {
  @Field(() => ID, { description: '工作安排 — the plan' })
  planId: string;

  @Field(() => Int, {
    nullable: true,
    description: '版本 — the version you read; a different current version answers CONFLICT',
  })
  version?: number;

  @Field(() => [WorkPlanItemInput], { description: '事项 — the items' })
  @ArrayMaxSize(100)
  items: WorkPlanItemInput[];
}

@InputType({ description: '删除事项 — remove an item from a draft plan' })
export class RemoveWorkPlanItemInput {
  @Field(() => ID, { description: '工作安排 — the plan' })
  planId: string;

  @Field(() => ID, { description: '事项 — the item' })
  itemId: string;
}

@InputType({ description: "复制上级事项 — a station copies items of its township's issued plan for the same week" })
export class CopyWorkPlanItemsInput {
  @Field(() => ID, { description: "工作安排 — the station's draft plan" })
  planId: string;

  @Field(() => [ID], { description: "上级事项 — items of the township's plan" })
  @ArrayMaxSize(100)
  @Reaches(IdReach.UNIT_ABOVE_WORK) // the township's plan, above the station
  fromItemIds: string[];
}

@InputType({ description: '下发 — issue a draft plan; its items are then fixed' })
export class IssueWorkPlanInput {
  @Field(() => ID, { description: '工作安排 — the plan' })
  planId: string;

  @Field(() => Int, { nullable: true, description: '版本 — the version you read' })
  version?: number;
}

@InputType({
  description: '新建周报 — a draft report of a village, community or work station for a week that has begun',
})
export class CreateWeeklyReportInput {
  @Field(() => ID, { description: '报告单位 — the village or community branch, or the work station' })
  unitId: string;

  @Field(() => DateScalar, { description: "周 — the week's Monday" })
  week: LocalDate;
}

@InputType({ description: '事项完成情况 — the answer to one plan item' })
export class ReportAnswerInput {
  @Field(() => ID, { description: '事项 — the plan item' })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // an item of the plan of the level above the reporting unit
  itemId: string;

  @Field(() => Outcome, { description: '完成情况 — outcome' })
  outcome: Outcome;

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '发现的问题 — a problem found during the week' })
export class ReportProblemInput {
  @Field({ description: '内容 — the problem' })
  @Length(1, 2000)
  text: string;

  @Field(() => ItemCategory, { nullable: true, description: '类别 — category' })
  category?: ItemCategory | null;
}

@InputType({ description: '保存周报 — replace the content of a draft report' })
export class SaveWeeklyReportInput {
  @Field(() => ID, { description: '周报 — the report' })
  reportId: string;

  @Field(() => Int, {
    nullable: true,
    description: '版本 — the version you read; a different current version answers CONFLICT',
  })
  version?: number;

  @Field(() => [ReportAnswerInput], { description: '事项完成情况 — answers to the plan items' })
  @ArrayMaxSize(200)
  answers: ReportAnswerInput[];

  @Field(() => [String], { description: '其他工作 — other work done' })
  @ArrayMaxSize(50)
  @MaxLength(2000, { each: true })
  otherWork: string[];

  @Field(() => [ReportProblemInput], { description: '发现的问题 — problems found' })
  @ArrayMaxSize(50)
  problems: ReportProblemInput[];

  @Field(() => String, {
    nullable: true,
    description:
      '本周无工作说明 — "nothing this week" and why (a holiday week, training away); only when no item was done or partly done and no other work is reported. Omitted: the report states work done',
  })
  @IsOptional()
  @MaxLength(1000)
  noWorkReason?: string | null;
}

@InputType({ description: '周报操作 — a report and the version you read' })
export class WeeklyReportActionInput {
  @Field(() => ID, { description: '周报 — the report' })
  reportId: string;

  @Field(() => Int, { nullable: true, description: '版本 — the version you read' })
  version?: number;
}

@InputType({ description: '问题转入问题清单 — raise a problem found in a report as an issue' })
export class RaiseIssueFromProblemInput {
  @Field(() => ID, { description: '发现的问题 — the problem (ReportProblem.id)' })
  problemId: string;
}

@InputType({ description: '退回周报 — send a submitted report back with a reason' })
export class ReturnWeeklyReportInput {
  @Field(() => ID, { description: '周报 — the report' })
  reportId: string;

  @Field({ description: '退回原因 — why' })
  @Length(1, 1000)
  reason: string;
}

@InputType('ReportingStatusOrderBy', {
  description: '上报情况排序 — the order of a reporting-status list: a field and a direction',
})
export class ReportingStatusOrderBy {
  @Field(() => ReportingStatusOrder, { description: '排序字段 — what to sort by' })
  field: ReportingStatusOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}
