import { type LocalDate, type SqlRunner, subtreeSums } from '#module-kit';
import { DUE_ROLLUP, owedSql, PAID_ROLLUP } from './tallies';

export interface CollectionRow {
  target: number;
  month: LocalDate;
  /** Fen as integer strings (bigint): a province's year exceeds a 32-bit integer. */
  due_fen: string;
  paid_fen: string;
  settled_fen: string;
  members_due: number;
  members_paid: number;
}

/**
 * Per unit and month firstMonth..lastMonth (first days), from the roll-ups kept for the unit: dues
 * owed under it (the segments covering the month), paid for the month, paid up to each member's dues
 * (settled), and members owing more than nothing and members paid in full.
 */
export async function loadCollection(
  db: SqlRunner,
  unitIds: readonly number[],
  firstMonth: LocalDate,
  lastMonth: LocalDate,
): Promise<CollectionRow[][]> {
  const rows: CollectionRow[] = await db.query(
    `WITH months AS (SELECT m::date AS month FROM generate_series($2::date, $3::date, interval '1 month') m),
     segments AS MATERIALIZED (
       -- The shards summed first: each segment is then spread over its months once.
       SELECT t.id AS target, a.period, a.until, sum(a.due_fen) AS due_fen, sum(a.members) AS members
       FROM unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(DUE_ROLLUP)} a ON a.target = t.id AND a.period <= $3::date AND a.until > $2::date
       GROUP BY 1, 2, 3),
     due AS (
       SELECT s.target, m.month, sum(s.due_fen)::bigint AS due_fen, sum(s.members)::int AS members
       FROM segments s JOIN months m ON s.period <= m.month AND s.until > m.month
       GROUP BY 1, 2),
     paid AS (
       SELECT t.id AS target, a.period AS month, sum(a.paid_fen)::bigint AS paid_fen,
              sum(a.settled_fen)::bigint AS settled_fen, sum(a.members_paid)::int AS members_paid
       FROM unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(PAID_ROLLUP)} a ON a.target = t.id AND a.period BETWEEN $2::date AND $3::date
       GROUP BY 1, 2)
     SELECT t.id AS target, to_char(m.month, 'YYYY-MM-DD') AS month,
            coalesce(d.due_fen, 0)::text AS due_fen, coalesce(p.paid_fen, 0)::text AS paid_fen,
            coalesce(p.settled_fen, 0)::text AS settled_fen,
            coalesce(d.members, 0) AS members_due, coalesce(p.members_paid, 0) AS members_paid
     FROM unnest($1::int[]) AS t(id) CROSS JOIN months m
     LEFT JOIN due d ON d.target = t.id AND d.month = m.month
     LEFT JOIN paid p ON p.target = t.id AND p.month = m.month
     ORDER BY 1, 2`,
    [unitIds, firstMonth, lastMonth],
  );
  return unitIds.map((id) => rows.filter((r) => r.target === id));
}

export interface MemberMonth {
  member_id: number;
  unit_id: number;
  month: LocalDate;
  due_fen: number;
  paid_fen: number;
}

/**
 * Each month firstMonth..lastMonth that the members owed dues in (a declaration in force, from the
 * month of probation on), with the dues (after reductions) and what was paid for it. Members: by id,
 * or those whose dues were owed to the branches `unitIds` (and are still members on `presentOn`).
 */
export async function loadMemberMonths(
  db: SqlRunner,
  who: { memberIds?: readonly number[]; unitIds?: readonly number[]; presentOn?: LocalDate },
  firstMonth: LocalDate,
  lastMonth: LocalDate,
): Promise<MemberMonth[]> {
  return db.query(
    `WITH ${owedSql('($1::int[] IS NULL OR x.member_id = ANY($1::int[])) AND ($2::int[] IS NULL OR x.unit_id = ANY($2::int[]))')},
     months AS (
       SELECT o.member_id, o.unit_id, m::date AS month, o.due_fen
       FROM owed o CROSS JOIN generate_series(greatest(o.start, $3::date),
                                              least((o.stop - interval '1 month')::date, $4::date), interval '1 month') m
       WHERE ($2::int[] IS NULL OR o.unit_id = ANY($2::int[]))),
     paid AS (
       SELECT p.member_id, p.month, sum(p.amount_fen)::int AS paid_fen FROM pd_payment p
       WHERE p.member_id IN (SELECT member_id FROM months) AND p.month BETWEEN $3::date AND $4::date
       GROUP BY 1, 2)
     SELECT x.member_id, x.unit_id, to_char(x.month, 'YYYY-MM-DD') AS month, x.due_fen, coalesce(p.paid_fen, 0) AS paid_fen
     FROM months x LEFT JOIN paid p ON p.member_id = x.member_id AND p.month = x.month
     JOIN member mb ON mb.id = x.member_id
     WHERE $5::date IS NULL OR mb.departed_on IS NULL OR mb.departed_on > $5::date
     ORDER BY x.member_id, x.month`,
    [who.memberIds ?? null, who.unitIds ?? null, firstMonth, lastMonth, who.presentOn ?? null],
  );
}

export interface ArrearsRow {
  memberId: number;
  unitId: number;
  /** The first month of the unbroken run of unpaid months. */
  since: LocalDate;
  through: LocalDate;
  months: number;
  owedFen: number;
}

/**
 * Members of the branches `unitIds` (still members on `asOf`) whose last `minMonths` or more months
 * up to `lastMonth` were each due (more than nothing) and unpaid (nothing paid for it), unbroken:
 * a month paid in any part, waived, or not owed ends the run. Looks back at most `lookback` months.
 */
export async function loadArrears(
  db: SqlRunner,
  unitIds: readonly number[],
  asOf: LocalDate,
  lastMonth: LocalDate,
  minMonths: number,
  lookback = 36,
): Promise<ArrearsRow[]> {
  const [first]: { d: LocalDate }[] = await db.query(
    `SELECT to_char($1::date - make_interval(months => $2), 'YYYY-MM-DD') AS d`,
    [lastMonth, lookback - 1],
  );
  const rows = await loadMemberMonths(db, { unitIds, presentOn: asOf }, first.d, lastMonth);
  const byMember = new Map<number, MemberMonth[]>();
  for (const r of rows) byMember.set(r.member_id, [...(byMember.get(r.member_id) ?? []), r]);
  const out: ArrearsRow[] = [];
  for (const [memberId, months] of byMember) {
    const last = months[months.length - 1];
    if (last.month !== lastMonth) continue;
    let run = 0;
    let owed = 0;
    for (let i = months.length - 1; i >= 0; i--) {
      const m = months[i];
      const expected = shiftMonth(lastMonth, -run);
      if (m.month !== expected || m.due_fen <= 0 || m.paid_fen > 0) break;
      run += 1;
      owed += m.due_fen;
    }
    if (run >= minMonths)
      out.push({
        memberId,
        unitId: last.unit_id,
        since: shiftMonth(lastMonth, 1 - run),
        through: lastMonth,
        months: run,
        owedFen: owed,
      });
  }
  return out.sort((a, b) => a.since.localeCompare(b.since) || a.memberId - b.memberId);
}

/** The first day of the month `n` months from the month starting `month` (integer arithmetic on the text). */
export function shiftMonth(month: LocalDate, n: number): LocalDate {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}
