import { type LocalDate, moduleEnabledSql, placedOnSql, type SqlRunner, subtreeSums } from '#module-kit';
import { MODULE } from './module';
import type { MemberDevelopmentPolicy } from './policy';
import { EVENTS_ROLLUP, NEW_MEMBERS_ROLLUP } from './tallies';

/**
 * Figures read from the records and steps, one statement for every unit asked, in branches where the
 * module is on. The pipeline and the overdue steps count a record where its branch was placed on
 * `asOf` (the tree as it was). New members by year are a tally kept at the approval (tallies.ts),
 * read from its roll-up; the time to full membership places each record on the day of 转正.
 */

/**
 * Records under each unit asked (`$1`) by where their branch stood on the day `$2`, with the module on
 * there that day: from the records (a few per branch) up their branch's path then, rather than down
 * every placement under the unit, which for a province is every unit of it.
 */
const PLACED_ON_DAY = `FROM md_record r
  JOIN org_unit_placement bp ON bp.unit_id = r.unit_id
    AND bp.valid_from <= $2::date AND (bp.valid_to IS NULL OR bp.valid_to > $2::date)
    AND ${moduleEnabledSql('bp', MODULE, '$2::date')}
  CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from bp.path), '/')::int[]) AS t(id)`;

/** The stage of each record on a day, from its steps then and the register (FULL_MEMBER). */
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

export interface StageCount {
  target: number;
  stage: string;
  count: number;
}

/** People at each stage on `asOf`, per unit asked, rolled up its subtree. */
export function pipeline(db: SqlRunner, unitIds: readonly number[], asOf: LocalDate): Promise<StageCount[]> {
  return db.query<StageCount>(
    `SELECT t.id AS target, ${STAGE_ON('$2::date')} AS stage, count(*)::int AS count
     ${PLACED_ON_DAY} ${STEPS_ON('$2::date')}
     WHERE t.id = ANY($1) AND r.applied_on <= $2::date AND NOT ${ENDED}
       AND (m.departed_on IS NULL OR m.departed_on > $2::date)
     GROUP BY 1, 2`,
    [unitIds, asOf],
  );
}

export interface OverdueCounts {
  target: number;
  talks: number;
  assessments: number;
  approvals: number;
  lapsed: number;
}

/**
 * Steps overdue on `asOf`: applicants not talked with once the month ran out, activists not assessed
 * within the half year, assembly votes not approved within three months (the day after each period's
 * last day; the last day is still in time). A vote not approved within six months has lapsed: the
 * approval is refused from then on, so it counts as lapsed, no longer as overdue.
 */
export function overdue(
  db: SqlRunner,
  unitIds: readonly number[],
  asOf: LocalDate,
  p: MemberDevelopmentPolicy,
): Promise<OverdueCounts[]> {
  return db.query<OverdueCounts>(
    `SELECT t.id AS target,
       count(*) FILTER (WHERE (s.steps IS NULL OR NOT ('TALK' = ANY(s.steps)))
         AND (r.applied_on + make_interval(months => $3))::date < $2::date)::int AS talks,
       count(*) FILTER (WHERE s.activist_on IS NOT NULL AND NOT ('DEVELOPMENT_TARGET' = ANY(s.steps))
         AND (s.assessed_on + make_interval(months => $4))::date < $2::date)::int AS assessments,
       count(*) FILTER (WHERE s.voted_on IS NOT NULL AND NOT ('APPROVAL' = ANY(s.steps))
         AND (s.voted_on + make_interval(months => $5))::date < $2::date
         AND (s.voted_on + make_interval(months => $6))::date >= $2::date)::int AS approvals,
       count(*) FILTER (WHERE s.voted_on IS NOT NULL AND NOT ('APPROVAL' = ANY(s.steps))
         AND (s.voted_on + make_interval(months => $6))::date < $2::date)::int AS lapsed
     ${PLACED_ON_DAY} ${STEPS_ON('$2::date')}
     WHERE t.id = ANY($1) AND r.applied_on <= $2::date AND NOT ${ENDED}
     GROUP BY 1`,
    [unitIds, asOf, p.talkWithinMonths, p.assessEveryMonths, p.approvalMonths, p.approvalMaxMonths],
  );
}

export interface NewMemberRow {
  target: number;
  dimension: 'AGE' | 'SEX' | 'EDUCATION' | 'CATEGORY' | 'TOTAL';
  key: string;
  count: number;
}

/**
 * Members admitted in `year` (the branch's vote, their 入党日期) through this module, by age on that
 * day (35 and under, over 35), sex, education and category: the roll-up's rows of each unit asked,
 * where the branch sat on that day and the module was on for it then.
 */
export function newMembers(db: SqlRunner, unitIds: readonly number[], year: number): Promise<NewMemberRow[]> {
  return db.query<NewMemberRow>(
    `WITH n AS (
       SELECT target, age, gender, education, category, sum(members)::int AS members
       FROM ${subtreeSums(NEW_MEMBERS_ROLLUP)} a
       WHERE a.target = ANY($1) AND a.period = make_date($2, 1, 1)
       GROUP BY 1, 2, 3, 4, 5 HAVING sum(members) <> 0)
     SELECT target, 'TOTAL' AS dimension, '' AS key, sum(members)::int AS count FROM n GROUP BY 1
     UNION ALL SELECT target, 'AGE', age, sum(members)::int FROM n GROUP BY 1, 3
     UNION ALL SELECT target, 'SEX', gender, sum(members)::int FROM n GROUP BY 1, 3
     UNION ALL SELECT target, 'EDUCATION', education, sum(members)::int FROM n GROUP BY 1, 3
     UNION ALL SELECT target, 'CATEGORY', category, sum(members)::int FROM n GROUP BY 1, 3`,
    [unitIds, year],
  );
}

export interface YearEvents {
  target: number;
  withdrawn: number;
  votesFailed: number;
  notApproved: number;
}

/** Withdrawals, failed votes and refusals above in `year`, where the branch sat on their day, from the roll-up. */
export function yearEvents(db: SqlRunner, unitIds: readonly number[], year: number): Promise<YearEvents[]> {
  return db.query<YearEvents>(
    `SELECT target, coalesce(sum(n) FILTER (WHERE step = 'WITHDRAWAL'), 0)::int AS "withdrawn",
       coalesce(sum(n) FILTER (WHERE step = 'VOTE_FAILED'), 0)::int AS "votesFailed",
       coalesce(sum(n) FILTER (WHERE step = 'NOT_APPROVED'), 0)::int AS "notApproved"
     FROM ${subtreeSums(EVENTS_ROLLUP)} a
     WHERE a.target = ANY($1) AND a.period = make_date($2, 1, 1)
     GROUP BY 1`,
    [unitIds, year],
  );
}

export interface FullMembershipTime {
  target: number;
  count: number;
  median: number | null;
}

/**
 * Of those who became full members in `year` (转正 in the register), the median days from
 * application: each record counts where its branch sat on the day of 转正, if the module was on there
 * that day.
 */
export function daysToFullMembership(
  db: SqlRunner,
  unitIds: readonly number[],
  year: number,
): Promise<FullMembershipTime[]> {
  return db.query<FullMembershipTime>(
    `WITH f AS (
       SELECT r.applied_on, m.full_member_since AS day, p.path
       FROM member m JOIN md_record r ON r.member_id = m.id
       JOIN org_unit_placement p ON ${placedOnSql('p', 'r.unit_id', 'm.full_member_since')}
       WHERE m.full_member_since >= make_date($2, 1, 1) AND m.full_member_since < make_date($2 + 1, 1, 1)
         AND ${moduleEnabledSql('p', MODULE, 'm.full_member_since')})
     SELECT t.id AS target, count(*)::int AS count,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY (f.day - f.applied_on))::float AS median
     FROM org_unit t CROSS JOIN f
     JOIN org_unit_placement q ON ${placedOnSql('q', 't.id', 'f.day')} AND f.path >= q.path AND f.path < q.path || '~'
     WHERE t.id = ANY($1)
     GROUP BY 1`,
    [unitIds, year],
  );
}
