import { moduleEnabledSql } from '#module-kit';
import { SubjectType } from '../enums';
import { holds, placementsSql, targetPathsSql } from './placements';

/** SQL expressions for the targets (an int[]), the year and the as-of day of a grading statement. */
export interface GradeParams {
  targets: string;
  year: string;
  asOf: string;
}

/** The usual placeholders: $1 target unit ids, $2 year, $3 as-of day (or the quarter, or nothing for the year end). */
export const DEFAULT_PARAMS: GradeParams = { targets: '$1::int[]', year: '$2::int', asOf: '$3::date' };

/** Who is graded under a target unit `t`, by kind of subject. */
const SUBJECTS: Record<SubjectType, string> = {
  [SubjectType.MEMBER]: `SELECT m.id AS subject_id, m.branch_id AS subject_unit_id FROM org_unit d JOIN member m ON m.branch_id = d.id
                         WHERE d.path >= t.path AND d.path < t.path || '~' AND m.status <> 'DEPARTED'`,
  [SubjectType.BRANCH]: `SELECT d.id AS subject_id, d.id AS subject_unit_id FROM org_unit d
                         WHERE d.path >= t.path AND d.path < t.path || '~' AND d.kind = 'BRANCH' AND d.dissolved_on IS NULL`,
  [SubjectType.COMMITTEE]: `SELECT d.id AS subject_id, d.id AS subject_unit_id FROM org_unit d
                            WHERE d.path >= t.path AND d.path < t.path || '~' AND d.dissolved_on IS NULL
                              AND d.kind IN ('GRASSROOTS_COMMITTEE', 'TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE')`,
};

/**
 * The subjects under each target unit with the scheme that applies to each (the nearest scheme of
 * the year and kind up the subject unit's path; null when none), only where star rating is on
 * (enablement has no history: today's switch decides past years too). Yields target_id, subject_id,
 * subject_unit_id, scheme_id.
 */
export function subjectsSql(type: SubjectType, p: GradeParams = DEFAULT_PARAMS): string {
  return `
    WITH subj0 AS (
      SELECT t.id AS target_id, s.subject_id, s.subject_unit_id
      FROM org_unit t CROSS JOIN LATERAL (${SUBJECTS[type]}) s
      WHERE t.id = ANY(${p.targets})),
    su AS (
      SELECT u.id AS unit_id,
             (SELECT sc.id FROM sr_scheme sc JOIN org_unit a ON a.id = sc.unit_id
              WHERE sc.year = ${p.year} AND sc.subject_type = '${type}' AND u.path >= a.path AND u.path < a.path || '~'
              ORDER BY a.depth DESC LIMIT 1) AS scheme_id
      FROM org_unit u
      WHERE u.id IN (SELECT subject_unit_id FROM subj0) AND ${moduleEnabledSql('u', 'star-rating')})
    SELECT subj0.target_id, subj0.subject_id, subj0.subject_unit_id, su.scheme_id
    FROM subj0 JOIN su ON su.unit_id = subj0.subject_unit_id`;
}

/**
 * The scoring rule over one subject's criteria (rows with kind, cap, stars_off, the criterion's
 * points `pts` and its entries less its reversals `n`), as aggregates: score, stars_off, vetoed. The
 * live figures apply it to the running totals (`sr_tally_criterion`), the quarter fixing to the
 * entries up to the quarter's end: one rule.
 */
export const SCORE_SQL = `
  sum(CASE kind WHEN 'REGULAR' THEN CASE WHEN cap IS NULL THEN pts ELSE least(pts, cap) END WHEN 'DEDUCTION' THEN pts ELSE 0 END)::int AS score,
  sum(CASE WHEN kind = 'DEDUCTION' THEN stars_off * greatest(n, 0) ELSE 0 END)::int AS stars_off,
  bool_or(kind = 'VETO' AND n > 0) AS vetoed`;

/**
 * The grade from a scheme's thresholds and a scored row `r` (score, stars_off, vetoed): the
 * thresholds reached less stars off, zero under a veto.
 */
export const gradeSql = (thresholds: string, r: string): string =>
  `CASE WHEN ${r}.vetoed THEN 0 ELSE greatest(0, (SELECT count(*) FROM unnest(${thresholds}) th WHERE ${r}.score >= th)::int - ${r}.stars_off) END`;

/**
 * The scoring rule, once, in SQL. For every subject under each target unit (where star rating is
 * on): the confirmed entries of the scheme that applies to it, up to a day, summed per criterion (a
 * cap limits a criterion's total for the year; a correction reverses the entry it corrects),
 * deductions in points and in stars, and any veto. A subject with no confirmed entry under its
 * scheme has no score book: it is not rated (`rated` false, `grade` null), never 0★. The grade is
 * the number of the scheme's thresholds reached, less stars taken off, and zero under a veto.
 *
 * Yields target_id, subject_id, subject_unit_id, scheme_id, rated, score, stars_off, vetoed, grade.
 */
export function gradedSubjectsSql(type: SubjectType, p: GradeParams = DEFAULT_PARAMS): string {
  return `
    WITH subj AS (${subjectsSql(type, p)}),
    per_criterion AS (
      SELECT s.subject_id, c.kind, c.cap, c.stars_off,
             sum(e.points) AS pts, sum(CASE WHEN e.corrects_id IS NULL THEN 1 ELSE -1 END) AS n
      FROM (SELECT DISTINCT subject_id, scheme_id FROM subj WHERE scheme_id IS NOT NULL) s
      JOIN sr_entry e ON e.subject_id = s.subject_id
      JOIN sr_criterion c ON c.id = e.criterion_id AND c.scheme_id = s.scheme_id
      WHERE e.status = 'CONFIRMED' AND e.occurred_on <= ${p.asOf}
      GROUP BY s.subject_id, c.id, c.kind, c.cap, c.stars_off),
    per_subject AS (
      SELECT subject_id, ${SCORE_SQL}
      FROM per_criterion GROUP BY subject_id)
    SELECT subj.target_id, subj.subject_id, subj.subject_unit_id, subj.scheme_id,
           p.subject_id IS NOT NULL AS rated,
           coalesce(p.score, 0) AS score, coalesce(p.stars_off, 0) AS stars_off, coalesce(p.vetoed, false) AS vetoed,
           CASE WHEN p.subject_id IS NULL THEN NULL ELSE ${gradeSql('sc.thresholds', 'p')} END AS grade
    FROM subj LEFT JOIN per_subject p ON p.subject_id = subj.subject_id
    LEFT JOIN sr_scheme sc ON sc.id = subj.scheme_id`;
}

/**
 * The official grades fixed at a quarter's end, for each target as the tree stood on the quarter's
 * last day: the fixed grades of the units placed under it then, with star rating on that day. A move
 * or a switch after the quarter changes neither its ranking nor its distribution. Placeholders: $1
 * targets, $2 year; `quarter` is an SQL expression. Same columns as `gradedSubjectsSql`, plus official.
 */
export function quarterFixedGradesSql(type: SubjectType, quarter: string, p: GradeParams = DEFAULT_PARAMS): string {
  const end = `(make_date(${p.year}, ${quarter} * 3, 1) + interval '1 month' - interval '1 day')::date`;
  return `
    SELECT DISTINCT ON (t.id, q.subject_id) t.id AS target_id, q.subject_id, q.subject_unit_id, q.scheme_id, true AS rated,
           q.score, 0 AS stars_off, q.vetoed, q.grade, true AS official
    FROM unnest(${p.targets}) AS t(id)
    JOIN LATERAL ${targetPathsSql('t.id', end, end)} tp ON true
    JOIN ${placementsSql('true')} pl ON pl.path >= tp.path AND pl.path < tp.path || '~' AND ${holds('pl', end)}
    JOIN sr_quarter_grade q ON q.subject_unit_id = pl.unit_id AND q.year = ${p.year} AND q.quarter = ${quarter}
    JOIN sr_scheme qs ON qs.id = q.scheme_id AND qs.subject_type = '${type}'
    WHERE ${moduleEnabledSql('pl', 'star-rating', end)}`;
}

/**
 * A quarter's ranking: its fixed grades (above), and the subjects under the target today with no
 * fixed grade for the quarter, listed as not rated (a current-state count, as the live grades do).
 */
export function quarterGradesSql(type: SubjectType, quarter: string, p: GradeParams = DEFAULT_PARAMS): string {
  return `${quarterFixedGradesSql(type, quarter, p)}
    UNION ALL
    SELECT s.target_id, s.subject_id, s.subject_unit_id, s.scheme_id, false, 0, 0, false, NULL::int, true
    FROM (${subjectsSql(type, p)}) s
    WHERE NOT EXISTS (SELECT 1 FROM sr_quarter_grade q JOIN sr_scheme qs ON qs.id = q.scheme_id AND qs.subject_type = '${type}'
                      WHERE q.subject_id = s.subject_id AND q.year = ${p.year} AND q.quarter = ${quarter})`;
}

/**
 * The live grades of a year from the running totals (README "Figures"): the rated subjects whose
 * grade row lies under each target's paths of that year (where their unit sat on 31 December, star
 * rating on then), and the subjects under the target today (star rating on today) that have no grade
 * row for the year: not rated. Same columns as `gradedSubjectsSql`; no as-of day (a year's entries
 * are never dated after today).
 */
export function liveGradesSql(type: SubjectType, p: Omit<GradeParams, 'asOf'> = DEFAULT_PARAMS): string {
  const start = `make_date(${p.year}, 1, 1)`;
  return `
    SELECT t.id AS target_id, g.subject_id, g.unit_id AS subject_unit_id, g.scheme_id, true AS rated,
           g.score, g.stars_off, g.vetoed = 1 AS vetoed, g.grade
    FROM unnest(${p.targets}) AS t(id)
    JOIN LATERAL ${targetPathsSql('t.id', start, `make_date(${p.year}, 12, 31)`)} tp ON true
    JOIN sr_tally_grade g ON g.period = ${start} AND g.subject_type = '${type}' AND g.path >= tp.path AND g.path < tp.path || '~'
    UNION ALL
    SELECT s.target_id, s.subject_id, s.subject_unit_id, s.scheme_id, false, 0, 0, false, NULL::int
    FROM (${subjectsSql(type, p as GradeParams)}) s
    WHERE NOT EXISTS (SELECT 1 FROM sr_tally_grade g
                      WHERE g.subject_type = '${type}' AND g.subject_id = s.subject_id AND g.period = ${start})`;
}

/**
 * The year-end grade of each subject: its fourth quarter's fixed grade where that quarter was fixed
 * for it, else its live grade on 31 December (subject by subject: a subtree fixed only in part keeps
 * every subject). `official` says which.
 */
export function yearEndGradesSql(type: SubjectType, p: Omit<GradeParams, 'asOf'> = DEFAULT_PARAMS): string {
  const live = liveGradesSql(type, p);
  return `
    SELECT g.target_id, g.subject_id, g.subject_unit_id, g.scheme_id,
           (q.id IS NOT NULL OR g.rated) AS rated,
           CASE WHEN q.id IS NOT NULL THEN q.score ELSE g.score END AS score,
           CASE WHEN q.id IS NOT NULL THEN 0 ELSE g.stars_off END AS stars_off,
           CASE WHEN q.id IS NOT NULL THEN q.vetoed ELSE g.vetoed END AS vetoed,
           CASE WHEN q.id IS NOT NULL THEN q.grade ELSE g.grade END AS grade,
           q.id IS NOT NULL AS official
    FROM (${live}) g
    LEFT JOIN LATERAL (
      SELECT q.* FROM sr_quarter_grade q JOIN sr_scheme qs ON qs.id = q.scheme_id AND qs.subject_type = '${type}'
      WHERE q.subject_id = g.subject_id AND q.year = ${p.year} AND q.quarter = 4 LIMIT 1) q ON true`;
}
