import { type LocalDate, moduleEnabledSql } from '#module-kit';
import type { VillageAffairsPolicy } from './policy';

/**
 * Every disclosure due from every village under the targets in a range, judged: the CTE `judged`
 * yields (target, village, category, period_start, period_end, due_on, published_on), where
 * `published_on` is the earliest disclosure of that category covering the whole period (null if
 * none). A period is due in the range when it ends in the range; it is on time when published by
 * `due_on` (period end + the policy's days). Villages: village and community branches with the
 * module on, existing at the period's end. Parameters: $1 targets, $2 from, $3 to, then the
 * schedule; `extra` parameters follow from $7. The CTEs are MATERIALIZED: the planner guesses one due
 * period and would otherwise re-run the villages' enablement check for each of them (for the whole
 * benchmark city: 2.1 s without, 0.07 s with).
 */
export function judgedDisclosures(
  policy: VillageAffairsPolicy,
  targets: readonly number[],
  from: LocalDate,
  to: LocalDate,
  extra: unknown[] = [],
) {
  const codes = Object.keys(policy.disclosures).sort();
  const sql = `
    WITH schedule AS (SELECT * FROM unnest($4::text[], $5::int[], $6::int[]) AS s(category, months, within)),
    due AS MATERIALIZED (
      SELECT s.category, ps::date AS period_start, (ps + make_interval(months => s.months) - interval '1 day')::date AS period_end,
             ((ps + make_interval(months => s.months) - interval '1 day')::date + s.within) AS due_on
      FROM schedule s, generate_series(date_trunc('year', $2::date), $3::date, interval '1 month') ps
      WHERE (extract(month FROM ps)::int - 1) % s.months = 0),
    villages AS MATERIALIZED (
      SELECT t.id AS target, v.id AS village, v.established_on, v.dissolved_on
      FROM org_unit t JOIN org_unit v ON v.path >= t.path AND v.path < t.path || '~'
      WHERE t.id = ANY($1::int[]) AND v.kind = 'BRANCH' AND v.sector IN ('RURAL', 'COMMUNITY') AND ${moduleEnabledSql('v', 'village-affairs')}),
    judged AS (
      SELECT vl.target, vl.village, d.category, d.period_start, d.period_end, d.due_on,
             (SELECT min(x.published_on) FROM va_disclosure x
              WHERE x.unit_id = vl.village AND x.category = d.category AND x.period_start <= d.period_start AND x.period_end >= d.period_end) AS published_on
      FROM villages vl JOIN due d ON d.period_end BETWEEN $2::date AND $3::date
      WHERE (vl.established_on IS NULL OR vl.established_on <= d.period_end) AND (vl.dissolved_on IS NULL OR vl.dissolved_on > d.period_end))`;
  const params = [
    targets,
    from,
    to,
    codes,
    codes.map((c) => policy.disclosures[c].everyMonths),
    codes.map((c) => policy.disclosures[c].withinDays),
    ...extra,
  ];
  return { sql, params };
}

/** SQL for a judged row's status against the day in parameter `today`. */
export const dueStatusSql = (today: string) =>
  `CASE WHEN published_on <= due_on THEN 'ON_TIME' WHEN published_on IS NOT NULL THEN 'LATE' WHEN due_on < ${today}::date THEN 'MISSING' ELSE 'NOT_YET_DUE' END`;
