import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, IdReach, type LocalDate, Reaches, SortDirection } from '#module-kit';
import { AwayKind, AwayReason, ContactChannel, DecisionKind, MobileRecordOrder, NoticeCategory } from '../enums';

@InputType({ description: '外出登记 — a member leaving home to work, trade or study elsewhere' })
export class RecordMemberAwayInput {
  @Field(() => ID, { description: '党员 — the member' })
  memberId: string;

  @Field(() => DateScalar, { description: '外出日期 — left on' })
  leftOn: LocalDate;

  @Field({ description: '去向省份 — province' })
  @Length(1, 50)
  province: string;

  @Field(() => String, { nullable: true, description: '去向城市 — city' })
  @IsOptional()
  @MaxLength(50)
  city?: string | null;

  @Field(() => String, { nullable: true, description: '去向区县 — district' })
  @IsOptional()
  @MaxLength(50)
  district?: string | null;

  @Field(() => String, { nullable: true, description: '行政区划代码 — six-digit administrative code' })
  @IsOptional()
  @Length(6, 6)
  areaCode?: string | null;

  @Field(() => AwayKind, { description: '外出方式 — how the membership follows them' })
  kind: AwayKind;

  @Field(() => String, { nullable: true, description: '活动证号 — the activity card number (activity card only)' })
  @IsOptional()
  @MaxLength(50)
  cardNumber?: string | null;

  @Field(() => AwayReason, { description: '外出原因 — why' })
  reason: AwayReason;

  @Field(() => ID, { nullable: true, description: '接收流动党支部 — a mobile branch of this tree that hosts them' })
  @Reaches(IdReach.WORKING_COUNTY) // the county's mobile branch, outside the village's own subtree
  receivingUnitId?: string | null;

  @Field(() => String, { nullable: true, description: '接收组织 — or a receiving organisation elsewhere' })
  @IsOptional()
  @MaxLength(200)
  receivingOrgName?: string | null;

  @Field(() => String, { nullable: true, description: '联系电话 — phone (masked like other personal data)' })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: '微信 — WeChat id (masked)' })
  @IsOptional()
  @MaxLength(50)
  wechat?: string | null;

  @Field(() => String, { nullable: true, description: 'QQ号 — QQ number (masked)' })
  @IsOptional()
  @MaxLength(20)
  qq?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '预计返回 — expected return' })
  expectedReturn?: LocalDate | null;
}

@InputType({ description: '联系记录 — an attempt to reach a member away' })
export class LogMobileContactInput {
  @Field(() => ID, { description: '外出记录 — the record' })
  recordId: string;

  @Field(() => DateScalar, { description: '日期 — when' })
  contactedOn: LocalDate;

  @Field(() => ContactChannel, { description: '方式 — channel' })
  channel: ContactChannel;

  @Field({ description: '联系上 — reached or not' })
  reached: boolean;

  @Field(() => String, { nullable: true, description: '备注 — note' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '党员汇报 — the member reported to the home organisation' })
export class LogMobileReportInInput {
  @Field(() => ID, { description: '外出记录 — the record' })
  recordId: string;

  @Field(() => DateScalar, { description: '日期 — when' })
  reportedOn: LocalDate;

  @Field(() => ContactChannel, { description: '方式 — channel' })
  channel: ContactChannel;

  @Field(() => String, { nullable: true, description: '内容 — what was reported' })
  @IsOptional()
  @MaxLength(5000)
  note?: string | null;
}

@InputType({ description: '录入组织决定 — a decision the branch assembly took and the committee above approved' })
export class RecordMobileDecisionInput {
  @Field(() => ID, { description: '外出记录 — the record' })
  recordId: string;

  @Field(() => DecisionKind, { description: '决定 — suspend, restore or remove' })
  kind: DecisionKind;

  @Field(() => DateScalar, { description: "支部大会日期 — the assembly's date" })
  meetingOn: LocalDate;

  @Field(() => ID, { description: '批准组织 — the committee above that approved it' })
  @Reaches(IdReach.UNIT_ABOVE_WORK) // the township committee above the branch
  approvingUnitId: string;

  @Field(() => DateScalar, { description: '批准日期 — approved on' })
  approvedOn: LocalDate;

  @Field(() => String, { nullable: true, description: '说明 — note' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: '返乡登记 — the member came home' })
export class RecordMemberReturnedInput {
  @Field(() => ID, { description: '外出记录 — the record' })
  recordId: string;

  @Field(() => DateScalar, { description: '返回日期 — returned on' })
  returnedOn: LocalDate;
}

@InputType({ description: "发布通报 — party or village affairs for the branch's members away" })
export class PublishMobileNoticeInput {
  @Field(() => ID, { description: '支部 — the branch' })
  unitId: string;

  @Field(() => NoticeCategory, { description: '类别 — party or village affairs' })
  category: NoticeCategory;

  @Field({ description: '标题 — title' })
  @Length(1, 200)
  title: string;

  @Field({ description: '内容 — text' })
  @Length(1, 20000)
  body: string;
}

@InputType({ description: '接收外地流动党员 — a mobile branch hosts a member from elsewhere' })
export class HostOutsideMemberInput {
  @Field(() => ID, { description: '流动党支部 — the hosting mobile branch' })
  unitId: string;

  @Field({ description: '姓名 — name' })
  @Length(1, 100)
  name: string;

  @Field({ description: '原组织 — home organisation elsewhere' })
  @Length(1, 200)
  homeOrgName: string;

  @Field(() => String, { nullable: true, description: '联系电话 — phone (masked like other personal data)' })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => DateScalar, { description: '接收日期 — hosted since' })
  hostedSince: LocalDate;
}

@InputType({ description: '已读 — the signed-in member read a notice' })
export class MarkMobileNoticeReadInput {
  @Field(() => ID, { description: '通报 — the notice' })
  noticeId: string;
}

@InputType('MobileRecordOrderBy', {
  description: '外出记录排序 — the order of a list of records away: a field and a direction',
})
export class MobileRecordOrderBy {
  @Field(() => MobileRecordOrder, { description: '排序字段 — what to sort by' })
  field: MobileRecordOrder;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.ASC,
    description: '排序方向 — ascending (default) or descending',
  })
  direction: SortDirection;
}
