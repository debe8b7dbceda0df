import { SubjectType } from '../enums';

/**
 * The scoring rule, once, in SQL. For every subject under each target unit: confirmed entries of the
 * year up to a day, summed per criterion (a cap limits a criterion's total for the year; a correction
 * reverses the entry it corrects), deductions in points and in stars, and any veto. The grade is the
 * number of thresholds reached, less stars taken off, and zero under a veto.
 *
 * Parameters: $1 target unit ids, $2 year, $3 subject type, $4 as-of day.
 */
export function gradedSubjectsSql(type: SubjectType): string {
  const subjects = {
    [SubjectType.MEMBER]: `SELECT m.id AS subject_id, m.branch_id AS subject_unit_id FROM org_unit d JOIN member m ON m.branch_id = d.id
                           WHERE d.path >= t.path AND d.path < t.path || '~' AND m.status <> 'DEPARTED'`,
    [SubjectType.BRANCH]: `SELECT d.id AS subject_id, d.id AS subject_unit_id FROM org_unit d
                           WHERE d.path >= t.path AND d.path < t.path || '~' AND d.kind = 'BRANCH' AND d.dissolved_on IS NULL`,
    [SubjectType.COMMITTEE]: `SELECT d.id AS subject_id, d.id AS subject_unit_id FROM org_unit d
                              WHERE d.path >= t.path AND d.path < t.path || '~' AND d.dissolved_on IS NULL
                                AND d.kind IN ('GRASSROOTS_COMMITTEE', 'TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE')`,
  }[type];
  return `
    WITH subj AS (
      SELECT t.id AS target_id, s.subject_id, s.subject_unit_id
      FROM org_unit t CROSS JOIN LATERAL (${subjects}) s
      WHERE t.id = ANY($1::int[])),
    per_criterion AS (
      SELECT e.subject_id, c.kind, c.cap, c.stars_off, sc.thresholds,
             sum(e.points) AS pts, sum(CASE WHEN e.corrects_id IS NULL THEN 1 ELSE -1 END) AS n
      FROM sr_entry e JOIN sr_criterion c ON c.id = e.criterion_id JOIN sr_scheme sc ON sc.id = c.scheme_id
      WHERE sc.year = $2 AND sc.subject_type = $3 AND e.status = 'CONFIRMED' AND e.occurred_on <= $4::date
        AND e.subject_id IN (SELECT subject_id FROM subj)
      GROUP BY e.subject_id, c.id, c.kind, c.cap, c.stars_off, sc.thresholds),
    per_subject AS (
      SELECT subject_id, min(thresholds) AS thresholds,
             sum(CASE kind WHEN 'REGULAR' THEN CASE WHEN cap IS NULL THEN pts ELSE least(pts, cap) END WHEN 'DEDUCTION' THEN pts ELSE 0 END)::int AS score,
             sum(CASE WHEN kind = 'DEDUCTION' THEN stars_off * greatest(n, 0) ELSE 0 END)::int AS stars_off,
             bool_or(kind = 'VETO' AND n > 0) AS vetoed
      FROM per_criterion GROUP BY subject_id)
    SELECT subj.target_id, subj.subject_id, subj.subject_unit_id,
           coalesce(p.score, 0) AS score, coalesce(p.stars_off, 0) AS stars_off, coalesce(p.vetoed, false) AS vetoed,
           CASE WHEN coalesce(p.vetoed, false) OR p.thresholds IS NULL THEN 0
                ELSE greatest(0, (SELECT count(*) FROM unnest(p.thresholds) th WHERE p.score >= th)::int - p.stars_off) END AS grade
    FROM subj LEFT JOIN per_subject p ON p.subject_id = subj.subject_id`;
}
