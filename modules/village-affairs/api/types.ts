import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, FigurePeriod, type LocalDate, UserError } from '#module-kit';
import { VillageDisclosure } from '../entities/disclosure.entity';
import { VillageFeedback } from '../entities/feedback.entity';
import { VillageMatter } from '../entities/matter.entity';
import { PowerListItem } from '../entities/power-item.entity';
import { DueStatus, MatterCategory, MatterStep } from '../enums';

@ObjectType({ description: '公开类别 — a disclosure category and its schedule (policy)' })
export class DisclosureCategoryRule {
  @Field({ description: "代码 — FINANCE, MATERIALS, … or a locality's own" })
  category: string;

  @Field({ description: '名称 — what is disclosed' })
  title: string;

  @Field(() => Int, {
    description: '周期（月） — due every this many months (1 monthly, 3 quarterly), aligned to the calendar year',
  })
  everyMonths: number;

  @Field(() => Int, { description: "期限（天） — days after the period's end by which it must be published" })
  withinDays: number;
}

@ObjectType({ description: '应公开事项 — one disclosure a village owed for a period, and how it stands' })
export class DueDisclosure {
  @Field({ description: '类别 — category' })
  category: string;

  @Field({ description: '名称 — category title' })
  title: string;

  @Field(() => DateScalar, { description: '期间起 — period start' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — period end' })
  periodEnd: LocalDate;

  @Field(() => DateScalar, { description: '应公开日 — due by' })
  dueOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '公开日期 — the declared publication day of the disclosure that met the period (covering all of it, published after it ended; the earliest judged); null if none',
  })
  publishedOn: LocalDate | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '认定日期 — the day it was judged by: the declared day, or the day it was entered when entered late and the policy says so',
  })
  judgedOn: LocalDate | null;

  @Field({
    description:
      "补录 — the disclosure that met it was entered more than the policy's grace days after its declared day",
  })
  recordedLate: boolean;

  @Field(() => DueStatus, { description: '情况 — on time, late, partial, missing, or not yet due' })
  status: DueStatus;
}

/** The counts every compliance figure shares. */
@ObjectType({ description: '公开计数 — shared counts (not in the schema on its own)' })
abstract class ComplianceCounts {
  @Field(() => Int, { description: '应公开 — due (on time + late + partial + missing)' })
  due: number;

  @Field(() => Int, {
    description: '按时 — on time: the whole period disclosed after it ended, by the due day',
  })
  onTime: number;

  @Field(() => Int, { description: '不及时 — late' })
  late: number;

  @Field(() => Int, {
    description: '不完整 — partial: only disclosed before the period ended, or for part of it, and the due day passed',
  })
  partial: number;

  @Field(() => Int, { description: '未公开 — missing' })
  missing: number;

  @Field(() => Int, {
    description:
      "补录 — periods met (on time or late) by a disclosure entered more than the policy's grace days after its declared day (flagged)",
  })
  recordedLate: number;

  @Field(() => Int, { description: '未到期 — not yet due' })
  notYetDue: number;

  @Field(() => Float, { nullable: true, description: '及时率 — on time / due' })
  onTimeRate: number | null;
}

@ObjectType({ description: '按类别公开情况 — compliance of one category' })
export class CategoryCompliance extends ComplianceCounts {
  @Field({ description: '类别 — category' })
  category: string;

  @Field({ description: '名称 — category title' })
  title: string;
}

@ObjectType({
  description:
    '村务公开情况 — disclosures due from the villages under a unit in a range, judged against the schedule; rolled up in PostgreSQL',
})
export class DisclosureCompliance extends ComplianceCounts {
  /** The unit the figure is of (not in the schema: the periods' states are read for it). */
  unitId: number;

  /** 统计期: resolved by FigurePeriodsResolver (api/figure-periods.resolver.ts). */
  periods?: FigurePeriod[];

  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  /** 村（社区）数 and 有缺项的村: counted village by village only when asked (api/figure-periods.resolver.ts). */
  villages?: number;
  villagesWithMissing?: number;

  @Field(() => [CategoryCompliance], { description: '按类别 — by category' })
  byCategory: CategoryCompliance[];
}

@ObjectType({ description: '按类别事项 — matters of one category' })
export class MatterCategoryCount {
  @Field(() => MatterCategory, { description: '类别 — category' })
  category: MatterCategory;

  @Field(() => Int, { description: '事项数 — matters' })
  count: number;

  @Field(() => Float, { description: '金额（分） — their sum, integer fen' })
  amountFen: number;
}

@ObjectType({ description: '待办步骤 — matters in progress waiting for one step' })
export class MatterStepCount {
  @Field(() => MatterStep, { description: '步骤 — the step they wait for' })
  step: MatterStep;

  @Field(() => Int, { description: '事项数 — matters' })
  count: number;
}

@ObjectType({ description: '重大事项统计 — matters proposed in a range under a unit' })
export class MatterFigures {
  /** The unit the figure is of (not in the schema: the periods' states are read for it). */
  unitId: number;

  /** 统计期: resolved by FigurePeriodsResolver (api/figure-periods.resolver.ts). */
  periods?: FigurePeriod[];

  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  @Field(() => Int, { description: '提议 — proposed' })
  proposed: number;

  @Field(() => Int, { description: '走完全程 — completed: every step recorded, the result disclosed' })
  completed: number;

  @Field(() => Int, { description: '未通过 — rejected by the vote of a meeting held with its quorum' })
  rejected: number;

  @Field(() => Int, { description: '进行中 — in progress' })
  inProgress: number;

  @Field(() => Int, { description: '再次提议 — proposals of a rejected matter' })
  reproposed: number;

  @Field(() => Int, { description: '有监督意见 — matters with a supervision finding' })
  withFindings: number;

  @Field(() => Int, {
    description: '曾流会 — matters with a meeting that lacked its quorum (void, kept on record, called again)',
  })
  withVoidMeetings: number;

  @Field(() => Float, { nullable: true, description: '全程占比 — completed / proposed' })
  completedShare: number | null;

  @Field(() => Float, { description: '金额（分） — sum of their amounts, integer fen' })
  amountFen: number;

  @Field(() => [MatterCategoryCount], { description: '按类别 — by category, most first' })
  byCategory: MatterCategoryCount[];

  @Field(() => [MatterStepCount], {
    description: '按步骤 — matters in progress by the step they wait for, in procedure order',
  })
  awaiting: MatterStepCount[];
}

@ObjectType({ description: '意见办理统计 — feedback received in a range under a unit and how it was answered' })
export class FeedbackFigures {
  /** The unit the figure is of (not in the schema: the periods' states are read for it). */
  unitId: number;

  /** 统计期: resolved by FigurePeriodsResolver (api/figure-periods.resolver.ts). */
  periods?: FigurePeriod[];

  @Field(() => DateScalar, { description: '起始 — first day' })
  from: LocalDate;

  @Field(() => DateScalar, { description: '截止 — last day' })
  to: LocalDate;

  @Field(() => Int, { description: "答复期限（天） — the policy's days to answer" })
  replyWithinDays: number;

  @Field(() => Int, { description: '收到 — received' })
  received: number;

  @Field(() => Int, { description: '村级登记 — registered by villages and communities' })
  collectedByVillages: number;

  @Field(() => Int, {
    description: '工作站收集 — collected by work stations (seed 000: 1.5157 万 opinions collected by the stations)',
  })
  collectedByStations: number;

  @Field(() => Int, { description: '上报 — passed up by a station to the committee above it' })
  passedUp: number;

  @Field(() => Int, { description: '收集单位答复 — answered by the unit that collected it' })
  answeredByCollector: number;

  @Field(() => Int, {
    description:
      '上级答复 — answered by the committee it was passed up to (seed 000: 4,009 solved by the committees above)',
  })
  answeredAbove: number;

  @Field(() => Int, {
    description:
      '按时答复 — answered within the days (judged by the recorded day when the reply was entered late, by policy)',
  })
  answeredOnTime: number;

  @Field(() => Int, { description: '逾期答复 — answered after them' })
  answeredLate: number;

  @Field(() => Int, { description: '逾期未复 — unanswered and past the days (flagged)' })
  unansweredOverdue: number;

  @Field(() => Int, { description: '待答复 — unanswered, still within the days' })
  awaitingReply: number;

  @Field(() => Int, { description: '转问题清单 — raised as issues' })
  raisedAsIssues: number;

  @Field(() => Int, {
    description: "答复补录 — replies entered more than the policy's grace days after their declared day (flagged)",
  })
  replyRecordedLate: number;

  @Field(() => Float, { nullable: true, description: '按时答复率 — on time / (on time + late + overdue)' })
  answeredOnTimeRate: number | null;
}

@ObjectType({ description: '重大事项变更结果 — the matter after the change' })
export class VillageMatterPayload {
  @Field(() => VillageMatter, { nullable: true, description: '事项 — the matter; null when userErrors is not empty' })
  matter?: VillageMatter | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '村务公开登记结果 — the disclosure recorded' })
export class VillageDisclosurePayload {
  @Field(() => VillageDisclosure, {
    nullable: true,
    description: '公开 — the disclosure; null when userErrors is not empty',
  })
  disclosure?: VillageDisclosure | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '意见登记结果 — the feedback after the change' })
export class VillageFeedbackPayload {
  @Field(() => VillageFeedback, {
    nullable: true,
    description: '意见 — the feedback; null when userErrors is not empty',
  })
  feedback?: VillageFeedback | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '权力清单设置结果 — the list after the change' })
export class PowerListPayload {
  @Field(() => [PowerListItem], {
    nullable: true,
    description: '清单 — the items in order; null when userErrors is not empty',
  })
  items?: PowerListItem[] | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
