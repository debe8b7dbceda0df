import type { EntityManager } from 'typeorm';
import {
  moduleEnabledSql,
  PeriodKind,
  placedOnSql,
  type ModuleFigures,
  type RecountEnv,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';
import { MODULE } from './module';
import { memberDevelopmentPolicy } from './policy';

/**
 * New members by year, kept in the writing transaction: one row per branch, year and the keys the
 * figure splits by, placed where the branch sat on the member's 入党日期 (the branch's vote, the day
 * the register counts them from) and only where the module was on for the branch that day.
 */
export const NEW_MEMBERS_ROLLUP: RollupSpec = {
  tally: 'md_tally_new',
  keys: ['period', 'age', 'gender', 'education', 'category'],
  sums: { members: 'members' },
};

/** Withdrawals, failed votes and refusals above by year, where the branch sat on the step's day. */
export const EVENTS_ROLLUP: RollupSpec = {
  tally: 'md_tally_event',
  keys: ['period', 'step'],
  sums: { n: 'n' },
};

/**
 * The pipeline and the overdue steps on a day (figures.ts): stage segments, one row per stretch of
 * days `[period, until)` in which what they judge of a record stays the same ('infinity' while open),
 * counted for every unit above the branch as it sat then. A day's figure sums the rows covering it.
 * One shard: the rows change only with the steps, the register and the tree.
 */
export const STAGE_ROLLUP: RollupSpec = {
  tally: 'md_tally_stage',
  keys: ['period', 'until', 'stage', 'departed', 'talk', 'assessment', 'approval', 'lapsed'],
  sums: { n: 'n' },
  shards: 1,
};

/** The steps counted by year besides admissions. */
export const COUNTED_STEPS = ['WITHDRAWAL', 'VOTE_FAILED', 'NOT_APPROVED'];

/**
 * A year stays open until the latest approval of a vote on its last day may be recorded: six months
 * (docs/RULES.md, approval refused after six months) and a few days' grace.
 */
export const CLOSE_AFTER_DAYS = 190;

/** The tally's rows of the records whose branch is in `$1` (null: all), votes from the year of `$2` on (null: all). */
export const NEW_MEMBERS_SQL = `
  INSERT INTO md_tally_new (unit_id, period, path, age, gender, education, category, members)
  SELECT r.unit_id, date_trunc('year', v.decided_on)::date, p.path,
         CASE WHEN v.decided_on < (r.birth_date + interval '36 years')::date THEN 'UP_TO_35' ELSE 'OVER_35' END,
         r.gender, coalesce(r.education, 'UNKNOWN'), r.category, count(*)::int
  FROM md_record r
  JOIN md_step v ON v.record_id = r.id AND v.step = 'BRANCH_VOTE'
  JOIN org_unit_placement p ON ${placedOnSql('p', 'r.unit_id', 'v.decided_on')}
  WHERE r.member_id IS NOT NULL
    AND ($1::int[] IS NULL OR r.unit_id = ANY($1::int[]))
    AND ($2::date IS NULL OR v.decided_on >= date_trunc('year', $2::date))
    AND ${moduleEnabledSql('p', MODULE, 'v.decided_on')}
  GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/** The event tally's rows, with the same parameters as `NEW_MEMBERS_SQL`. */
export const EVENTS_SQL = `
  INSERT INTO md_tally_event (unit_id, period, path, step, n)
  SELECT r.unit_id, date_trunc('year', x.decided_on)::date, p.path, x.step, count(*)::int
  FROM md_record r
  JOIN md_step x ON x.record_id = r.id AND x.step IN (${COUNTED_STEPS.map((x) => `'${x}'`).join(', ')})
  JOIN org_unit_placement p ON ${placedOnSql('p', 'r.unit_id', 'x.decided_on')}
  WHERE ($1::int[] IS NULL OR r.unit_id = ANY($1::int[]))
    AND ($2::date IS NULL OR x.decided_on >= date_trunc('year', $2::date))
    AND ${moduleEnabledSql('p', MODULE, 'x.decided_on')}
  GROUP BY 1, 2, 3, 4`;

/** The stage of the record `r` on a day, from its steps then (STEPS_ON) and the register (FULL_MEMBER). */
const STAGE_ON = (day: string) => `CASE
    WHEN m.full_member_since IS NOT NULL AND m.full_member_since <= ${day} THEN 'FULL_MEMBER'
    WHEN 'APPROVAL' = ANY(s.steps) THEN 'PROBATIONARY'
    WHEN 'DEVELOPMENT_TARGET' = ANY(s.steps) THEN 'DEVELOPMENT_TARGET'
    WHEN 'ACTIVIST' = ANY(s.steps) THEN 'ACTIVIST'
    ELSE 'APPLICANT' END`;

// The register's row by its key (OFFSET 0 keeps it a lookup: joined, the planner hashes the whole register).
const STEPS_ON = (
  day: string,
) => `LEFT JOIN LATERAL (SELECT mm.full_member_since, mm.departed_on FROM member mm WHERE mm.id = r.member_id OFFSET 0) m ON true
  LEFT JOIN LATERAL (SELECT array_agg(x.step) AS steps,
      max(x.decided_on) FILTER (WHERE x.step = 'ACTIVIST') AS activist_on,
      max(x.decided_on) FILTER (WHERE x.step IN ('ACTIVIST', 'ASSESSMENT')) AS assessed_on,
      max(x.decided_on) FILTER (WHERE x.step = 'BRANCH_VOTE') AS voted_on
    FROM md_step x WHERE x.record_id = r.id AND x.decided_on <= ${day}) s ON true`;

/**
 * Withdrawn, or refused by the committee above, by the day (STEPS_ON): the record ended, out of the
 * pipeline and of what is overdue (or lapsed) from that day.
 */
const ENDED = `coalesce(s.steps && ARRAY['WITHDRAWAL', 'NOT_APPROVED']::text[], false)`;

/**
 * What is overdue of the record on a day (the day after each period's last day; the last day is
 * still in time), with the policy's months as `$2` talk, `$3` assessment, `$4` approval, `$5` the
 * longest approval: a vote not approved within that has lapsed, no longer overdue.
 */
const OVERDUE_ON = (day: string) => ({
  talk: `(s.steps IS NULL OR NOT ('TALK' = ANY(s.steps)))
    AND (r.applied_on + make_interval(months => $2))::date < ${day}`,
  assessment: `s.activist_on IS NOT NULL AND NOT ('DEVELOPMENT_TARGET' = ANY(s.steps))
    AND (s.assessed_on + make_interval(months => $3))::date < ${day}`,
  approval: `s.voted_on IS NOT NULL AND NOT ('APPROVAL' = ANY(s.steps))
    AND (s.voted_on + make_interval(months => $4))::date < ${day}
    AND (s.voted_on + make_interval(months => $5))::date >= ${day}`,
  lapsed: `s.voted_on IS NOT NULL AND NOT ('APPROVAL' = ANY(s.steps))
    AND (s.voted_on + make_interval(months => $5))::date < ${day}`,
});

const FLAGS = ['talk', 'assessment', 'approval', 'lapsed'] as const;
/** What a stretch keeps constant: two rows of a record alike in these and adjoining are one stretch. */
const STATE = ['path', 'stage', 'departed', ...FLAGS];

/**
 * The stage segments of the records whose branch is in `$1` (null: all). Everything judged of a
 * record changes only on some days: its application and steps, the day after each time limit runs
 * out, its 转正 and departure in the register, its branch's placements and the switches of the units
 * on the branch's paths. The state is judged on each such day with the expressions above (as a
 * figure on that day would), holds until the next one, and adjoining alike stretches merge. Days
 * where the record has ended, or the module is off for the branch, have no row.
 */
export const STAGES_SQL = `
  WITH r AS (
    SELECT r.id, r.unit_id, r.member_id, r.applied_on FROM md_record r
    WHERE ($1::int[] IS NULL OR r.unit_id = ANY($1::int[]))),
  b AS (
    SELECT r.id, y.d FROM r
      CROSS JOIN LATERAL (VALUES (r.applied_on), ((r.applied_on + make_interval(months => $2))::date + 1)) AS y(d)
    -- Each record's steps by its key (OFFSET 0: joined, the planner scans every step of the tally).
    UNION SELECT r.id, y.d FROM r
      CROSS JOIN LATERAL (SELECT x.step, x.decided_on FROM md_step x WHERE x.record_id = r.id OFFSET 0) x
      CROSS JOIN LATERAL (VALUES (x.decided_on),
        (CASE WHEN x.step IN ('ACTIVIST', 'ASSESSMENT') THEN (x.decided_on + make_interval(months => $3))::date + 1 END),
        (CASE WHEN x.step = 'BRANCH_VOTE' THEN (x.decided_on + make_interval(months => $4))::date + 1 END),
        (CASE WHEN x.step = 'BRANCH_VOTE' THEN (x.decided_on + make_interval(months => $5))::date + 1 END)) AS y(d)
    UNION SELECT r.id, y.d FROM r JOIN member mm ON mm.id = r.member_id
      CROSS JOIN LATERAL (VALUES (mm.full_member_since), (mm.departed_on)) AS y(d)
    UNION SELECT r.id, y.d FROM r JOIN org_unit_placement p ON p.unit_id = r.unit_id
      CROSS JOIN LATERAL (VALUES (p.valid_from), (p.valid_to)) AS y(d)
    UNION SELECT r.id, y.d FROM r JOIN org_unit_placement p ON p.unit_id = r.unit_id
      JOIN module_enablement e ON e.module = '${MODULE}'
        AND e.unit_id = ANY(string_to_array(trim(both '/' from p.path), '/')::int[])
      CROSS JOIN LATERAL (VALUES (e.valid_from), (e.valid_to)) AS y(d)),
  days AS (
    SELECT b.id, b.d, coalesce(lead(b.d) OVER (PARTITION BY b.id ORDER BY b.d), 'infinity'::date) AS next
    FROM b JOIN r ON r.id = b.id WHERE b.d >= r.applied_on AND isfinite(b.d)),
  st AS (
    SELECT r.id, r.unit_id, k.d AS period, k.next AS until, bp.path, ${STAGE_ON('k.d')} AS stage,
      coalesce(m.departed_on <= k.d, false) AS departed,
      ${Object.entries(OVERDUE_ON('k.d'))
        .map(([flag, sql]) => `coalesce(${sql}, false) AS ${flag}`)
        .join(', ')}
    FROM days k JOIN md_record r ON r.id = k.id
    JOIN org_unit_placement bp ON ${placedOnSql('bp', 'r.unit_id', 'k.d')}
      AND ${moduleEnabledSql('bp', MODULE, 'k.d')}
    ${STEPS_ON('k.d')}
    WHERE NOT ${ENDED}),
  starts AS (
    SELECT st.*, CASE WHEN lag(st.until) OVER w = st.period
        AND ${STATE.map((c) => `lag(st.${c}) OVER w = st.${c}`).join(' AND ')} THEN 0 ELSE 1 END AS starts
    FROM st WINDOW w AS (PARTITION BY st.id ORDER BY st.period)),
  runs AS (SELECT starts.*, sum(starts) OVER (PARTITION BY id ORDER BY period) AS run FROM starts),
  stretches AS (
    SELECT unit_id, min(period) AS period, max(until) AS until, ${STATE.join(', ')}
    FROM runs GROUP BY id, run, unit_id, ${STATE.join(', ')})
  INSERT INTO md_tally_stage (unit_id, period, until, ${STATE.join(', ')}, n)
  SELECT unit_id, period, until, ${STATE.join(', ')}, count(*)::int FROM stretches
  GROUP BY unit_id, period, until, ${STATE.join(', ')}`;

/** The one definition of the tallies: deletes the scope's rows and writes them again from the records. */
export async function recountMemberDevelopment(tx: EntityManager, scope: RecountScope, env: RecountEnv): Promise<void> {
  const units = scope.units ? [...scope.units] : null;
  // Stage segments are a stock: every stretch of the units' records is written again, whatever `from`.
  const p = memberDevelopmentPolicy(env.policy);
  await tx.query(`DELETE FROM md_tally_stage WHERE ($1::int[] IS NULL OR unit_id = ANY($1::int[]))`, [units]);
  await tx.query(STAGES_SQL, [units, p.talkWithinMonths, p.assessEveryMonths, p.approvalMonths, p.approvalMaxMonths]);
  await tx.query(
    `DELETE FROM md_tally_new WHERE ($1::int[] IS NULL OR unit_id = ANY($1::int[]))
       AND ($2::date IS NULL OR period >= date_trunc('year', $2::date))`,
    [units, scope.from],
  );
  await tx.query(NEW_MEMBERS_SQL, [units, scope.from]);
  await tx.query(
    `DELETE FROM md_tally_event WHERE ($1::int[] IS NULL OR unit_id = ANY($1::int[]))
       AND ($2::date IS NULL OR period >= date_trunc('year', $2::date))`,
    [units, scope.from],
  );
  await tx.query(EVENTS_SQL, [units, scope.from]);
}

export const developmentFigures: ModuleFigures = {
  period: PeriodKind.YEAR,
  closeAfterDays: CLOSE_AFTER_DAYS,
  tallies: ['md_tally_new', 'md_tally_event', 'md_tally_stage'],
  rollups: [NEW_MEMBERS_ROLLUP, EVENTS_ROLLUP, STAGE_ROLLUP],
  recount: recountMemberDevelopment,
};
