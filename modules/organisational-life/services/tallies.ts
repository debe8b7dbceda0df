import type { EntityManager } from 'typeorm';
import {
  moduleEnabledSql,
  placedOnSql,
  presenceSegmentsSql,
  type RecountEnv,
  type RecountScope,
  type RollupSpec,
} from '#module-kit';
import { orgLifePolicy, scheduleParams } from './policy';
import { MODULE } from './module';

export const TALLIES = ['ol_tally_presence', 'ol_tally_held', 'ol_tally_attendance'];

/** Scheduled periods held (in time, or only by a make-up meeting), summed for every unit above the holder. */
export const HELD_ROLLUP: RollupSpec = {
  tally: 'ol_tally_held',
  keys: ['period', 'kind', 'period_end'],
  sums: { meetings: 'meetings', held: 'held', held_late: 'held_late' },
};

/**
 * The units that owed meetings, as segments (from `period` until `until`, branch or party group),
 * counted for every unit above: a province's "due" reads the few distinct segments of its row instead
 * of every branch under it. One shard: presence changes only with the tree and the switches.
 */
export const PRESENCE_ROLLUP: RollupSpec = {
  tally: 'ol_tally_presence',
  keys: ['period', 'until', 'grp'],
  sums: { n: '1' },
  shards: 1,
};

/** Attendance by month and kind, summed for every unit above the holder as it sat on the meeting day. */
export const ATTENDANCE_ROLLUP: RollupSpec = {
  tally: 'ol_tally_attendance',
  keys: ['period', 'kind'],
  sums: { present: 'present', online: 'online', excused: 'excused', absent: 'absent' },
};

/** Days after a month until it closes (docs/RULES.md): a make-up meeting may still be entered for it until then. */
export const CLOSE_AFTER_DAYS = 15;

/** SQL: the first day of the scheduled period (every `months` months from January) holding the date `day`. */
export const schedulePeriodSql = (day: string, months: string) =>
  `make_date(extract(year FROM ${day})::int, ((extract(month FROM ${day})::int - 1) / ${months}) * ${months} + 1, 1)`;

/**
 * The one definition of the module's aggregates. Held periods: one row per unit, kind and scheduled
 * period with a meeting counting for it, placed where the unit sat on the period's last day (where
 * the module was on that day): held when one was held within the period, held late when only a
 * make-up meeting after it. Attendance: per unit, month of the meeting and kind, placed where the unit
 * sat on the meeting day. Cancelled records count nowhere. A scheduled period is at most a year from
 * January, so held rows are recounted from the start of the year of `from`.
 */
export async function recountOrgLife(tx: EntityManager, scope: RecountScope, env: RecountEnv): Promise<void> {
  const policy = orgLifePolicy(env.policy);
  const [kinds, months] = scheduleParams(policy);
  const units = scope.units ? [...scope.units] : null;
  const unitIn = (col: string) => `($1::int[] IS NULL OR ${col} = ANY($1::int[]))`;
  // Presence: a unit's state changes only on its own placements, founding, dissolution and the
  // switches of units on its paths; judged at month ends, it is constant between the month ends of
  // those days. One row per segment while it owed meetings; the last one open ('infinity').
  await tx.query(`DELETE FROM ol_tally_presence WHERE ${unitIn('unit_id')}`, [units]);
  await tx.query(
    `INSERT INTO ol_tally_presence (unit_id, period, path, until, grp)
     SELECT unit_id, period, path, until, grp FROM (${presenceSegmentsSql(
       `u.kind IN ('BRANCH', 'GENERAL_BRANCH', 'PARTY_GROUP') AND ${unitIn('u.id')}`,
       MODULE,
       [`v.kind = 'PARTY_GROUP' AS grp`],
     )}) segments`,
    [units],
  );
  await tx.query(
    `DELETE FROM ol_tally_held WHERE ${unitIn('unit_id')} AND ($2::date IS NULL OR period >= date_trunc('year', $2::date))`,
    [units, scope.from],
  );
  await tx.query(
    `WITH schedule AS (SELECT * FROM unnest($3::text[], $4::int[]) AS s(kind, months)),
     m AS (
       SELECT x.unit_id, x.kind, x.held_on, ${schedulePeriodSql('x.counts_for', 's.months')} AS period, s.months
       FROM ol_meeting x JOIN schedule s ON s.kind = x.kind
       WHERE x.cancelled_on IS NULL AND ${unitIn('x.unit_id')}
         AND ($2::date IS NULL OR x.counts_for >= date_trunc('year', $2::date))),
     g AS (
       SELECT unit_id, kind, period, period_end, count(*)::int AS meetings,
              max(CASE WHEN held_on <= period_end THEN 1 ELSE 0 END) AS held
       FROM (SELECT m.*, (m.period + make_interval(months => m.months) - interval '1 day')::date AS period_end FROM m) z
       GROUP BY 1, 2, 3, 4)
     INSERT INTO ol_tally_held (unit_id, period, path, kind, period_end, meetings, held, held_late)
     SELECT g.unit_id, g.period, p.path, g.kind, g.period_end, g.meetings, g.held, 1 - g.held
     FROM g JOIN org_unit_placement p ON ${placedOnSql('p', 'g.unit_id', 'g.period_end')}
     WHERE ${moduleEnabledSql('p', MODULE, 'g.period_end')}`,
    [units, scope.from, kinds, months],
  );
  await tx.query(
    `DELETE FROM ol_tally_attendance WHERE ${unitIn('unit_id')} AND ($2::date IS NULL OR period >= $2::date)`,
    [units, scope.from],
  );
  await tx.query(
    `INSERT INTO ol_tally_attendance (unit_id, period, path, kind, present, online, excused, absent)
     SELECT x.unit_id, date_trunc('month', x.held_on)::date, p.path, x.kind,
            count(*) FILTER (WHERE a.status = 'PRESENT')::int, count(*) FILTER (WHERE a.online)::int,
            count(*) FILTER (WHERE a.status = 'EXCUSED')::int, count(*) FILTER (WHERE a.status = 'ABSENT')::int
     FROM ol_meeting x JOIN ol_attendance a ON a.meeting_id = x.id
     JOIN org_unit_placement p ON ${placedOnSql('p', 'x.unit_id', 'x.held_on')}
     WHERE x.cancelled_on IS NULL AND ${unitIn('x.unit_id')} AND ($2::date IS NULL OR x.held_on >= $2::date)
     GROUP BY 1, 2, 3, 4`,
    [units, scope.from],
  );
}
