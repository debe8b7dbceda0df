import type { EntityManager } from 'typeorm';
import {
  type App,
  type LocalDate,
  type MemberMove,
  type MemberMovedHandler,
  plusMonths,
  presenceSegmentsSql,
  type RecountEnv,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';
import { MODULE } from './module';

export const TALLIES = ['pd_tally_due', 'pd_tally_paid'];

/** Dues owed, as segments of months with a constant monthly sum, summed for every unit above the branch. */
export const DUE_ROLLUP: RollupSpec = {
  tally: 'pd_tally_due',
  keys: ['period', 'until'],
  sums: { due_fen: 'due_fen', members: 'members' },
};

/** Payments by the month they pay for, summed for every unit above the branch as it sat that month. */
export const PAID_ROLLUP: RollupSpec = {
  tally: 'pd_tally_paid',
  keys: ['period'],
  sums: { paid_fen: 'paid_fen', settled_fen: 'settled_fen', members_paid: 'members_paid' },
};

/** Days after a month until it closes (docs/RULES.md): a month's dues may be entered until then. */
export const CLOSE_AFTER_DAYS = 15;

/**
 * CTEs `stay`, `decl`, `cuts`, `pieces`, `owed`: what each member owed, month by month, as pieces
 * [start, stop) of months with one branch and one monthly amount, for the members with a declaration
 * matching `declWhere` (a condition on `x`, a `pd_declaration` row). A declaration is in force from
 * its month until the member's next one, never before the month the member became a probationary
 * member (`member.joined_on`, the branch meeting's vote), and only in the months the member belonged
 * to the branch that declared (`stay`: every month with a day of membership there, so the month of a
 * departure or a transfer is owed in full where the member was; the receiving branch declares anew);
 * a reduction approved above replaces the amount for its months (0: exempted).
 */
export const owedSql = (declWhere: string) => `
  stay_spans AS (
    SELECT p.member_id, p.branch_id, date_trunc('month', p.valid_from)::date AS a,
           CASE WHEN p.valid_to IS NULL THEN 'infinity'::date
                ELSE (date_trunc('month', p.valid_to - 1) + interval '1 month')::date END AS b
    FROM membership_period p
    WHERE p.member_id IN (SELECT x.member_id FROM pd_declaration x WHERE ${declWhere})
      AND (p.valid_to IS NULL OR p.valid_to > p.valid_from)),
  stay_islands AS (
    SELECT *, count(*) FILTER (WHERE NOT joined) OVER (PARTITION BY member_id, branch_id ORDER BY a, b ROWS UNBOUNDED PRECEDING) AS g
    FROM (SELECT *, coalesce(a <= max(b) OVER (PARTITION BY member_id, branch_id ORDER BY a, b
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS joined
          FROM stay_spans) s),
  stay AS MATERIALIZED (
    SELECT member_id, branch_id, min(a) AS a, max(b) AS b FROM stay_islands GROUP BY member_id, branch_id, g),
  decl AS (
    SELECT d.member_id, d.unit_id, d.due_fen,
           greatest(d.d_start, st.a) AS d_start, least(d.d_stop, st.b) AS d_stop
    FROM (SELECT d.member_id, d.unit_id, d.due_fen,
                 greatest(d.effective_month, date_trunc('month', m.joined_on)::date) AS d_start,
                 coalesce(lead(d.effective_month) OVER (PARTITION BY d.member_id ORDER BY d.effective_month), 'infinity'::date) AS d_stop
          FROM pd_declaration d JOIN member m ON m.id = d.member_id
          WHERE d.member_id IN (SELECT x.member_id FROM pd_declaration x WHERE ${declWhere})) d
    JOIN stay st ON st.member_id = d.member_id AND st.branch_id = d.unit_id AND st.a < d.d_stop AND st.b > d.d_start),
  cuts AS (
    SELECT c.member_id, c.unit_id, c.due_fen, c.d_start, c.d_stop, b.at
    FROM decl c CROSS JOIN LATERAL (
      SELECT c.d_start AS at
      UNION SELECT r.from_month FROM pd_reduction r
        WHERE r.member_id = c.member_id AND r.from_month > c.d_start AND r.from_month < c.d_stop
      UNION SELECT (r.to_month + interval '1 month')::date FROM pd_reduction r
        WHERE r.member_id = c.member_id AND r.to_month + interval '1 month' > c.d_start AND r.to_month + interval '1 month' < c.d_stop) b
    WHERE c.d_start < c.d_stop),
  pieces AS (
    SELECT member_id, unit_id, due_fen, at AS start,
           coalesce(lead(at) OVER (PARTITION BY member_id, d_start ORDER BY at), d_stop) AS stop
    FROM cuts),
  owed AS (
    SELECT p.member_id, p.unit_id, p.start, p.stop,
           -- A reduction lowers what is assessed, never raises it (a later declaration may assess less).
           least(coalesce((SELECT r.due_fen FROM pd_reduction r
                           WHERE r.member_id = p.member_id AND r.from_month <= p.start AND r.to_month >= p.start
                           ORDER BY r.id LIMIT 1), p.due_fen), p.due_fen) AS due_fen
    FROM pieces p)`;

/**
 * The one definition of the module's aggregates, recounted whole for the branches asked (a
 * declaration reaches every later month). Due: per branch, segments of months while the branch sat
 * at one path with the module on (judged at month ends), with the sum of its members' monthly dues
 * and how many owed more than nothing. Paid: per branch and month paid for, the sum paid, the sum
 * paid up to each member's dues, and the members paid in full.
 */
export async function recountDues(tx: EntityManager, scope: RecountScope, _env: RecountEnv): Promise<void> {
  const units = scope.units ? [...scope.units] : null;
  const unitIn = (col: string) => `($1::int[] IS NULL OR ${col} = ANY($1::int[]))`;
  await tx.query(`DELETE FROM pd_tally_due WHERE ${unitIn('unit_id')}`, [units]);
  await tx.query(`DELETE FROM pd_tally_paid WHERE ${unitIn('unit_id')}`, [units]);
  const seg = `seg AS MATERIALIZED (${presenceSegmentsSql(
    `${unitIn('u.id')} AND u.id IN (SELECT unit_id FROM pd_declaration)`,
    MODULE,
  )})`;
  // A whole tally's recount (rebuild, check): estimating one row for each CTE, the planner joins the
  // spans to every interval by nested loop, 249 million comparisons at the city (86 s; hashed, 3.5 s).
  const whole = units === null;
  const nestloop: string | null = whole
    ? (await tx.query(`SELECT current_setting('enable_nestloop') AS v`))[0].v
    : null;
  if (whole) await tx.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  await tx.query(
    `WITH ${owedSql(unitIn('x.unit_id'))}, ${seg},
     iv AS (
       SELECT o.unit_id, s.path, greatest(o.start, s.period) AS a, least(o.stop, s.until) AS b, o.due_fen
       FROM owed o JOIN seg s ON s.unit_id = o.unit_id AND s.period < o.stop AND s.until > o.start),
     pts AS (SELECT unit_id, path, a AS at FROM iv UNION SELECT unit_id, path, b FROM iv),
     spans AS MATERIALIZED (SELECT unit_id, path, at AS period, lead(at) OVER (PARTITION BY unit_id, path ORDER BY at) AS until FROM pts)
     INSERT INTO pd_tally_due (unit_id, period, until, path, due_fen, members)
     SELECT s.unit_id, s.period, s.until, s.path, sum(i.due_fen), count(*) FILTER (WHERE i.due_fen > 0)
     FROM spans s JOIN iv i ON i.unit_id = s.unit_id AND i.path = s.path AND i.a <= s.period AND i.b >= s.until
     WHERE s.until IS NOT NULL
     GROUP BY 1, 2, 3, 4`,
    [units],
  );
  if (nestloop) await tx.query(`SELECT set_config('enable_nestloop', $1, true)`, [nestloop]);
  await tx.query(
    `WITH ${owedSql(unitIn('x.unit_id'))}, ${seg},
     paid AS (
       SELECT member_id, unit_id, month, sum(amount_fen)::bigint AS paid FROM pd_payment
       WHERE ${unitIn('unit_id')} GROUP BY 1, 2, 3)
     INSERT INTO pd_tally_paid (unit_id, period, path, paid_fen, settled_fen, members_paid)
     SELECT p.unit_id, p.month, s.path, sum(p.paid), sum(least(p.paid, coalesce(o.due_fen, 0))),
            count(*) FILTER (WHERE o.due_fen > 0 AND p.paid >= o.due_fen)
     FROM paid p JOIN seg s ON s.unit_id = p.unit_id AND s.period <= p.month AND s.until > p.month
     LEFT JOIN owed o ON o.member_id = p.member_id AND o.unit_id = p.unit_id AND o.start <= p.month AND o.stop > p.month
     GROUP BY 1, 2, 3`,
    [units],
  );
}

/**
 * A member's transfer or departure, or a corrected joining day: the module's tallies follow in the
 * writing transaction (README, "Months owed"); a refusal rolls the whole write back.
 */
export const recountOnMove: MemberMovedHandler = async ({ tx, move, app }) => {
  if (move.kind === 'JOINED_ON_CHANGED') return recountOnJoiningDay(tx, move, app);
  // Dues are owed alike in probation and after it.
  if (move.kind === 'FULL_MEMBERSHIP_CHANGED') return;
  const rows: { unit_id: number }[] = await tx.query(
    `SELECT DISTINCT unit_id FROM pd_declaration WHERE member_id = $1`,
    [move.memberId],
  );
  if (rows.length === 0) return;
  const units = [
    ...new Set([move.fromBranchId, ...(move.toBranchId ? [move.toBranchId] : []), ...rows.map((r) => r.unit_id)]),
  ];
  // The dues of the branches that declared for the member, and of the branch left and the branch
  // joined, change from the month after the move's (earlier months are unchanged: the member still owed
  // them where they were). Those months must be open: a move dated back into a closed month is refused
  // (PERIOD_CLOSED), as a backdated move of a branch is.
  const changedFrom = plusMonths(`${move.on.slice(0, 7)}-01`, 1);
  for (const unitId of units)
    await app.figures.assertOpen(tx, {
      unitId,
      from: changedFrom,
      modules: [MODULE],
      today: move.today,
      field: move.field,
    });
  await app.figures.recount(tx, MODULE, units, move.on);
};

/**
 * A corrected joining day: no month is owed before the joining month, and the core has moved the
 * member's first membership period to the new day, so the months from the earlier of the two days'
 * months up to (not including) the later one's change, wherever a declaration of the member could be
 * in force in them (from its own month). Each such month must be open (PERIOD_CLOSED); the declaring
 * branches are recounted. A day moved earlier than every declaration changes no month owed; the
 * months it adds are owed once the branch declares for them. The core keeps the first period
 * non-empty after the move, but one that was empty (a transfer on the joining day) and was moved
 * earlier now holds days of the old day's month too: that month changes as well, even when both days
 * are in it.
 */
async function recountOnJoiningDay(
  tx: EntityManager,
  move: Extract<MemberMove, { kind: 'JOINED_ON_CHANGED' }>,
  app: App,
): Promise<void> {
  const [a, b] = [move.from, move.to].map((d) => `${d.slice(0, 7)}-01`).sort();
  const filled: unknown[] = await tx.query(
    `SELECT 1 FROM membership_period WHERE member_id = $1 AND valid_from = $2 AND valid_to = $3 AND $2 < $3`,
    [move.memberId, move.to, move.from],
  );
  const through = filled.length > 0 ? b : plusMonths(b, -1);
  if (through < a) return;
  const rows: { unit_id: number; first: LocalDate }[] = await tx.query(
    `SELECT unit_id, to_char(min(effective_month), 'YYYY-MM-DD') AS first FROM pd_declaration
     WHERE member_id = $1 AND effective_month <= $2 GROUP BY unit_id ORDER BY unit_id`,
    [move.memberId, through],
  );
  if (rows.length === 0) return;
  let from = through;
  for (const r of rows) {
    const changedFrom = r.first > a ? r.first : a;
    if (changedFrom < from) from = changedFrom;
    await app.figures.assertOpen(tx, {
      unitId: r.unit_id,
      from: changedFrom,
      through,
      modules: [MODULE],
      today: move.today,
      field: move.field,
    });
  }
  await app.figures.recount(
    tx,
    MODULE,
    rows.map((r) => r.unit_id),
    from,
  );
}
