import { IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Extensions, Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { DepartureReason, Education, Gender, MemberCategory, MemberStatus } from '../enums';
import { MemberOrder } from '../services/org-lists';
import { describeEnum } from '../../graphql/enum';
import { SortDirection } from '../../graphql/connection';

describeEnum(MemberOrder, 'MemberOrder', '党员排序字段 — what a member list is sorted by (ties broken by record id)', {
  NAME: '按姓名 — by name',
  BIRTH_DATE:
    '按出生日期 — by birth date (ascending: oldest first); by birth year alone for members whose personal data the viewer sees masked',
  JOINED_ON: '按入党日期 — by date joined (ascending: earliest first)',
});

@InputType('MemberOrderBy', { description: '党员排序 — the order of a member list: a field and a direction' })
export class MemberOrderBy {
  @Field(() => MemberOrder, { description: '排序字段 — what to sort by' })
  field: MemberOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}

@InputType({ description: '新党员 — a member to record in a branch' })
export class CreateMemberInput {
  @Field({ description: '姓名 — name' })
  @Length(1, 100)
  name: string;

  @Field(() => Gender, { nullable: true, description: '性别 — gender; taken from the ID card number when omitted' })
  gender?: Gender | null;

  @Field(() => String, { nullable: true, description: '民族 — ethnicity (default 汉族)' })
  @IsOptional()
  @MaxLength(20)
  ethnicity?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '出生日期 — birth date; taken from the ID card number when omitted',
  })
  birthDate?: LocalDate | null;

  @Field(() => String, {
    nullable: true,
    description: '身份证号 — 18-character citizen ID number, checked against GB 11643',
  })
  @IsOptional()
  @MaxLength(18)
  idCardNumber?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 — mobile or landline' })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => Education, { nullable: true, description: '学历 — education' })
  education?: Education | null;

  @Field(() => MemberCategory, { description: '党员类别 — category' })
  category: MemberCategory;

  @Field(() => DateScalar, { description: '入党日期 — joined on; at 18 or older, not in the future' })
  joinedOn: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '转正日期 — full member since; omit for a probationary member',
  })
  fullMemberSince?: LocalDate | null;

  @Field(() => ID, { description: '所在支部 — the branch' })
  branchId: string;

  @Field(() => ID, { nullable: true, description: '所在党小组 — a party group of that branch' })
  partyGroupId?: string | null;

  @Field(() => String, { nullable: true, description: '职业 — occupation' })
  @IsOptional()
  @MaxLength(100)
  occupation?: string | null;

  @Field(() => Boolean, { nullable: true, description: '志愿者 — registered volunteer (default false)' })
  volunteer?: boolean | null;
}

@InputType({
  description:
    '修改党员信息 — corrections to a member record; omitted fields stay. Branch changes by transferMember, departures by recordMemberDeparture.',
})
export class UpdateMemberInput {
  @Field(() => ID, { description: '党员 — the member' })
  id: string;

  @Field(() => Int, {
    nullable: true,
    description: '版本 — the version you read; a different current version answers CONFLICT',
  })
  version?: number;

  @Field({ nullable: true, description: '姓名 — name' })
  @IsOptional()
  @Length(1, 100)
  name?: string;

  @Field(() => Gender, { nullable: true, description: '性别 — gender' })
  gender?: Gender;

  @Field({ nullable: true, description: '民族 — ethnicity' })
  @IsOptional()
  @MaxLength(20)
  ethnicity?: string;

  @Field(() => DateScalar, { nullable: true, description: '出生日期 — birth date' })
  birthDate?: LocalDate;

  @Field(() => String, { nullable: true, description: '身份证号 — ID card number' })
  @IsOptional()
  @MaxLength(18)
  idCardNumber?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 — phone; null clears it' })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => Education, { nullable: true, description: '学历 — education' })
  education?: Education | null;

  @Field(() => MemberCategory, { nullable: true, description: '党员类别 — category' })
  category?: MemberCategory;

  @Field(() => DateScalar, { nullable: true, description: '入党日期 — corrected joining date' })
  joinedOn?: LocalDate;

  @Field(() => DateScalar, {
    nullable: true,
    description: '转正日期 — full member since; setting it makes a probationary member full',
  })
  fullMemberSince?: LocalDate;

  @Field(() => String, { nullable: true, description: '职业 — occupation' })
  @IsOptional()
  @MaxLength(100)
  occupation?: string | null;

  @Field(() => Boolean, { nullable: true, description: '志愿者 — registered volunteer' })
  volunteer?: boolean;
}

@InputType({ description: '组织关系转接 — move a member to another branch or party group, keeping the history' })
export class TransferMemberInput {
  @Field(() => ID, { description: '党员 — the member' })
  memberId: string;

  @Field(() => ID, { description: '转入支部 — the receiving branch (the same branch to change only the party group)' })
  toBranchId: string;

  @Field(() => ID, { nullable: true, description: '转入党小组 — a party group of the receiving branch' })
  toPartyGroupId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '转接日期 — effective on (default today)' })
  effectiveOn?: LocalDate | null;

  @Field(() => String, { nullable: true, description: '备注 — note' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: '党员减少 — record that a member left; the record is kept and current posts end' })
export class RecordMemberDepartureInput {
  @Field(() => ID, { description: '党员 — the member' })
  memberId: string;

  @Field(() => DepartureReason, { description: '减少原因 — reason' })
  reason: DepartureReason;

  @Field(() => DateScalar, { nullable: true, description: '离开日期 — departed on (default today)' })
  departedOn?: LocalDate | null;
}

@InputType({ description: '党员筛选 — filters of a member list; all given filters must hold' })
export class MemberFilterInput {
  @Field(() => [MemberStatus], {
    nullable: true,
    description: '党员状态 — statuses to include (default: probationary and full)',
  })
  statuses?: MemberStatus[];

  @Field(() => [MemberCategory], { nullable: true, description: '党员类别 — categories to include' })
  categories?: MemberCategory[];

  @Field(() => Gender, { nullable: true, description: '性别 — gender' })
  gender?: Gender;

  @Field(() => Int, {
    nullable: true,
    description:
      '最小年龄 — aged at least this many whole years today (for a member whose personal data the viewer sees masked: the age reached this year)',
  })
  @IsOptional()
  @Min(0)
  @Max(150)
  minAge?: number;

  @Field(() => Int, {
    nullable: true,
    description:
      '最大年龄 — aged at most this many whole years today (for a member whose personal data the viewer sees masked: the age reached this year)',
  })
  @IsOptional()
  @Min(0)
  @Max(150)
  maxAge?: number;

  @Field(() => [Education], { nullable: true, description: '学历 — education levels to include' })
  educations?: Education[];

  @Field(() => DateScalar, { nullable: true, description: '入党日期起 — joined on or after' })
  joinedFrom?: LocalDate;

  @Field(() => DateScalar, { nullable: true, description: '入党日期止 — joined on or before' })
  joinedTo?: LocalDate;

  @Field({ nullable: true, description: '姓名包含 — name contains' })
  @IsOptional()
  @MaxLength(50)
  search?: string;
}

@InputType({ description: '导入党员 — members from CSV text (UTF-8, header row in Chinese or English)' })
export class ImportMembersInput {
  @Field(() => ID, { description: '导入范围 — branches named in the file (by code) must lie under this unit' })
  underId: string;

  @Field({
    description:
      "CSV 内容 — the file's text; columns: see the README (姓名/name, 身份证号/idCardNumber, 支部代码/branchCode …)",
  })
  @MaxLength(1_900_000)
  @Extensions({ maxLength: 1_900_000 }) // above the default bound on strings (src/graphql/input-check.ts)
  csv: string;
}
