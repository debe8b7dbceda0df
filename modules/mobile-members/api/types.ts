import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, type LocalDate, UserError } from '#module-kit';
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

@ObjectType({ description: '流动党员统计 — members away under a unit, rolled up in PostgreSQL' })
export class MobileStats {
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
