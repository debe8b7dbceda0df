import type { EntityManager } from 'typeorm';
import {
  type FiguresEngine,
  type LocalDate,
  nextPeriodStart,
  PeriodKind,
  periodStart,
  placedOnSql,
  presenceSegmentsSql,
  plusDays,
  type RecountEnv,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';
import { MatterStep, STEP_ORDER } from '../enums';
import { villageAffairsPolicy, type VillageAffairsPolicy } from './policy';

const MODULE = 'village-affairs';

export const TALLIES = ['va_tally_presence', 'va_tally_disclosure', 'va_tally_matter', 'va_tally_feedback'];

const same = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, c]));

/** Judgments of due disclosures by category and period, summed for every unit above the village as it owed them. */
export const DISCLOSURES_ROLLUP: RollupSpec = {
  tally: 'va_tally_disclosure',
  keys: ['period', 'category', 'period_end'],
  sums: same(['on_time', 'late', 'recorded_late', 'partial']),
  // A village's judgments change in its own recounts, a few at a time: two shards keep reads small.
  shards: 2,
};

/** Matters by month, category and where they stand, summed for every unit above the village. */
export const MATTERS_ROLLUP: RollupSpec = {
  tally: 'va_tally_matter',
  keys: ['period', 'category', 'stands'],
  sums: same(['proposed', 'amount_fen', 'completed', 'rejected', 'reproposed', 'with_findings', 'with_void_meetings']),
  shards: 1,
};

/** The same by month: a range's whole months read one row each (`daySums`). */
export const MATTERS_BY_MONTH_ROLLUP: RollupSpec = {
  ...MATTERS_ROLLUP,
  name: 'va_tally_matter_month_up',
  keyExprs: { period: "date_trunc('month', d.period)::date" },
};

/** Feedback by month, summed for every unit above the collector. */
export const FEEDBACK_ROLLUP: RollupSpec = {
  tally: 'va_tally_feedback',
  keys: ['period'],
  sums: same([
    'received',
    'by_villages',
    'by_stations',
    'passed_up',
    'answered_by_collector',
    'answered_above',
    'on_time',
    'late',
    'unanswered',
    'to_issues',
    'reply_recorded_late',
  ]),
  shards: 1,
};

export const ROLLUPS = [DISCLOSURES_ROLLUP, MATTERS_ROLLUP, MATTERS_BY_MONTH_ROLLUP, FEEDBACK_ROLLUP];

/** Days after a month's last day until it closes, unless the deployment's policy says otherwise (docs/RULES.md). */
export const CLOSE_AFTER_DAYS = 15;

/** The module's days until a month closes, by the deployment's policy (`figures.closeAfterDays`) or its default. */
export const closeAfterDaysOf = (policy: RecountEnv['policy']): number =>
  policy.figures.closeAfterDays[MODULE] ?? CLOSE_AFTER_DAYS;

/**
 * SQL: the day the month holding the date expression `day` closes (the first day after the month,
 * plus the close-after days given by the int expression `days`). A month's figures count only what
 * had happened before it: facts dated on or after it do not change them.
 */
export const closesOnSql = (day: string, days: string) =>
  `((date_trunc('month', (${day})::date) + interval '1 month')::date + ${days})`;

/** The day the month holding `day` closes, by the engine's days for this module (policy or default). */
const closesOn = (figures: FiguresEngine, day: LocalDate): LocalDate =>
  plusDays(nextPeriodStart(PeriodKind.MONTH, periodStart(PeriodKind.MONTH, day)), figures.closeAfterDays(MODULE));

/**
 * The first day whose month a fact dated `day` about something of the month of `of` can change (a
 * step of a matter proposed on `of`, a finding on it, a reply to or the passing up of feedback received
 * on `of`): `of` itself while its month had not closed by `day`; after that the fact leaves that month
 * as it was, and reaches no further back than its own day. Writes check from here (`assertOpen`) and
 * recount from here.
 */
export const reachOf = (figures: FiguresEngine, of: LocalDate, day: LocalDate): LocalDate =>
  day < closesOn(figures, of) ? of : day;

/**
 * The first day whose month a disclosure of a period starting on `of` and published on `day` can
 * change: its due periods end in months from `of`'s on, and those that had closed by `day` stay as
 * they were (a month closes `closeAfterDays` after its end: the first not closed holds `day` less those days).
 */
export function disclosureReach(figures: FiguresEngine, of: LocalDate, day: LocalDate): LocalDate {
  const open = plusDays(day, -figures.closeAfterDays(MODULE));
  return open > of ? open : of;
}

/** The schedule as SQL arrays: codes, every-how-many-months, within-days. */
export function scheduleParams(policy: VillageAffairsPolicy): [string[], number[], number[]] {
  const codes = Object.keys(policy.disclosures).sort();
  return [
    codes,
    codes.map((c) => policy.disclosures[c].everyMonths),
    codes.map((c) => policy.disclosures[c].withinDays),
  ];
}

/**
 * Recounts the module's tallies for the scope from the facts (the ONE definition of every figure):
 * presence segments of the villages, disclosure judgments, matters and feedback, each attributed to
 * the unit's placement on the fact's day (for a due disclosure: the last day of its period). It judges
 * by the deployment's policy as the engine passes it (`env`), nothing else.
 *
 * A month's figures count only what had happened before the month closed (`closesOnSql`): a
 * disclosure published on or after that day does not meet (nor partly meet) a period of the month, a
 * matter proposed in it stands at the step it had reached by then, feedback received in it counts as
 * passed up, answered or raised as an issue only if that happened before then. While a month is open
 * every fact there is (none is dated after today) counts: the figures are live. So the recount gives
 * the same rows whatever day it runs, and a closed month's rows change only by a write an
 * administrator let into it (`reopenPeriods`).
 */
export async function recountVillageAffairs(tx: EntityManager, scope: RecountScope, env: RecountEnv): Promise<void> {
  const policy = villageAffairsPolicy(env.policy);
  const closeAfter = closeAfterDaysOf(env.policy);
  const units = scope.units ? [...scope.units] : null;
  const from = scope.from;
  const unitIn = (col: string) => `($1::int[] IS NULL OR ${col} = ANY($1::int[]))`;

  // Presence: a village's state changes only on its own placements, founding, dissolution and the
  // switches of units on its paths; judged at each month end, it is constant between the month ends
  // of those days. One row per segment while it owed disclosures; the last one open ('infinity').
  await tx.query(`DELETE FROM va_tally_presence WHERE ${unitIn('unit_id')}`, [units]);
  await tx.query(
    `INSERT INTO va_tally_presence (unit_id, period, path, until)
     SELECT unit_id, period, path, until FROM (${presenceSegmentsSql(
       `u.kind = 'BRANCH' AND u.sector IN ('RURAL', 'COMMUNITY') AND ${unitIn('u.id')}`,
       MODULE,
     )}) segments`,
    [units],
  );

  // Disclosure judgments: every due period a disclosure published before the period's month closed
  // touches while its village owed it. Met by a disclosure covering the whole period published after it
  // ended and before its month closed (the earliest judged), else partial.
  const [codes, months, within] = scheduleParams(policy);
  const late = `(x.recorded_on > x.published_on + $6::int)`;
  const closes = (periodEnd: string) => closesOnSql(periodEnd, '$8::int');
  await tx.query(`DELETE FROM va_tally_disclosure WHERE ${unitIn('unit_id')} AND ($2::date IS NULL OR period >= $2)`, [
    units,
    from,
  ]);
  await tx.query(
    `WITH schedule AS (SELECT * FROM unnest($3::text[], $4::int[], $5::int[]) AS s(category, months, within)),
     due AS (
       SELECT DISTINCT d.unit_id, d.category, d.period_start, d.period_end, d.within FROM (
         SELECT x.unit_id, x.category, x.published_on, ps::date AS period_start,
                (ps + make_interval(months => s.months) - interval '1 day')::date AS period_end, s.within
         FROM va_disclosure x JOIN schedule s ON s.category = x.category
         CROSS JOIN LATERAL generate_series(date_trunc('year', x.period_start), x.period_end, interval '1 month') ps
         WHERE ${unitIn('x.unit_id')} AND (extract(month FROM ps)::int - 1) % s.months = 0
           AND (ps + make_interval(months => s.months) - interval '1 day')::date >= x.period_start) d
       WHERE ($2::date IS NULL OR d.period_end >= $2::date) AND d.published_on < ${closes('d.period_end')})
     INSERT INTO va_tally_disclosure (unit_id, period, path, category, period_end, on_time, late, recorded_late, partial)
     SELECT d.unit_id, date_trunc('month', d.period_end)::date, s.path, d.category, d.period_end,
            (met.judged_on IS NOT NULL AND met.judged_on <= d.period_end + d.within)::int,
            (met.judged_on IS NOT NULL AND met.judged_on > d.period_end + d.within)::int,
            coalesce(met.recorded_late, false)::int,
            (met.judged_on IS NULL)::int
     FROM due d
     JOIN va_tally_presence s ON s.unit_id = d.unit_id AND s.period <= d.period_end AND s.until > d.period_end
     LEFT JOIN LATERAL (
       SELECT CASE WHEN $7::boolean AND ${late} THEN x.recorded_on ELSE x.published_on END AS judged_on,
              coalesce(${late}, false) AS recorded_late
       FROM va_disclosure x
       WHERE x.unit_id = d.unit_id AND x.category = d.category AND x.period_start <= d.period_start
         AND x.period_end >= d.period_end AND x.published_on > d.period_end
         AND x.published_on < ${closes('d.period_end')}
       ORDER BY 1, x.id LIMIT 1) met ON true`,
    [
      units,
      from,
      codes,
      months,
      within,
      policy.lateRecords.graceDays,
      policy.lateRecords.judgeBy === 'RECORDED',
      closeAfter,
    ],
  );

  // Matters by the day proposed, where they stood when the month closed (now, while it is open): the
  // last step held before then says it (failed: rejected; the result disclosed: completed; passed: the
  // next step; without quorum or an execution in progress: that step again).
  await tx.query(`DELETE FROM va_tally_matter WHERE ${unitIn('unit_id')} AND ($2::date IS NULL OR period >= $2)`, [
    units,
    from,
  ]);
  await tx.query(
    `INSERT INTO va_tally_matter (unit_id, period, path, category, stands, proposed, amount_fen, completed, rejected,
                                  reproposed, with_findings, with_void_meetings)
     SELECT m.unit_id, m.proposed_on, p.path, m.category, st.stands, count(*)::int,
            coalesce(sum(m.amount_fen), 0)::bigint,
            count(*) FILTER (WHERE st.stands = 'COMPLETED')::int,
            count(*) FILTER (WHERE st.stands = 'REJECTED')::int,
            count(*) FILTER (WHERE m.reproposal_of_id IS NOT NULL)::int,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM va_finding f WHERE f.matter_id = m.id AND f.recorded_on < k.closes))::int,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM va_step s WHERE s.matter_id = m.id AND s.outcome = 'NO_QUORUM' AND s.held_on < k.closes))::int
     FROM va_matter m
     CROSS JOIN LATERAL (SELECT ${closesOnSql('m.proposed_on', '$4::int')} AS closes) k
     JOIN org_unit_placement p ON ${placedOnSql('p', 'm.unit_id', 'm.proposed_on')}
     LEFT JOIN LATERAL (
       SELECT CASE WHEN s.outcome = 'FAILED' THEN 'REJECTED'
                   WHEN s.outcome <> 'PASSED' THEN s.step
                   WHEN s.step = 'RESULT_DISCLOSED' THEN 'COMPLETED'
                   ELSE ($3::text[])[array_position($3::text[], s.step) + 1] END AS stands
       FROM va_step s WHERE s.matter_id = m.id AND s.held_on < k.closes
       ORDER BY s.held_on DESC, s.id DESC LIMIT 1) last ON true
     CROSS JOIN LATERAL (SELECT coalesce(last.stands, $5::text) AS stands) st
     WHERE ${unitIn('m.unit_id')} AND ($2::date IS NULL OR m.proposed_on >= $2)
     GROUP BY m.unit_id, m.proposed_on, p.path, m.category, st.stands`,
    [units, from, STEP_ORDER, closeAfter, MatterStep.DELIBERATION],
  );

  // Feedback by the day received and how it had been handled when the month closed (now, while it is
  // open); unanswered split into overdue or awaiting when read.
  await tx.query(`DELETE FROM va_tally_feedback WHERE ${unitIn('unit_id')} AND ($2::date IS NULL OR period >= $2)`, [
    units,
    from,
  ]);
  const k = closesOnSql('f.received_on', '$6::int');
  const answered = `(f.replied_on < ${k})`;
  const lateReply = `(f.reply_recorded_on > f.replied_on + $4::int)`;
  const replied = `(CASE WHEN $5::boolean AND ${lateReply} THEN f.reply_recorded_on ELSE f.replied_on END)`;
  await tx.query(
    `INSERT INTO va_tally_feedback (unit_id, period, path, received, by_villages, by_stations, passed_up,
                                    answered_by_collector, answered_above, on_time, late, unanswered, to_issues,
                                    reply_recorded_late)
     SELECT f.unit_id, f.received_on, p.path, count(*)::int,
            count(*) FILTER (WHERE u.kind = 'BRANCH')::int,
            count(*) FILTER (WHERE u.kind = 'WORK_STATION')::int,
            count(*) FILTER (WHERE f.passed_to_unit_id IS NOT NULL AND f.passed_on < ${k})::int,
            count(*) FILTER (WHERE ${answered} AND f.answered_by_unit_id = f.unit_id)::int,
            count(*) FILTER (WHERE ${answered} AND f.answered_by_unit_id <> f.unit_id)::int,
            count(*) FILTER (WHERE ${answered} AND ${replied} <= f.received_on + $3::int)::int,
            count(*) FILTER (WHERE ${answered} AND ${replied} > f.received_on + $3::int)::int,
            count(*) FILTER (WHERE f.replied_on IS NULL OR f.replied_on >= ${k})::int,
            count(*) FILTER (WHERE f.issue_ref IS NOT NULL AND coalesce(f.issue_raised_on, f.received_on) < ${k})::int,
            count(*) FILTER (WHERE ${answered} AND ${lateReply})::int
     FROM va_feedback f JOIN org_unit u ON u.id = f.unit_id
     JOIN org_unit_placement p ON ${placedOnSql('p', 'f.unit_id', 'f.received_on')}
     WHERE ${unitIn('f.unit_id')} AND ($2::date IS NULL OR f.received_on >= $2)
     GROUP BY f.unit_id, f.received_on, p.path`,
    [
      units,
      from,
      policy.feedbackReplyDays,
      policy.lateRecords.graceDays,
      policy.lateRecords.judgeBy === 'RECORDED',
      closeAfter,
    ],
  );
}
