import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import {
  argsKey,
  checkDateRange,
  ConnectionArgs,
  type Context,
  DateScalar,
  figurePeriods,
  type LocalDate,
  loadConnection,
  Member,
  OrgUnit,
  pageRequest,
  PeriodKind,
  periodStart,
  periodStarts,
  share,
} from '#module-kit';
import { OrgLifeMeeting } from '../entities/meeting.entity';
import { DueStatus, KINDS_BY_UNIT, MeetingKind } from '../enums';
import { MODULE, services } from '../services';
import {
  attendanceRate,
  loadAttendance,
  loadCompliance,
  loadMemberAttendance,
  loadNotTakingPart,
  loadSilent,
} from '../services/figures';
import {
  AttendanceFigure,
  MeetingCompliance,
  MemberNotTakingPart,
  OrgLifeMeetingConnection,
  ScheduledMeeting,
  SilentBranch,
} from './types';

const FROM = { description: '起始 — first day of the range' };
const TO = { description: '截止 — last day of the range' };

const months = (ctx: Context, unitId: number, from: LocalDate, to: LocalDate) =>
  figurePeriods(ctx, MODULE, unitId, periodStarts(PeriodKind.MONTH, from, to));

/** Organisational life on a unit. The core gates each field: MODULE_DISABLED where the module is off. */
@Resolver(() => OrgUnit)
export class OrgUnitOrgLifeFields {
  @FieldResolver(() => OrgLifeMeetingConnection, {
    nullable: true,
    description: '组织生活记录 — meetings this unit held, latest first (cancelled ones included, marked)',
  })
  meetings(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo, @Args() page: ConnectionArgs) {
    return loadConnection(ctx, OrgLifeMeeting, 'ol:meetings', {}, pageRequest(page, info), unit.id, (ids) => ({
      partition: 'x.unit_id',
      id: 'x.id',
      sort: ["(DATE '9999-12-31' - x.held_on)", '(-x.id)'],
      from: 'FROM ol_meeting x WHERE x.unit_id = ANY($1::int[])',
      params: [ids],
    }));
  }

  @FieldResolver(() => MeetingCompliance, {
    nullable: true,
    description:
      '三会一课落实情况 — per kind and scheduled period ending in from..to: due, held, held late, missing, for every branch and party group under this unit as placed on each period’s last day',
  })
  async meetingCompliance(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, FROM) from: LocalDate,
    @Arg('to', () => DateScalar, TO) to: LocalDate,
  ): Promise<MeetingCompliance> {
    checkDateRange(from, to, 3 * 366);
    const policy = services(ctx).policy;
    const rows = await ctx.loaders
      .get(`ol:compliance:${argsKey({ from, to })}`, (ids: readonly number[]) =>
        loadCompliance(ctx.db, policy, ids, from, to),
      )
      .load(unit.id);
    const periods = rows.map((r) => {
      const ended = r.period_end < ctx.today;
      const rest = r.due - r.held - r.held_late;
      return {
        kind: r.kind,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        due: r.due,
        held: r.held,
        heldLate: r.held_late,
        missing: ended ? rest : 0,
        notYetEnded: ended ? 0 : rest,
      };
    });
    const sum = (xs: typeof periods, k: 'due' | 'held' | 'heldLate' | 'missing' | 'notYetEnded') =>
      xs.reduce((n, x) => n + x[k], 0);
    const byKind = Object.values(MeetingKind)
      .map((kind) => {
        const xs = periods.filter((p) => p.kind === kind);
        const due = sum(xs, 'due');
        return {
          kind,
          due,
          held: sum(xs, 'held'),
          heldLate: sum(xs, 'heldLate'),
          missing: sum(xs, 'missing'),
          heldRate: share(sum(xs, 'held'), due - sum(xs, 'notYetEnded')),
        };
      })
      .filter((k) => k.due > 0);
    return {
      due: sum(periods, 'due'),
      held: sum(periods, 'held'),
      heldLate: sum(periods, 'heldLate'),
      missing: sum(periods, 'missing'),
      notYetEnded: sum(periods, 'notYetEnded'),
      byKind,
      periods,
      figurePeriods: await months(ctx, unit.id, from, to),
    };
  }

  @FieldResolver(() => AttendanceFigure, {
    nullable: true,
    description: '出席统计 — attendance at meetings held under this unit in the months from..to, by kind',
  })
  async meetingAttendance(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, FROM) from: LocalDate,
    @Arg('to', () => DateScalar, TO) to: LocalDate,
  ): Promise<AttendanceFigure> {
    checkDateRange(from, to, 3 * 366);
    const [first, last] = [periodStart(PeriodKind.MONTH, from), periodStart(PeriodKind.MONTH, to)];
    const byKind = await ctx.loaders
      .get(`ol:attendance:${first}:${last}`, (ids: readonly number[]) => loadAttendance(ctx.db, ids, first, last))
      .load(unit.id);
    const total = { present: 0, online: 0, excused: 0, absent: 0 };
    for (const k of byKind) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += k[key];
    return { ...total, rate: attendanceRate(total), byKind, figurePeriods: await months(ctx, unit.id, first, last) };
  }

  @FieldResolver(() => [SilentBranch], {
    nullable: true,
    description:
      '静默支部 — branches under this unit with no organisational life (their own or their party groups’) in the policy’s days up to asOf (default 30), quietest first',
  })
  async silentBranches(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '截至 — the day judged; today when omitted' })
    asOf?: LocalDate | null,
  ): Promise<SilentBranch[]> {
    const day = asOf ?? ctx.today;
    const days = services(ctx).policy.silentAfterDays;
    const rows = await ctx.loaders
      .get(`ol:silent:${day}`, (ids: readonly number[]) => loadSilent(ctx.db, ids, day, days))
      .load(unit.id);
    const units = await ctx.loaders.byId(OrgUnit).loadMany(rows.map((r) => r.unit_id));
    return rows.map((r, i) => ({ branch: units[i] as OrgUnit, lastMeetingOn: r.last_meeting_on, days: r.days }));
  }

  @FieldResolver(() => [MemberNotTakingPart], {
    nullable: true,
    description:
      '不参加组织生活的党员 — members of the branches under this unit absent without reason from every meeting since the last they took part in, for the policy’s months (default 6, Party Constitution art. 9); for the branch to act on, never decided here',
  })
  async membersNotTakingPart(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '截至 — the day judged; today when omitted' })
    asOf?: LocalDate | null,
  ): Promise<MemberNotTakingPart[]> {
    const day = asOf ?? ctx.today;
    const n = services(ctx).policy.stoppedTakingPartMonths;
    const rows = await ctx.loaders
      .get(`ol:notTakingPart:${day}`, (ids: readonly number[]) => loadNotTakingPart(ctx.db, ids, day, n))
      .load(unit.id);
    const members = await ctx.loaders.byId(Member).loadMany(rows.map((r) => r.member_id));
    return rows.map((r, i) => ({
      member: members[i] as Member,
      lastTookPartOn: r.last_took_part_on,
      since: r.since,
      flaggedFrom: r.flagged_from,
      absences: r.absences,
      lastAbsentOn: r.last_absent_on,
    }));
  }

  @FieldResolver(() => [ScheduledMeeting], {
    nullable: true,
    description:
      '组织生活安排 — what this branch or party group owes in each scheduled period of a year, and how it stands',
  })
  async meetingSchedule(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('year', () => Int, { description: '年度 — the calendar year' }) year: number,
  ): Promise<ScheduledMeeting[]> {
    const kinds = KINDS_BY_UNIT[unit.kind] ?? [];
    if (!kinds.length) return [];
    const policy = services(ctx).policy;
    const held: { kind: MeetingKind; counts_for: LocalDate; held_on: LocalDate }[] = await ctx.db.query(
      `SELECT kind, counts_for, held_on FROM ol_meeting
       WHERE unit_id = $1 AND cancelled_on IS NULL AND counts_for BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31)`,
      [unit.id, year],
    );
    const out: ScheduledMeeting[] = [];
    for (const kind of kinds) {
      const every = policy.everyMonths[kind];
      for (let m = 1; m <= 12; m += every) {
        const periodStart = `${year}-${String(m).padStart(2, '0')}-01`;
        const next = m + every > 12 ? `${year + 1}-01-01` : `${year}-${String(m + every).padStart(2, '0')}-01`;
        const periodEnd = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const xs = held.filter((h) => h.kind === kind && h.counts_for >= periodStart && h.counts_for <= periodEnd);
        const status = xs.some((h) => h.held_on <= periodEnd)
          ? DueStatus.HELD
          : xs.length
            ? DueStatus.HELD_LATE
            : periodEnd < ctx.today
              ? DueStatus.MISSING
              : DueStatus.OPEN;
        out.push({ kind, periodStart, periodEnd, status, meetings: xs.length });
      }
    }
    return out;
  }
}

@Resolver(() => Member)
export class MemberOrgLifeFields {
  @FieldResolver(() => AttendanceFigure, {
    nullable: true,
    description: '组织生活出席 — this member’s attendance at meetings held from..to',
  })
  async meetingAttendance(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, FROM) from: LocalDate,
    @Arg('to', () => DateScalar, TO) to: LocalDate,
  ): Promise<AttendanceFigure> {
    checkDateRange(from, to, 3 * 366);
    const c = await ctx.loaders
      .get(`ol:memberAttendance:${from}:${to}`, (ids: readonly number[]) => loadMemberAttendance(ctx.db, ids, from, to))
      .load(m.id);
    return { ...c, rate: attendanceRate(c) };
  }
}
