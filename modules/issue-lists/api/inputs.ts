import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AttachmentInput, DateScalar, type LocalDate, SortDirection } from '#module-kit';
import { IssueCategory, IssueOrder, IssueSource } from '../enums';

@InputType({ description: '登记问题 — list a problem for solving' })
export class RaiseIssueInput {
  @Field({ description: '标题 — short title' })
  @Length(1, 200)
  title: string;

  @Field(() => String, { nullable: true, description: '描述 — description' })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => IssueCategory, { description: '类别 — category' })
  category: IssueCategory;

  @Field(() => IssueSource, {
    description: '来源 — source (weekly-report problems and inspection findings arrive through their own mutations)',
  })
  source: IssueSource;

  @Field(() => ID, {
    description: '登记单位 — the unit raising it; it also handles it first (solved at the lowest level able to)',
  })
  raisedUnitId: string;

  @Field(() => ID, { nullable: true, description: '责任单位 — responsible unit: the raising unit or one below it' })
  responsibleUnitId?: string | null;

  @Field(() => String, { nullable: true, description: '责任人 — responsible person' })
  @IsOptional()
  @MaxLength(100)
  responsiblePerson?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '办结时限 — deadline' })
  deadline?: LocalDate | null;

  @Field(() => [AttachmentInput], { nullable: true, description: '附件 — attachments by reference' })
  @IsOptional()
  @ArrayMaxSize(20)
  attachments?: AttachmentInput[];
}

@InputType({ description: '问题操作 — an issue, the version you read, and a note' })
export class IssueActionInput {
  @Field(() => ID, { description: '问题 — the issue' })
  issueId: string;

  @Field(() => Int, {
    nullable: true,
    description: '版本 — the version you read; a different current version answers CONFLICT',
  })
  version?: number;

  @Field(() => String, { nullable: true, description: '说明 — note (required to reopen)' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '交办 — set who is responsible' })
export class AssignIssueInput extends IssueActionInput {
  @Field(() => ID, { nullable: true, description: '责任单位 — the handling unit or one below it' })
  responsibleUnitId?: string | null;

  @Field(() => String, { nullable: true, description: '责任人 — responsible person' })
  @IsOptional()
  @MaxLength(100)
  responsiblePerson?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '办结时限 — deadline' })
  deadline?: LocalDate | null;
}

@InputType({ description: '上交或下交 — hand the issue to the level above, or to a unit below' })
export class HandOverIssueInput {
  @Field(() => ID, { description: '问题 — the issue' })
  issueId: string;

  @Field(() => ID, { nullable: true, description: '下交单位 — for de-escalation: a unit below the handling unit' })
  toUnitId?: string | null;

  @Field({ description: '原因 — why' })
  @Length(1, 2000)
  reason: string;
}

@InputType({ description: '督导发现 — a finding to rectify' })
export class FindingInput {
  @Field({ description: '问题 — what was found' })
  @Length(1, 200)
  title: string;

  @Field(() => String, { nullable: true, description: '描述 — details' })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => IssueCategory, { description: '类别 — category' })
  category: IssueCategory;

  @Field(() => DateScalar, { description: '整改时限 — rectification deadline' })
  deadline: LocalDate;
}

@InputType({ description: '记录随机督导 — an inspection and its findings (each becomes an issue to rectify)' })
export class RecordInspectionInput {
  @Field(() => ID, { description: '被督导单位 — the unit inspected' })
  unitId: string;

  @Field(() => ID, { description: '督导单位 — the unit inspecting (above the inspected one)' })
  byUnitId: string;

  @Field(() => DateScalar, { description: '督导日期 — when' })
  inspectedOn: LocalDate;

  @Field(() => [String], { description: '督导人员 — the inspectors' })
  @ArrayMaxSize(20)
  inspectors: string[];

  @Field({ description: '不打招呼 — unannounced' })
  unannounced: boolean;

  @Field(() => String, { nullable: true, description: '概况 — summary' })
  @IsOptional()
  @MaxLength(5000)
  summary?: string | null;

  @Field(() => [FindingInput], { description: '发现问题 — findings' })
  @ArrayMaxSize(50)
  findings: FindingInput[];
}

@InputType({ description: '督导反馈与通报 — feedback to the unit and the notice of results' })
export class InspectionFeedbackInput {
  @Field(() => ID, { description: '督导 — the inspection' })
  inspectionId: string;

  @Field(() => String, { nullable: true, description: '反馈 — feedback' })
  @IsOptional()
  @MaxLength(5000)
  feedback?: string | null;

  @Field(() => String, { nullable: true, description: '通报 — notice' })
  @IsOptional()
  @MaxLength(5000)
  notice?: string | null;
}

@InputType({ description: '重点整改 — mark or unmark a unit for key rectification' })
export class KeyRectificationInput {
  @Field(() => ID, { description: '党组织 — the unit' })
  unitId: string;

  @Field(() => String, { nullable: true, description: '原因 — why (to mark)' })
  @IsOptional()
  @MaxLength(2000)
  reason?: string | null;
}

@InputType('IssueOrderBy', { description: '问题排序 — the order of an issue list: a field and a direction' })
export class IssueOrderBy {
  @Field(() => IssueOrder, { description: '排序字段 — what to sort by' })
  field: IssueOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}
