import type { EntityManager } from 'typeorm';
import {
  type ModuleFigures,
  PeriodKind,
  placedOnSql,
  type RecountEnv,
  type RecountScope,
  periodStartSql,
  type RollupSpec,
} from '#module-kit';
import { levelOfPathSql, pathOnSql } from './levels';

const MODULE = 'issue-lists';

/** Days after a month's last day until it closes (policy `figures.closeAfterDays.issue-lists`). */
export const CLOSE_AFTER_DAYS = 10;

/** The day of an instant, in the deployment's time zone (the session's). */
const dayOf = (instant: string) => `(${instant})::date`;

/** The days after a month's last day until it closes, by the deployment's policy (default {@link CLOSE_AFTER_DAYS}). */
export const closeAfterDaysOf = (env: RecountEnv): number =>
  env.policy.figures.closeAfterDays[MODULE] ?? CLOSE_AFTER_DAYS;

/** SQL: the day the month holding the date expression `day` closes (its last day, then `days` days' grace). */
const closesOnSql = (day: string, days: string) =>
  `((${periodStartSql(PeriodKind.MONTH, day)} + interval '1 month')::date + ${days})`;

/**
 * Recounts the issue tallies of some units (null: all) from a day on (null: all days): deletes their
 * rows and writes them again from the facts (il_issue, il_issue_event). The open-issue rows are
 * current state: they are recounted whole for the units, whatever the day.
 *
 * A month's rows count only what had happened before the month closed: a report of solving made in
 * month P records its settlement (crossed off or returned) in P's row only when it was settled before
 * P closed; settled on P's closing day or later, P's row keeps it awaiting for good and the
 * settlement is a `SETTLED` row on its own day (with `days` back to the report, so a range holding
 * both subtracts it from "awaiting"). So the rows of a period depend only on facts dated before it
 * closed, a recount on any day writes the same rows, and writes recount only open periods.
 */
export async function recountIssues(tx: EntityManager, scope: RecountScope, env: RecountEnv): Promise<void> {
  const units = scope.units ? [...scope.units] : null;
  const from = scope.from;
  await tx.query(
    `DELETE FROM il_tally_issue WHERE ($1::int[] IS NULL OR unit_id = ANY($1)) AND ($2::date IS NULL OR period >= $2)`,
    [units, from],
  );
  await tx.query(`DELETE FROM il_tally_issue_open WHERE ($1::int[] IS NULL OR unit_id = ANY($1))`, [units]);
  // The issues whose figures belong to one of the units (their "home"): the unit that raised them, or
  // for an inspection's findings the unit inspected. Every fact of an issue (raised, reported solved,
  // crossed off, open now) counts under its home's place in the tree on the fact's day, wherever the
  // issue was handed later. Each kind of home is read by its index: as one OR over the outer join with
  // inspections, every write scanned every issue.
  const issues = `
    iss AS (
      SELECT i.id, i.raised_on, i.status, i.deadline, i.handling_unit_id, i.raised_unit_id AS home
      FROM il_issue i
      WHERE i.inspection_id IS NULL AND ($1::int[] IS NULL OR i.raised_unit_id = ANY($1))
      UNION ALL
      SELECT i.id, i.raised_on, i.status, i.deadline, i.handling_unit_id, s.unit_id AS home
      FROM il_inspection s JOIN il_issue i ON i.inspection_id = s.id
      WHERE $1::int[] IS NULL OR s.unit_id = ANY($1))`;
  // Each report of solving: its day, the unit that solved it (the handling unit then: the last unit
  // it was raised at or handed to before), how it was settled (crossed off or returned) and when, and
  // whether that was before its month closed.
  await tx.query(
    `WITH ${issues},
     res AS (
       SELECT iss.id, iss.home, iss.raised_on, ${dayOf('e.at')} AS day,
              coalesce((SELECT x.to_unit_id FROM il_issue_event x
                        WHERE x.issue_id = e.issue_id AND x.id < e.id AND x.to_unit_id IS NOT NULL
                        ORDER BY x.id DESC LIMIT 1), iss.handling_unit_id) AS solver,
              st.kind AS settled_kind, st.day AS settled,
              st.day >= ${closesOnSql(dayOf('e.at'), '$3::int')} AS late
       FROM iss JOIN il_issue_event e ON e.issue_id = iss.id AND e.kind = 'RESOLVED'
       LEFT JOIN LATERAL (
         SELECT x.kind, ${dayOf('x.at')} AS day FROM il_issue_event x
         WHERE x.issue_id = e.issue_id AND x.id > e.id AND x.kind IN ('CLOSED', 'REOPENED')
         ORDER BY x.id LIMIT 1) st ON true
       WHERE $2::date IS NULL OR ${dayOf('e.at')} >= $2 OR st.day >= $2),
     leveled AS (
       SELECT res.*, ${levelOfPathSql(pathOnSql('res.solver', 'res.day'))} AS level FROM res),
     facts AS (
       SELECT home AS unit_id, raised_on AS day, raised_on AS placed_on, 'RAISED' AS kind, '' AS level,
              'infinity'::date AS settled, 0 AS days
       FROM iss WHERE $2::date IS NULL OR raised_on >= $2
       UNION ALL
       SELECT home, day, day, 'RESOLVED', level, CASE WHEN late THEN 'infinity' ELSE coalesce(settled, 'infinity') END, 0
       FROM leveled WHERE $2::date IS NULL OR day >= $2
       UNION ALL
       SELECT home, settled, settled, 'CLOSED', level, 'infinity', settled - raised_on
       FROM leveled WHERE settled_kind = 'CLOSED' AND ($2::date IS NULL OR settled >= $2)
       UNION ALL
       -- Settled after its month closed: counted on its own day, placed where its report was counted.
       SELECT home, settled, day, 'SETTLED', level, 'infinity', settled - day
       FROM leveled WHERE late AND ($2::date IS NULL OR settled >= $2))
     INSERT INTO il_tally_issue (unit_id, period, path, kind, level, settled, days, n)
     SELECT f.unit_id, f.day, p.path, f.kind, f.level, f.settled, f.days, count(*)::int
     FROM facts f JOIN org_unit_placement p ON ${placedOnSql('p', 'f.unit_id', 'f.placed_on')}
     GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [units, from, closeAfterDaysOf(env)],
  );
  // Open now, by deadline, under the home unit's place today: "overdue now" sums the rows before today.
  await tx.query(
    `WITH ${issues}
     INSERT INTO il_tally_issue_open (unit_id, period, path, n)
     SELECT iss.home, iss.deadline, u.path, count(*)::int
     FROM iss JOIN org_unit u ON u.id = iss.home
     WHERE iss.status IN ('OPEN', 'ASSIGNED', 'IN_PROGRESS') AND iss.deadline IS NOT NULL
     GROUP BY 1, 2, 3`,
    [units],
  );
}

/** Issue facts by day, kind, level and timing, summed for every unit above the home unit. */
export const ISSUES_ROLLUP: RollupSpec = {
  tally: 'il_tally_issue',
  keys: ['period', 'kind', 'level', 'settled', 'days'],
  sums: { n: 'n' },
  shards: 1,
};

/** Issue facts by day and kind alone: the counts a unit's figure gives when nothing finer is asked. */
export const ISSUE_COUNTS_ROLLUP: RollupSpec = {
  tally: 'il_tally_issue',
  name: 'il_tally_issue_by_kind_up',
  keys: ['period', 'kind'],
  sums: { n: 'n' },
  shards: 1,
};

/** Open issues by deadline, summed for every unit above the home unit as placed today. */
export const OPEN_ISSUES_ROLLUP: RollupSpec = {
  tally: 'il_tally_issue_open',
  keys: ['period'],
  sums: { n: 'n' },
  shards: 1,
};

/** What the module declares to the figures engine. */
export const issueFigures: ModuleFigures = {
  period: PeriodKind.MONTH,
  closeAfterDays: CLOSE_AFTER_DAYS,
  tallies: ['il_tally_issue', 'il_tally_issue_open'],
  rollups: [ISSUES_ROLLUP, ISSUE_COUNTS_ROLLUP, OPEN_ISSUES_ROLLUP],
  recount: recountIssues,
};
