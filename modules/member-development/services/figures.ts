import { type LocalDate, moduleEnabledSql, placedOnSql, type SqlRunner, subtreeSums } from '#module-kit';
import { MODULE } from './module';
import { EVENTS_ROLLUP, NEW_MEMBERS_ROLLUP, STAGE_ROLLUP } from './tallies';

/**
 * Figures of the units asked, one statement for all of them, in branches where the module is on. The
 * pipeline and the overdue steps count a record where its branch was placed on `asOf` (the tree as
 * it was), from the stage segments' roll-up; new members and the year's events from their tallies'
 * roll-ups (tallies.ts); the time to full membership reads the records, each placed on the day of 转正.
 */

export interface StageCount {
  target: number;
  stage: string;
  count: number;
}

/** People at each stage on `asOf`, per unit asked, rolled up its subtree: the stage segments covering the day. */
export function pipeline(db: SqlRunner, unitIds: readonly number[], asOf: LocalDate): Promise<StageCount[]> {
  return db.query<StageCount>(
    `SELECT target, stage, sum(n)::int AS count
     FROM ${subtreeSums(STAGE_ROLLUP)} a
     WHERE a.target = ANY($1) AND a.period <= $2::date AND a.until > $2::date AND NOT a.departed
     GROUP BY 1, 2 HAVING sum(n) <> 0`,
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
 * approval is refused from then on, so it counts as lapsed, no longer as overdue. Judged when the
 * segments are counted (tallies.ts, with the policy's months); a departed person's steps still count.
 */
export function overdue(db: SqlRunner, unitIds: readonly number[], asOf: LocalDate): Promise<OverdueCounts[]> {
  return db.query<OverdueCounts>(
    `SELECT target, coalesce(sum(n) FILTER (WHERE talk), 0)::int AS talks,
       coalesce(sum(n) FILTER (WHERE assessment), 0)::int AS assessments,
       coalesce(sum(n) FILTER (WHERE approval), 0)::int AS approvals,
       coalesce(sum(n) FILTER (WHERE lapsed), 0)::int AS lapsed
     FROM ${subtreeSums(STAGE_ROLLUP)} a
     WHERE a.target = ANY($1) AND a.period <= $2::date AND a.until > $2::date
     GROUP BY 1`,
    [unitIds, asOf],
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
