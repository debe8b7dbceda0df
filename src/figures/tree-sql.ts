import { moduleEnabledSql } from '../module-system/enabled-sql';

/**
 * SQL for figures that count by the tree as it was: a fact belongs to its unit's place on the fact's
 * day, and a unit's figure for a period sums the rows placed under it in that period.
 */

/** A placement `alias` (of `org_unit_placement`) of the unit `unit` valid on the day `day` (SQL expressions). */
export const placedOnSql = (alias: string, unit: string, day: string): string =>
  `${alias}.unit_id = ${unit} AND ${alias}.valid_from <= (${day}) AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > (${day}))`;

/**
 * The paths the unit `unit` had at some time in [from, to] (SQL expressions), as a subquery with
 * one column `path`: a row placed under any of them (`row.path >= tp.path AND row.path < tp.path || '~'`)
 * belonged to the unit, since a path holds the ids of every unit above. Usually one path; two when
 * the unit moved inside the period.
 */
export const targetPathsSql = (unit: string, from: string, to: string): string =>
  `(SELECT DISTINCT p.path FROM org_unit_placement p
    WHERE p.unit_id = ${unit} AND p.valid_from <= (${to}) AND (p.valid_to IS NULL OR p.valid_to > (${from})))`;

/**
 * Monthly presence segments, for a module's "who owed this month" tally: each unit of `units` (a SQL
 * condition on `u`, the `org_unit` row) judged at month ends, where it sat, while it existed and had
 * `module` on. Its state changes only on its own placements, founding, dissolution and the switches
 * of the units on its paths, so between the month ends of those days it is constant: one row per
 * segment, `(unit_id, period, path, until, …extra)`, the last one open (`until` 'infinity'). `extra`
 * adds columns (`expression AS name`) computed from `v` (the unit: `id`, `kind`, `established_on`, `dissolved_on`).
 */
export const presenceSegmentsSql = (units: string, module: string, extra: string[] = []): string => {
  const enabled = moduleEnabledSql('p', module, 's.month_end');
  const columns = extra.map((sql) => `, ${sql}`).join('');
  return `WITH v AS (
       SELECT u.id, u.kind, u.established_on, u.dissolved_on FROM org_unit u WHERE ${units}),
     bp AS (
       SELECT p.unit_id AS id, x.d FROM v JOIN org_unit_placement p ON p.unit_id = v.id
         CROSS JOIN LATERAL (VALUES (p.valid_from), (p.valid_to)) AS x(d)
       UNION SELECT v.id, x.d FROM v CROSS JOIN LATERAL (VALUES (v.established_on), (v.dissolved_on)) AS x(d)
       UNION SELECT p.unit_id, x.d FROM v JOIN org_unit_placement p ON p.unit_id = v.id
         JOIN module_enablement e ON e.module = '${module}'
           AND e.unit_id = ANY(string_to_array(trim(both '/' from p.path), '/')::int[])
         CROSS JOIN LATERAL (VALUES (e.valid_from), (e.valid_to)) AS x(d)),
     ends AS (
       SELECT DISTINCT id, (date_trunc('month', d) + interval '1 month - 1 day')::date AS month_end
       FROM bp WHERE d IS NOT NULL AND isfinite(d)),
     seg AS (
       SELECT id, month_end, lead(month_end) OVER (PARTITION BY id ORDER BY month_end) AS next_end FROM ends)
     SELECT s.id AS unit_id, date_trunc('month', s.month_end)::date AS period, p.path,
            coalesce(date_trunc('month', s.next_end)::date, 'infinity'::date) AS until${columns}
     FROM seg s JOIN v ON v.id = s.id JOIN org_unit_placement p ON ${placedOnSql('p', 's.id', 's.month_end')}
     WHERE (v.established_on IS NULL OR v.established_on <= s.month_end)
       AND (v.dissolved_on IS NULL OR v.dissolved_on > s.month_end)
       AND ${enabled}`;
};
