import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import {
  argsKey,
  checkDateRange,
  type Context,
  DateScalar,
  figurePeriods,
  type LocalDate,
  Member,
  moduleEnabledSql,
  OrgUnit,
  PeriodKind,
  periodStarts,
  placedOnSql,
  renderMessage,
  share,
  type SqlRunner,
} from '#module-kit';
import { DuesDeclaration } from '../entities/declaration.entity';
import { DuesDisclosure } from '../entities/disclosure.entity';
import { DuesPayment } from '../entities/payment.entity';
import { DuesReduction } from '../entities/reduction.entity';
import { DuesMonthStatus } from '../enums';
import { MODULE } from '../services';
import { ARREARS_MONTHS, arrearsDetail, lastClosedMonth } from '../services/arrears-flag';
import { monthOf } from '../services/dues.service';
import { loadArrears, loadCollection, loadMemberMonths, shiftMonth } from '../services/figures';
import { DuesArrears, DuesCollection, type DuesMonthFigure, MemberDuesAccount, type MemberDuesMonth } from './types';

const FROM = { description: '起始 — a day of the first month' };
const TO = { description: '截止 — a day of the last month' };

const rate = (settled: bigint, due: bigint) => (due > 0n ? share(Number(settled), Number(due)) : null);

/** Branches placed under `unitId` on `day` with the module on there, as one statement. */
async function branchesUnder(db: SqlRunner, unitId: number, day: LocalDate): Promise<number[]> {
  const rows: { id: number }[] = await db.query(
    `SELECT DISTINCT p.unit_id AS id
     FROM org_unit_placement tp JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~'
       AND p.valid_from <= $2::date AND (p.valid_to IS NULL OR p.valid_to > $2::date)
     JOIN org_unit u ON u.id = p.unit_id AND u.kind IN ('BRANCH', 'GENERAL_BRANCH')
     WHERE ${placedOnSql('tp', '$1', '$2::date')} AND ${moduleEnabledSql('p', MODULE, '$2::date')}`,
    [unitId, day],
  );
  return rows.map((r) => r.id);
}

/** Party dues on a unit. The core gates each field: MODULE_DISABLED where the module is off. */
@Resolver(() => OrgUnit)
export class OrgUnitDuesFields {
  @FieldResolver(() => DuesCollection, {
    nullable: true,
    description:
      '党费收缴情况 — per month from..to: dues owed, paid, collection rate and members in arrears, for every branch under this unit as placed in each month',
  })
  async duesCollection(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, FROM) from: LocalDate,
    @Arg('to', () => DateScalar, TO) to: LocalDate,
  ): Promise<DuesCollection> {
    checkDateRange(from, to, 3 * 366);
    const [first, last] = [monthOf(from), monthOf(to)];
    const rows = await ctx.loaders
      .get(`pd:collection:${argsKey({ first, last })}`, (ids: readonly number[]) =>
        loadCollection(ctx.db, ids, first, last),
      )
      .load(unit.id);
    let [due, paid, settled] = [0n, 0n, 0n];
    const months: DuesMonthFigure[] = rows.map((r) => {
      due += BigInt(r.due_fen);
      paid += BigInt(r.paid_fen);
      settled += BigInt(r.settled_fen);
      return {
        month: r.month,
        dueFen: r.due_fen,
        paidFen: r.paid_fen,
        settledFen: r.settled_fen,
        collectionRate: rate(BigInt(r.settled_fen), BigInt(r.due_fen)),
        membersDue: r.members_due,
        membersPaid: r.members_paid,
        membersInArrears: Math.max(0, r.members_due - r.members_paid),
      };
    });
    return {
      dueFen: due.toString(),
      paidFen: paid.toString(),
      settledFen: settled.toString(),
      collectionRate: rate(settled, due),
      months,
      figurePeriods: await figurePeriods(ctx, MODULE, unit.id, periodStarts(PeriodKind.MONTH, first, last)),
    };
  }

  @FieldResolver(() => [DuesArrears], {
    nullable: true,
    description:
      '连续六个月未交党费的党员 — members of the branches under this unit with six or more whole months in a row unpaid, counted back from the last month closed on asOf (Party Constitution art. 9); for the branch to act on, never decided here',
  })
  async duesArrears(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('asOf', () => DateScalar, { nullable: true, description: '截至 — the day judged; today when omitted' })
    asOf?: LocalDate | null,
  ): Promise<DuesArrears[]> {
    const day = asOf ?? ctx.today;
    const last = lastClosedMonth(day, ctx.app.figures.closeAfterDays(MODULE));
    const branches = await branchesUnder(ctx.db, unit.id, day);
    const rows = await loadArrears(ctx.db, branches, day, last, ARREARS_MONTHS);
    const [members, units] = await Promise.all([
      ctx.loaders.byId(Member).loadMany(rows.map((r) => r.memberId)),
      ctx.loaders.byId(OrgUnit).loadMany(rows.map((r) => r.unitId)),
    ]);
    return rows.map((r, i) => ({
      member: members[i] as Member,
      branch: units[i] as OrgUnit,
      since: r.since,
      through: r.through,
      months: r.months,
      owedFen: r.owedFen,
      detail: renderMessage(arrearsDetail(r), ctx.language),
    }));
  }

  @FieldResolver(() => [DuesDisclosure], {
    nullable: true,
    description: '党费收缴公开 — this branch’s dues disclosures, latest first',
  })
  duesDisclosures(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<DuesDisclosure[]> {
    return ctx.loaders
      .get('pd:disclosures', async (ids: readonly number[]) => {
        const rows = await ctx.db
          .getRepository(DuesDisclosure)
          .createQueryBuilder('d')
          .where('d.unit_id = ANY(:ids)', { ids })
          .orderBy('d.to_month', 'DESC')
          .addOrderBy('d.id', 'DESC')
          .getMany();
        return ids.map((id) => rows.filter((r) => r.unitId === id));
      })
      .load(unit.id);
  }

  @FieldResolver(() => [DuesPayment], {
    nullable: true,
    description: '党费交纳记录 — payments this branch recorded for one month',
  })
  duesPayments(
    @Root() unit: OrgUnit,
    @Ctx() ctx: Context,
    @Arg('month', () => DateScalar, { description: '月份 — a day of the month paid for' }) month: LocalDate,
  ): Promise<DuesPayment[]> {
    const m = monthOf(month);
    return ctx.loaders
      .get(`pd:payments:${m}`, async (ids: readonly number[]) => {
        const rows = await ctx.db
          .getRepository(DuesPayment)
          .createQueryBuilder('p')
          .where('p.unit_id = ANY(:ids) AND p.month = :m', { ids, m })
          .orderBy('p.member_id')
          .addOrderBy('p.id')
          .getMany();
        return ids.map((id) => rows.filter((r) => r.unitId === id));
      })
      .load(unit.id);
  }
}

@Resolver(() => Member)
export class MemberDuesFields {
  @FieldResolver(() => MemberDuesAccount, {
    nullable: true,
    description: '党费账 — this member’s dues month by month, from..to (the last twelve months when omitted)',
  })
  async duesAccount(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { nullable: true, ...FROM }) from?: LocalDate | null,
    @Arg('to', () => DateScalar, { nullable: true, ...TO }) to?: LocalDate | null,
  ): Promise<MemberDuesAccount> {
    const last = monthOf(to ?? ctx.today);
    const first = from ? monthOf(from) : shiftMonth(last, -11);
    checkDateRange(first, last, 3 * 366);
    const rows = await ctx.loaders
      .get(`pd:account:${first}:${last}`, async (ids: readonly number[]) => {
        const all = await loadMemberMonths(ctx.db, { memberIds: ids }, first, last);
        return ids.map((id) => all.filter((r) => r.member_id === id));
      })
      .load(m.id);
    const months: MemberDuesMonth[] = rows.map((r) => ({
      month: r.month,
      dueFen: r.due_fen,
      paidFen: r.paid_fen,
      owedFen: Math.max(0, r.due_fen - r.paid_fen),
      status:
        r.due_fen === 0
          ? DuesMonthStatus.WAIVED
          : r.paid_fen >= r.due_fen
            ? DuesMonthStatus.PAID
            : r.paid_fen > 0
              ? DuesMonthStatus.PART_PAID
              : DuesMonthStatus.UNPAID,
    }));
    const sum = (k: 'dueFen' | 'paidFen' | 'owedFen') => months.reduce((n, x) => n + x[k], 0);
    return {
      monthsDue: months.filter((x) => x.dueFen > 0).length,
      monthsPaid: months.filter((x) => x.status === DuesMonthStatus.PAID).length,
      dueFen: sum('dueFen'),
      paidFen: sum('paidFen'),
      owedFen: sum('owedFen'),
      months,
    };
  }

  @FieldResolver(() => [DuesDeclaration], {
    nullable: true,
    description: '党费核定 — this member’s declarations, latest month first',
  })
  duesDeclarations(@Root() m: Member, @Ctx() ctx: Context): Promise<DuesDeclaration[]> {
    return ctx.db.getRepository(DuesDeclaration).find({ where: { memberId: m.id }, order: { effectiveMonth: 'DESC' } });
  }

  @FieldResolver(() => [DuesReduction], {
    nullable: true,
    description: '党费减免 — reductions and exemptions approved for this member, latest first',
  })
  duesReductions(@Root() m: Member, @Ctx() ctx: Context): Promise<DuesReduction[]> {
    return ctx.db.getRepository(DuesReduction).find({ where: { memberId: m.id }, order: { fromMonth: 'DESC' } });
  }
}
