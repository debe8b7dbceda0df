import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  AttachmentInput,
  ConnectionType,
  DateScalar,
  Education,
  Gender,
  IdReach,
  type LocalDate,
  MemberCategory,
  Reaches,
  UserError,
} from '#module-kit';
import { DevelopmentRecord } from '../entities/record.entity';
import { DevelopmentStepRecord } from '../entities/step.entity';
import { DevelopmentStage, DevelopmentStep, WithdrawalKind } from '../enums';

export const DevelopmentRecordConnection = ConnectionType(DevelopmentRecord, 'DevelopmentRecord', '发展党员纪实');

@InputType({ description: '入党申请 — a written application the branch received' })
export class RecordDevelopmentApplicationInput {
  @Field(() => ID, { description: '党支部 — the branch that received it' })
  unitId: string;

  @Field({ description: '姓名 — name' })
  @Length(1, 100)
  name: string;

  @Field(() => Gender, { description: '性别 — sex' })
  gender: Gender;

  @Field(() => String, { nullable: true, description: '民族 — ethnicity' })
  @IsOptional()
  @Length(1, 50)
  ethnicity?: string | null;

  @Field(() => DateScalar, { description: '出生日期 — birth date; 18 or older on the day of the application' })
  birthDate: LocalDate;

  @Field(() => Education, { nullable: true, description: '学历 — education' })
  education?: Education | null;

  @Field(() => MemberCategory, { description: '类别 — the category the member will have in the register' })
  category: MemberCategory;

  @Field(() => DateScalar, { description: '申请日期 — the day the application was received; not in the future' })
  appliedOn: LocalDate;

  @Field(() => [AttachmentInput], { nullable: true, description: '入党申请书 — the application, by reference' })
  @IsOptional()
  @ArrayMaxSize(20)
  evidence?: AttachmentInput[] | null;
}

@InputType({ description: '发展步骤 — one decision on a development record, with its evidence' })
export class AdvanceDevelopmentInput {
  @Field(() => ID, { description: '发展党员纪实 — the record' })
  recordId: string;

  @Field(() => DevelopmentStep, {
    description:
      '步骤 — the step; each in its order (a withdrawal at any stage before admission; none after a withdrawal or a refusal above)',
  })
  step: DevelopmentStep;

  @Field(() => DateScalar, {
    description: '决定日期 — the day decided (a notice: its last day); not in the future, not before the last step',
  })
  decidedOn: LocalDate;

  @Field(() => ID, {
    nullable: true,
    description: '决定的上级党委 — for pre-review and approval: the party committee above the branch that decided',
  })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // the township or county committee above the branch
  decidingUnitId?: string | null;

  @Field(() => [AttachmentInput], {
    nullable: true,
    description: '依据材料 — minutes, forms, the notice, by reference',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  evidence?: AttachmentInput[] | null;

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(() => [String], { nullable: true, description: '培养联系人 — activist only: one or two full members' })
  @IsOptional()
  @ArrayMaxSize(2)
  @Length(1, 100, { each: true })
  contacts?: string[] | null;

  @Field(() => Int, { nullable: true, description: '培训天数 — training only: days of concentrated training' })
  @IsOptional()
  @Min(0)
  @Max(365)
  trainingDays?: number | null;

  @Field(() => Int, { nullable: true, description: '培训学时 — training only: class hours' })
  @IsOptional()
  @Min(0)
  @Max(2000)
  trainingHours?: number | null;

  @Field(() => DateScalar, { nullable: true, description: '公示开始 — public notice only: its first day' })
  noticeFrom?: LocalDate | null;

  @Field(() => Int, { nullable: true, description: '到会 — assembly vote only: entitled members present' })
  present?: number | null;

  @Field(() => Int, { nullable: true, description: '赞成 — assembly vote only: votes for' })
  votesFor?: number | null;

  @Field(() => Int, { nullable: true, description: '反对 — assembly vote only: votes against' })
  votesAgainst?: number | null;

  @Field(() => Int, { nullable: true, description: '弃权 — assembly vote only: abstentions' })
  votesAbstain?: number | null;

  @Field(() => WithdrawalKind, { nullable: true, description: '退出方式 — withdrawal only: withdrew or dropped' })
  withdrawal?: WithdrawalKind | null;

  @Field(() => String, {
    nullable: true,
    description: '理由 — withdrawal: why the person left; a refusal above (不予批准): why it was refused',
  })
  @IsOptional()
  @Length(1, 2000)
  reason?: string | null;
}

@ObjectType({ description: '发展党员纪实结果 — the record after the change, or why not' })
export class DevelopmentPayload {
  @Field(() => DevelopmentRecord, { nullable: true, description: '发展党员纪实 — the record' })
  record: DevelopmentRecord | null;

  @Field(() => DevelopmentStepRecord, { nullable: true, description: '步骤记录 — the step recorded' })
  step?: DevelopmentStepRecord | null;

  @Field(() => [UserError], { description: '错误 — what was refused' })
  userErrors: UserError[];
}

@ObjectType({ description: '各阶段人数 — people at one stage' })
export class StageCount {
  @Field(() => DevelopmentStage, { description: '阶段 — the stage' })
  stage: DevelopmentStage;

  @Field(() => Int, { description: '人数 — people' })
  count: number;
}

@ObjectType({ description: '发展党员进度 — people at each stage on a day, under a unit' })
export class DevelopmentPipeline {
  @Field(() => DateScalar, { description: '截至 — the day' })
  asOf: LocalDate;

  @Field(() => [StageCount], { description: '各阶段 — every stage, zero included' })
  stages: StageCount[];

  @Field(() => Int, { description: '逾期未谈话 — applicants not talked with within a month' })
  talksOverdue: number;

  @Field(() => Int, { description: '逾期未考察 — activists not assessed within half a year' })
  assessmentsOverdue: number;

  @Field(() => Int, {
    description:
      '逾期未审批 — assembly votes not approved within three months, while approval is still possible (up to six)',
  })
  approvalsOverdue: number;

  @Field(() => Int, {
    description: '审批已失效 — assembly votes not approved within six months: approval is refused, the vote has lapsed',
  })
  approvalsLapsed: number;
}

@ObjectType({ description: '分组人数 — a count under one key' })
export class KeyCount {
  @Field({ description: '分组 — the key (an enum value; UP_TO_35 / OVER_35 for age)' })
  key: string;

  @Field(() => Int, { description: '人数 — people' })
  count: number;
}

@ObjectType({ description: '新发展党员 — members admitted in a year (the branch’s vote) under a unit' })
export class NewMembersFigure {
  @Field(() => Int, { description: '年度 — the year' })
  year: number;

  @Field(() => Int, { description: '合计 — admitted in the year' })
  total: number;

  @Field(() => [KeyCount], { description: '年龄 — 35 and under (UP_TO_35), over 35 (OVER_35) on the day admitted' })
  byAge: KeyCount[];

  @Field(() => [KeyCount], { description: '性别 — by sex' })
  bySex: KeyCount[];

  @Field(() => [KeyCount], { description: '学历 — by education (UNKNOWN when not recorded)' })
  byEducation: KeyCount[];

  @Field(() => [KeyCount], { description: '类别 — by category' })
  byCategory: KeyCount[];

  @Field(() => Int, { description: '转正人数 — became full members in the year' })
  becameFull: number;

  @Field(() => Int, {
    description: '退出人数 — people who withdrew or were dropped (取消资格) in the year, before admission',
  })
  withdrawn: number;

  @Field(() => Int, {
    description:
      '表决未通过次数 — assembly votes in the year that did not adopt an admission (a person may count twice)',
  })
  votesFailed: number;

  @Field(() => Int, {
    description:
      '不予批准人数 — admissions the branch voted for that the committee above refused (不予批准) in the year',
  })
  notApproved: number;

  @Field(() => Float, {
    nullable: true,
    description:
      '申请至转正天数（中位数） — median days from application to full membership, of those who became full in the year',
  })
  medianDaysToFullMembership: number | null;
}
