import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  actorOf,
  type Context,
  ErrorCode,
  inputId,
  maskPhone,
  Member,
  optionalInputId,
  OrgUnit,
  Permission,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  coreMessages,
  coreLabels,
} from '#module-kit';
import { MobileContact, MobileDecision, MobileReportIn } from '../entities/log.entities';
import { MobileRecord } from '../entities/mobile-record.entity';
import { MobileStatus } from '../enums';
import { services } from '../services';
import { loadStatuses } from '../services/figures';
import {
  LogMobileContactInput,
  LogMobileReportInInput,
  RecordMemberAwayInput,
  RecordMemberReturnedInput,
  RecordMobileDecisionInput,
} from './inputs';
import { MobileRecordPayload } from './types';

const maskId = (s: string) => (s.length <= 3 ? '***' : `${s.slice(0, 2)}${'*'.repeat(s.length - 3)}${s.slice(-1)}`);

/** The home branch does the work on a record: module work there, with the module on. */
async function recordFor(ctx: Context, tx: EntityManager, recordGlobalId: string) {
  const record = await services(ctx).records.lock(tx, inputId(recordGlobalId, 'MobileRecord', ['input', 'recordId']));
  await requireUnit(ctx, record.homeUnitId, Permission.MODULE_WORK);
  return record;
}

function status(ctx: Context, r: MobileRecord) {
  return ctx.loaders
    .get<number, { status: MobileStatus; lastReached: string | null }>(`mm:status`, (ids) =>
      loadStatuses(ctx.db, services(ctx).policy, ids, ctx.today),
    )
    .load(r.id);
}

@Resolver(() => MobileRecord)
export class MobileRecordResolver {
  @FieldResolver(() => Member, { nullable: true, description: '党员 — the member' })
  member(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Member).load(r.memberId);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '接收流动党支部 — the mobile branch hosting them, if in this tree',
  })
  receivingUnit(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return r.receivingUnitId === null ? null : ctx.loaders.byId(OrgUnit).load(r.receivingUnitId);
  }

  @FieldResolver(() => MobileStatus, {
    description: '联系状态 — derived from the contact log, the policy and recorded decisions',
  })
  async status(@Root() r: MobileRecord, @Ctx() ctx: Context): Promise<MobileStatus> {
    return (await status(ctx, r)).status;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '最近联系上 — the last successful contact (derived from the log)',
  })
  async lastReachedOn(@Root() r: MobileRecord, @Ctx() ctx: Context): Promise<string | null> {
    return (await status(ctx, r)).lastReached;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: '联系电话 — masked unless the viewer may see personal data of the home branch',
  })
  async phone(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return r.phone && ((await this.personal(r, ctx)) ? r.phone : maskPhone(r.phone));
  }

  @FieldResolver(() => String, { nullable: true, description: '微信 — masked like the phone' })
  async wechat(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return r.wechat && ((await this.personal(r, ctx)) ? r.wechat : maskId(r.wechat));
  }

  @FieldResolver(() => String, { nullable: true, description: 'QQ号 — masked like the phone' })
  async qq(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return r.qq && ((await this.personal(r, ctx)) ? r.qq : maskId(r.qq));
  }

  @FieldResolver(() => [MobileContact], {
    description: '联系记录 — the contact log, oldest first (the evidence for any proposal)',
  })
  contacts(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return ctx.loaders
      .hasMany(MobileContact, 'record_id', (c) => c.recordId, {
        order: [
          ['contactedOn', 'ASC'],
          ['id', 'ASC'],
        ],
      })
      .load(r.id);
  }

  @FieldResolver(() => [MobileReportIn], { description: "汇报 — the member's report-ins, oldest first" })
  reportIns(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return ctx.loaders
      .hasMany(MobileReportIn, 'record_id', (c) => c.recordId, { order: [['reportedOn', 'ASC']] })
      .load(r.id);
  }

  @FieldResolver(() => [MobileDecision], { description: '组织决定 — the decisions recorded, oldest first' })
  decisions(@Root() r: MobileRecord, @Ctx() ctx: Context) {
    return ctx.loaders.hasMany(MobileDecision, 'record_id', (d) => d.recordId).load(r.id);
  }

  private async personal(r: MobileRecord, ctx: Context): Promise<boolean> {
    if (ctx.access.isOwnMember(r.memberId)) return true;
    const home = await ctx.loaders.byId(OrgUnit).load(r.homeUnitId);
    return !!home && ctx.access.canSeePersonalData(home);
  }

  @Mutation(() => MobileRecordPayload, {
    description: '外出登记 — record a member leaving home; one open record per member',
  })
  recordMemberAway(
    @Ctx() ctx: Context,
    @Arg('input', { description: '外出信息 — where and how' }) input: RecordMemberAwayInput,
  ): Promise<MobileRecordPayload> {
    return runMutation(ctx, input, async (tx) => {
      const member = await ctx.loaders.byId(Member).load(inputId(input.memberId, 'Member', ['input', 'memberId']));
      if (!member)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.member }), ['input', 'memberId']);
      await requireUnit(ctx, member.branchId, Permission.MODULE_WORK);
      const receivingUnitId = optionalInputId(input.receivingUnitId, 'OrgUnit', ['input', 'receivingUnitId']);
      // The hosting mobile branch sees and lists the record: the module must be on there too.
      if (receivingUnitId !== null && (await ctx.loaders.byId(OrgUnit).load(receivingUnitId)))
        await requireModule(ctx, receivingUnitId);
      return { record: await services(ctx).records.recordAway(tx, member, { ...input, receivingUnitId }, ctx.today) };
    });
  }

  @Mutation(() => MobileRecordPayload, { description: '联系记录 — log an attempt to reach the member, reached or not' })
  logMobileContact(
    @Ctx() ctx: Context,
    @Arg('input', { description: '联系 — the attempt' }) input: LogMobileContactInput,
  ): Promise<MobileRecordPayload> {
    return runMutation(ctx, input, async (tx) => {
      const record = await recordFor(ctx, tx, input.recordId);
      await services(ctx).records.logContact(tx, record, input, actorOf(ctx), ctx.today);
      return { record };
    });
  }

  @Mutation(() => MobileRecordPayload, {
    description: "党员汇报 — log the member's report to the home organisation (also a successful contact)",
  })
  logMobileReportIn(
    @Ctx() ctx: Context,
    @Arg('input', { description: '汇报 — the report-in' }) input: LogMobileReportInInput,
  ): Promise<MobileRecordPayload> {
    return runMutation(ctx, input, async (tx) => {
      const record = await recordFor(ctx, tx, input.recordId);
      await services(ctx).records.logReportIn(tx, record, input, actorOf(ctx), ctx.today);
      return { record };
    });
  }

  @Mutation(() => MobileRecordPayload, {
    description:
      '录入组织决定 — record a suspension, restoration or removal that the branch assembly decided and the committee above approved; refused when the rules do not allow it',
  })
  recordMobileDecision(
    @Ctx() ctx: Context,
    @Arg('input', { description: '决定 — the decision' }) input: RecordMobileDecisionInput,
  ): Promise<MobileRecordPayload> {
    return runMutation(ctx, input, async (tx) => {
      const record = await recordFor(ctx, tx, input.recordId);
      const approvingUnit = await ctx.loaders
        .byId(OrgUnit)
        .load(inputId(input.approvingUnitId, 'OrgUnit', ['input', 'approvingUnitId']));
      if (!approvingUnit)
        refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }), ['input', 'approvingUnitId']);
      const member = await tx.findOneOrFail(Member, { where: { id: record.memberId } });
      await services(ctx).records.decide(tx, record, member, { ...input, approvingUnit }, actorOf(ctx), ctx.today);
      return { record };
    });
  }

  @Mutation(() => MobileRecordPayload, {
    description: '返乡登记 — the member came home; the record is closed and kept',
  })
  recordMemberReturned(
    @Ctx() ctx: Context,
    @Arg('input', { description: '返乡 — when' }) input: RecordMemberReturnedInput,
  ): Promise<MobileRecordPayload> {
    return runMutation(ctx, input, async (tx) => {
      const record = await recordFor(ctx, tx, input.recordId);
      await services(ctx).records.markReturned(tx, record, input.returnedOn, ctx.today);
      return { record: await tx.findOneOrFail(MobileRecord, { where: { id: record.id } }) };
    });
  }
}

@Resolver(() => MobileDecision)
export class MobileDecisionResolver {
  @FieldResolver(() => OrgUnit, { nullable: true, description: '批准组织 — the committee that approved it' })
  approvingUnit(@Root() d: MobileDecision, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(d.approvingUnitId);
  }
}
