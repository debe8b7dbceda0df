import { ArrayMaxSize, IsOptional, Length, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { AttachmentInput, DateScalar, type LocalDate, SortDirection } from '#module-kit';
import {
  DisclosureChannel,
  FeedbackChannel,
  MatterCategory,
  MatterOrder,
  MatterStep,
  MeetingKind,
  PowerCategory,
  PowerProcedure,
  VoteExclusionReason,
} from '../enums';

@InputType({
  description:
    '不计入应到人数 — a full member the branch leaves out of the count for this meeting (away half a year or more, gravely ill, abroad), or who has no vote (留党察看)',
})
export class ExcusedMemberInput {
  @Field(() => ID, { description: '党员 — a full member of the branch on the meeting day' })
  memberId: string;

  @Field(() => VoteExclusionReason, { description: '原因 — why (SUSPENDED is read from the record, never given)' })
  reason: VoteExclusionReason;

  @Field(() => String, { nullable: true, description: '说明 — a note (required for OTHER)' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({
  description: '提议重大事项 — the village party organisation proposes a major matter (the first of the steps)',
})
export class ProposeVillageMatterInput {
  @Field(() => ID, { description: '村（社区） — the village or community branch' })
  unitId: string;

  @Field({ description: '事项 — title' })
  @Length(1, 200)
  title: string;

  @Field(() => MatterCategory, { description: '类别 — category' })
  category: MatterCategory;

  @Field(() => Float, {
    nullable: true,
    description: '金额（分） — the sum involved in integer fen; required for a financial expenditure',
  })
  @IsOptional()
  @Min(0)
  amountFen?: number | null;

  @Field(() => String, { nullable: true, description: '说明 — description' })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => DateScalar, { description: '提议日期 — the day the branch proposed it' })
  proposedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '记录 — notes of the proposal' })
  @IsOptional()
  @MaxLength(5000)
  notes?: string | null;

  @Field(() => [String], { nullable: true, description: '列席 — attending from outside (e.g. work-station staff)' })
  @IsOptional()
  @ArrayMaxSize(50)
  attendees?: string[] | null;

  @Field(() => ID, { nullable: true, description: '原事项 — a rejected matter this proposes again' })
  reproposalOfId?: string | null;
}

@InputType({ description: '议事记录 — the next step of a matter, with what that step needs' })
export class RecordMatterStepInput {
  @Field(() => ID, { description: '事项 — the matter' })
  matterId: string;

  @Field(() => MatterStep, { description: "步骤 — must be the matter's next step" })
  step: MatterStep;

  @Field(() => DateScalar, { description: '日期 — held on' })
  heldOn: LocalDate;

  @Field(() => MeetingKind, { nullable: true, description: '会议 — resolution only: which meeting resolved' })
  meetingKind?: MeetingKind | null;

  @Field(() => Int, { nullable: true, description: '到会 — review and resolution: present' })
  present?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "应到 — resolution: the villagers aged 18 or over, or the representatives; review: computed (the register's full members, less the suspended and those excused) and, if given, must agree",
  })
  eligible?: number | null;

  @Field(() => [ExcusedMemberInput], {
    nullable: true,
    description:
      '不计入应到人数 — review only: full members the branch decided to leave out of the count for this meeting, each with its reason (recorded with the meeting)',
  })
  @IsOptional()
  @ArrayMaxSize(500)
  excused?: ExcusedMemberInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "户数 — resolution by the villagers' meeting held by household representatives: the village's households (with householdsPresent)",
  })
  households?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "到会户代表 — resolution by the villagers' meeting: households represented; the quorum is met by more than half of the villagers aged 18 or over present, or by at least 2/3 of the households represented (村民委员会组织法 art. 22)",
  })
  householdsPresent?: number | null;

  @Field(() => Int, { nullable: true, description: '赞成 — for' })
  votesFor?: number | null;

  @Field(() => Int, { nullable: true, description: '反对 — against' })
  votesAgainst?: number | null;

  @Field(() => Int, { nullable: true, description: '弃权 — abstain' })
  votesAbstain?: number | null;

  @Field(() => [DisclosureChannel], { nullable: true, description: '公开渠道 — the two disclosure steps: where' })
  @IsOptional()
  @ArrayMaxSize(6)
  channels?: DisclosureChannel[] | null;

  @Field(() => String, {
    nullable: true,
    description: '公开地点 — the two disclosure steps: the place (e.g. 村委会公开栏)',
  })
  @IsOptional()
  @MaxLength(200)
  place?: string | null;

  @Field(() => String, { nullable: true, description: '记录 — notes (execution: what was done)' })
  @IsOptional()
  @MaxLength(5000)
  notes?: string | null;

  @Field(() => [String], { nullable: true, description: '列席 — attending from outside (e.g. work-station staff)' })
  @IsOptional()
  @ArrayMaxSize(50)
  attendees?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '已完成 — execution only: true when the work is complete (otherwise a progress note)',
  })
  completed?: boolean | null;
}

@InputType({
  description:
    '监督意见 — a finding of the supervision committee on a step, entered by a member of the committee (a VILLAGE_SUPERVISOR post of the village)',
})
export class AddSupervisionFindingInput {
  @Field(() => ID, { description: '事项 — the matter' })
  matterId: string;

  @Field(() => MatterStep, { description: '步骤 — a step the matter has reached' })
  step: MatterStep;

  @Field({ description: '意见 — the finding' })
  @Length(1, 5000)
  text: string;

  @Field(() => DateScalar, { description: '日期 — recorded on' })
  recordedOn: LocalDate;
}

@InputType({ description: '村务公开登记 — a disclosure published' })
export class RecordVillageDisclosureInput {
  @Field(() => ID, { description: '村（社区） — the village or community branch' })
  unitId: string;

  @Field({ description: "类别 — FINANCE, MATERIALS, … or a locality's own (see disclosureCategories)" })
  @Length(1, 40)
  category: string;

  @Field(() => DateScalar, { description: '期间起 — period start' })
  periodStart: LocalDate;

  @Field(() => DateScalar, { description: '期间止 — period end' })
  periodEnd: LocalDate;

  @Field(() => DateScalar, { description: '公开日期 — published on' })
  publishedOn: LocalDate;

  @Field(() => [DisclosureChannel], { description: '公开渠道 — where' })
  @ArrayMaxSize(6)
  channels: DisclosureChannel[];

  @Field({ description: '内容摘要 — summary' })
  @Length(1, 5000)
  summary: string;

  @Field(() => [AttachmentInput], {
    nullable: true,
    description: '附件 — attachments by reference (photos of the board, tables)',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  attachments?: AttachmentInput[] | null;
}

@InputType({
  description: "意见登记 — a villager's feedback, registered by the village or collected by a work station",
})
export class RegisterVillageFeedbackInput {
  @Field(() => ID, {
    description: '登记单位 — the village or community branch, or the work station that collected it (收集社情民意)',
  })
  unitId: string;

  @Field(() => ID, {
    nullable: true,
    description: '事项 — the matter it concerns (of this village, or of one under the station)',
  })
  matterId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: '公开 — or the disclosure it concerns (of this village, or of one under the station)',
  })
  disclosureId?: string | null;

  @Field(() => String, { nullable: true, description: '反映人 — name, optional' })
  @IsOptional()
  @MaxLength(100)
  name?: string | null;

  @Field(() => DateScalar, { description: '收到日期 — received on' })
  receivedOn: LocalDate;

  @Field(() => FeedbackChannel, { description: '渠道 — how it came' })
  channel: FeedbackChannel;

  @Field({ description: '内容 — what was said' })
  @Length(1, 5000)
  content: string;
}

@InputType({
  description:
    '答复意见 — the answer to a feedback, recorded by the unit holding it: the collector, or the committee it was passed up to',
})
export class ReplyToVillageFeedbackInput {
  @Field(() => ID, { description: '意见 — the feedback' })
  feedbackId: string;

  @Field({ description: '答复 — what was answered' })
  @Length(1, 5000)
  reply: string;

  @Field(() => DateScalar, { description: '答复日期 — answered on' })
  repliedOn: LocalDate;

  @Field({ description: '答复人 — who answered' })
  @Length(1, 100)
  replier: string;
}

@InputType({
  description:
    '意见转问题清单 — feedback that needs solving, raised as an issue of the unit holding it (the village, the station, or the committee it was passed up to)',
})
export class RaiseIssueFromFeedbackInput {
  @Field(() => ID, { description: '意见 — the feedback' })
  feedbackId: string;

  @Field({
    defaultValue: 'LIVELIHOOD',
    description: '问题类别 — an IssueCategory value of the issue list, checked there (default LIVELIHOOD, 民生诉求)',
  })
  @Length(1, 40)
  category: string;
}

@InputType({
  description: '意见上报 — a work station passes an opinion it collected up to the committee above it (its township)',
})
export class PassVillageFeedbackUpInput {
  @Field(() => ID, { description: '意见 — feedback the station collected' })
  feedbackId: string;

  @Field(() => DateScalar, { description: '上报日期 — passed up on' })
  passedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '上报说明 — a note (e.g. how it was sorted: 分门别类梳理汇总)' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '权力清单事项 — one item of the power list' })
export class PowerListItemInput {
  @Field(() => PowerCategory, { description: '类别 — category' })
  category: PowerCategory;

  @Field({ description: '编号 — code, unique in the list' })
  @Length(1, 20)
  code: string;

  @Field({ description: '事项 — the power' })
  @Length(1, 200)
  title: string;

  @Field(() => PowerProcedure, { description: '运行程序 — the procedure it follows' })
  procedure: PowerProcedure;

  @Field(() => String, { nullable: true, description: '运行流程 — the flow in words' })
  @IsOptional()
  @MaxLength(2000)
  flow?: string | null;
}

@InputType({ description: "设置权力清单 — replace a locality's village power list" })
export class SetPowerListInput {
  @Field(() => ID, { description: '地方 — the county or township whose list this is' })
  unitId: string;

  @Field(() => [PowerListItemInput], { description: '事项 — the items in order' })
  @ArrayMaxSize(200)
  items: PowerListItemInput[];
}

@InputType('MatterOrderBy', { description: '事项排序 — the order of a list of matters: a field and a direction' })
export class MatterOrderBy {
  @Field(() => MatterOrder, { description: '排序字段 — what to sort by' })
  field: MatterOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}
