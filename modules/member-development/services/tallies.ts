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

/** The one definition of the tallies: deletes the scope's rows and writes them again from the records. */
export async function recountMemberDevelopment(
  tx: EntityManager,
  scope: RecountScope,
  _env: RecountEnv,
): Promise<void> {
  const units = scope.units ? [...scope.units] : null;
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
  tallies: ['md_tally_new', 'md_tally_event'],
  rollups: [NEW_MEMBERS_ROLLUP, EVENTS_ROLLUP],
  recount: recountMemberDevelopment,
};
