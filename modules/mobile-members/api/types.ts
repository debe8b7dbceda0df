import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, FigurePeriod, type LocalDate, UserError } from '#module-kit';
import { MobileNotice } from '../entities/notice.entity';
import { MobileRecord } from '../entities/mobile-record.entity';
import { OutsideMember } from '../entities/outside-member.entity';
import { ProposalKind } from '../enums';

@ObjectType({ description: '去向人数 — members away in one place' })
export class PlaceCount {
  @Field({ description: '地点 — province, or province and city' })
  place: string;

  @Field(() => Int, { description: '人数 — members away there' })
  away: number;

  @Field(() => Float, { nullable: true, description: '占比 — share of all away' })
  share: number | null;
}

@ObjectType({
  description:
    "流动党员统计 — members away under a unit now (current-state figures of today's tree, with no period: see asOf), summed from per-unit tallies kept by every write",
})
export class MobileStats {
  @Field(() => DateScalar, {
    description: '统计日 — the day these current-state figures are as of (today); they belong to no closed period',
  })
  asOf: LocalDate;

  @Field(() => Int, { description: '外出 — members away now (returned and removed not counted)' })
  away: number;

  @Field(() => Int, {
    description: '失联 — lost (not reached for the policy period, after the search attempts the policy asks)',
  })
  lost: number;

  @Field(() => Int, {
    description:
      '待查找 — not reached for the lost period but with too few search attempts logged: to be searched for, not lost',
  })
  searchDue: number;

  @Field(() => Float, { nullable: true, description: '失联占比 — lost / away' })
  lostShare: number | null;

  @Field(() => Int, { description: '停止党籍 — suspended by a recorded decision' })
  suspended: number;

  @Field(() => Int, { description: '近90天联系上 — reached in the last 90 days' })
  reachedLast90Days: number;

  @Field(() => Int, { description: '汇报逾期 — no report-in for the policy period (12 months)' })
  reportInsOverdue: number;

  @Field(() => [PlaceCount], { description: '去向省份 — top provinces' })
  byProvince: PlaceCount[];

  @Field(() => [PlaceCount], { description: '去向城市 — top cities' })
  byCity: PlaceCount[];
}

@ObjectType({
  description:
    "流动党员月度情况 — events of one month under a unit: each counted where the member's branch sat in the tree on the event's day",
})
export class MobileMonth {
  @Field(() => FigurePeriod, { description: '统计期 — the month, and whether it is closed or was reopened' })
  period: FigurePeriod;

  @Field(() => Int, { description: '外出登记 — members who left home (by the day they left)' })
  departures: number;

  @Field(() => Int, { description: '返乡 — members who came home' })
  returns: number;

  @Field(() => Int, { description: '联系次数 — contact attempts logged (report-ins included)' })
  contacts: number;

  @Field(() => Int, { description: '联系上次数 — of those, successful' })
  contactsReached: number;

  @Field(() => Int, { description: '党员汇报 — report-ins' })
  reportIns: number;

  @Field(() => Int, { description: '停止党籍 — suspensions approved' })
  suspensions: number;

  @Field(() => Int, { description: '恢复党籍 — restorations approved' })
  restorations: number;

  @Field(() => Int, { description: '除名 — removals (self-withdrawn) approved' })
  removals: number;
}

@ObjectType({
  description:
    '待决事项 — a member the rules make eligible for a decision, with the evidence; nothing changes until people decide',
})
export class MobileProposal {
  @Field(() => MobileRecord, { description: '外出记录 — the record (its contacts are the evidence)' })
  record: MobileRecord;

  @Field(() => ProposalKind, { description: '事项 — suspend, concentrated contact, or remove' })
  kind: ProposalKind;

  @Field(() => DateScalar, {
    description: '起算日 — lost since (last successful contact or leaving), or suspended since',
  })
  since: LocalDate;
}

@ObjectType({ description: '接收结果 — the hosted member after the change' })
export class OutsideMemberPayload {
  @Field(() => OutsideMember, {
    nullable: true,
    description: '外地流动党员 — the member; null when userErrors is not empty',
  })
  outsideMember?: OutsideMember | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '外出记录变更结果 — the record after the change' })
export class MobileRecordPayload {
  @Field(() => MobileRecord, {
    nullable: true,
    description: '外出记录 — the record; null when userErrors is not empty',
  })
  record?: MobileRecord | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '通报变更结果 — the notice after the change' })
export class MobileNoticePayload {
  @Field(() => MobileNotice, { nullable: true, description: '通报 — the notice; null when userErrors is not empty' })
  notice?: MobileNotice | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
