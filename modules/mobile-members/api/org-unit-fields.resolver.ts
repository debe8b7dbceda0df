import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import {
  AppError,
  argsKey,
  checkDateRange,
  ConnectionArgs,
  ConnectionType,
  type Context,
  ErrorCode,
  loadConnection,
  maskPhone,
  Member,
  OrgUnit,
  pageRequest,
  DateScalar,
  figurePeriods,
  type LocalDate,
  PeriodKind,
  periodStarts,
  Permission,
  PHONE,
  refuse,
  runMutation,
  Sector,
  unitFromInput,
  coreMessages,
} from '#module-kit';
import { OutsideMember } from '../entities/outside-member.entity';
import { HostOutsideMemberInput, MobileRecordOrderBy } from './inputs';
import { MobileNotice } from '../entities/notice.entity';
import { MobileRecord } from '../entities/mobile-record.entity';
import { MobileStatus } from '../enums';
import { services } from '../services';
import { loadMobileMonths, loadMobileStats, loadProposals, recordsList } from '../services/figures';
import { MODULE } from '../services/tallies';
import { MobileMonth, MobileProposal, MobileStats, OutsideMemberPayload } from './types';
import { MOBILE_LABELS as ML, MOBILE_MESSAGES as MM } from '../messages';

export const MobileRecordConnection = ConnectionType(MobileRecord, 'MobileRecord', '流动党员外出记录');

/** Members away from home (流动党员) under a unit. */
@Resolver(() => OrgUnit)
export class OrgUnitMobileFields {
  @FieldResolver(() => MobileRecordConnection, {
    nullable: true,
    description:
      '流动党员 — records of members under this unit away from home, or hosted by a mobile branch here, in the order recorded unless orderBy says otherwise',
  })
  mobileRecords(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('statuses', () => [MobileStatus], { nullable: true, description: '状态 — only these' })
    statuses?: MobileStatus[],
    @Arg('orderBy', () => MobileRecordOrderBy, {
      nullable: true,
      description: '排序 — field and direction (default in the order recorded); a cursor holds its order',
    })
    orderBy?: MobileRecordOrderBy,
  ) {
    const order = orderBy ?? undefined;
    return loadConnection(
      ctx,
      MobileRecord,
      'mm:records',
      { statuses, order },
      pageRequest(page, info),
      unit.id,
      (ids) => recordsList(services(ctx).policy, ids, ctx.today, statuses, order),
    );
  }

  @FieldResolver(() => [MobileProposal], {
    nullable: true,
    description:
      '待决事项 — members the rules make eligible for suspension, a concentrated contact effort, or removal, with their contact log as evidence; nothing changes until people decide',
  })
  async mobileMemberProposals(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<MobileProposal[]> {
    const proposals = await ctx.loaders
      .get<number, Awaited<ReturnType<typeof loadProposals>>[number]>('mm:proposals', (ids) =>
        loadProposals(ctx.db, services(ctx).policy, ids, ctx.today),
      )
      .load(unit.id);
    const records = await ctx.loaders.byId(MobileRecord).loadMany(proposals.map((p) => p.recordId));
    return proposals.map((p, i) => ({ ...p, record: records[i] as MobileRecord }));
  }

  @FieldResolver(() => MobileStats, {
    nullable: true,
    description:
      '流动党员统计 — members away, top destinations, lost and its share, reached in 90 days, report-ins overdue',
  })
  mobileStats(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('top', () => Int, { defaultValue: 5, description: '前几位 — how many destinations to list (1–20)' })
    top: number,
  ) {
    if (top < 1 || top > 20) throw new AppError(ErrorCode.BAD_USER_INPUT, MM.topRange());
    return ctx.loaders
      .get<number, MobileStats>(`mm:stats:${top}`, (ids) =>
        loadMobileStats(ctx.db, services(ctx).policy, ids, ctx.today, top),
      )
      .load(unit.id);
  }

  @FieldResolver(() => [MobileMonth], {
    nullable: true,
    description:
      '流动党员月度情况 — departures, returns, contacts, report-ins and decisions per month overlapping from..to (at most 36 months), each counted where the branch sat in the tree that day; each month carries its period (closed, reopened)',
  })
  mobileMonths(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { description: '起始日期 — a day of the first month' }) from: LocalDate,
    @Arg('to', () => DateScalar, { description: '截止日期 — a day of the last month' }) to: LocalDate,
  ): Promise<MobileMonth[]> {
    checkDateRange(from, to, 1100);
    const starts = periodStarts(PeriodKind.MONTH, from, to);
    return ctx.loaders
      .get<number, MobileMonth[]>(`mm:months:${argsKey({ from, to })}`, async (ids) => {
        const counts = await loadMobileMonths(ctx.db, ids, starts);
        // The periods' state, one statement for every unit asking (the core batches it).
        const states = await Promise.all(ids.map((unitId) => figurePeriods(ctx, MODULE, unitId, starts)));
        return counts.map((months, i) => months.map(({ start: _, ...c }, j) => ({ ...c, period: states[i][j] })));
      })
      .load(unit.id);
  }

  @FieldResolver(() => [MobileRecord], {
    nullable: true,
    description: '接收的本地流动党员 — for a mobile branch: members of this tree it hosts now',
  })
  hostedMembers(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders
      .hasMany(MobileRecord, 'receiving_unit_id', (r) => r.receivingUnitId!, { where: 'x.returned_on IS NULL' })
      .load(unit.id);
  }

  @FieldResolver(() => [OutsideMember], {
    nullable: true,
    description: '接收的外地流动党员 — for a mobile branch: members from elsewhere it hosts now',
  })
  hostedOutsideMembers(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders
      .hasMany(OutsideMember, 'unit_id', (o) => o.unitId, {
        where: 'x.hosted_until IS NULL',
        order: [['hostedSince', 'ASC']],
      })
      .load(unit.id);
  }

  @Mutation(() => OutsideMemberPayload, {
    description: '接收外地流动党员 — a mobile branch records a member from elsewhere that it hosts',
  })
  hostOutsideMember(
    @Ctx() ctx: Context,
    @Arg('input', { description: '党员信息 — who' }) input: HostOutsideMemberInput,
  ): Promise<OutsideMemberPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      if (unit.sector !== Sector.MOBILE)
        refuse(ErrorCode.BAD_USER_INPUT, MM.outsideHostedByMobile(), ['input', 'unitId']);
      if (input.phone && !PHONE.test(input.phone))
        refuse(ErrorCode.BAD_USER_INPUT, MM.phoneShape(), ['input', 'phone']);
      if (input.hostedSince > ctx.today)
        refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: ML.hostedSince }), ['input', 'hostedSince']);
      const result = await tx.insert(OutsideMember, {
        unitId: unit.id,
        name: input.name.trim(),
        homeOrgName: input.homeOrgName.trim(),
        phone: input.phone ?? null,
        hostedSince: input.hostedSince,
        hostedUntil: null,
      });
      return { outsideMember: await tx.findOneOrFail(OutsideMember, { where: { id: result.identifiers[0].id } }) };
    });
  }

  @FieldResolver(() => [MobileNotice], {
    nullable: true,
    description: '流动党员通报 — notices this branch sent to its members away, newest first',
  })
  mobileNotices(@Root() unit: OrgUnit, @Ctx() ctx: Context) {
    return ctx.loaders
      .hasMany(MobileNotice, 'unit_id', (n) => n.unitId, {
        order: [
          ['publishedOn', 'DESC'],
          ['id', 'DESC'],
        ],
      })
      .load(unit.id);
  }
}

@Resolver(() => OutsideMember)
export class OutsideMemberResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: '联系电话 — masked unless the viewer may see personal data of the hosting branch',
  })
  async phone(@Root() o: OutsideMember, @Ctx() ctx: Context): Promise<string | null> {
    if (!o.phone) return null;
    const unit = await ctx.loaders.byId(OrgUnit).load(o.unitId);
    return unit && ctx.access.canSeePersonalData(unit) ? o.phone : maskPhone(o.phone);
  }
}

@Resolver(() => Member)
export class MemberMobileFields {
  @FieldResolver(() => MobileRecord, {
    nullable: true,
    description: "外出记录 — the member's current record while away from home; null at home",
  })
  mobileRecord(@Root() m: Member, @Ctx() ctx: Context) {
    return ctx.loaders
      .get<number, MobileRecord | null>('mm:current', async (ids) => {
        const rows = await ctx.db
          .getRepository(MobileRecord)
          .createQueryBuilder('r')
          .where('r.member_id = ANY(:ids) AND r.returned_on IS NULL', { ids })
          .getMany();
        return ids.map((id) => rows.find((r) => r.memberId === id) ?? null);
      })
      .load(m.id);
  }
}
