import { type LocalDate, type SqlRunner, subtreeSums } from '#module-kit';
import { SubjectType } from '../enums';
import { liveGradesSql, quarterFixedGradesSql, quarterGradesSql, yearEndGradesSql } from './grading-sql';
import { GRADES_ROLLUP } from './tally';

/** Which grades: live (year to date, as of a day), official (fixed at a quarter's end), or at year end. */
export type GradeMode = { live: LocalDate } | { quarter: number } | { yearEnd: true };

export interface Graded {
  targetId: number;
  subjectId: number;
  subjectUnitId: number;
  schemeId: number | null;
  /** Has a score book (a confirmed entry under its scheme): otherwise not rated, and `grade` is null. */
  rated: boolean;
  score: number;
  grade: number | null;
  vetoed: boolean;
  starsOff: number;
  /** At year end: the fourth quarter's fixed grade (true) or the live grade on 31 December (false). */
  official: boolean;
  /** Place in the ranking (rated subjects only; ties share it). */
  position: number | null;
}

/** A graded subject as the statements below return it (`position`, a bigint, arrives as text). */
interface GradeRow {
  target_id: number;
  subject_id: number;
  subject_unit_id: number;
  scheme_id: number | null;
  rated: boolean;
  score: number;
  grade: number | null;
  vetoed: boolean;
  stars_off: number;
  official: boolean;
  position: string | null;
}

/** The graded subjects' SQL and parameters for a mode. */
export function gradesQuery(
  targets: readonly number[],
  type: SubjectType,
  year: number,
  mode: GradeMode,
): { sql: string; params: unknown[] } {
  // Live: the year's grade rows (a year's entries are never dated after today, so year to date is the whole).
  if ('live' in mode)
    return { sql: `SELECT g.*, false AS official FROM (${liveGradesSql(type)}) g`, params: [targets, year] };
  if ('quarter' in mode) return { sql: quarterGradesSql(type, '$3::int'), params: [targets, year, mode.quarter] };
  return { sql: yearEndGradesSql(type), params: [targets, year] };
}

/**
 * Grades of the subjects under many units, ranked: by grade, then (a veto last among equal grades)
 * by score, ties sharing a position. A vetoed subject never ranks above a starred one; subjects not
 * rated are returned without a position.
 */
export async function loadGrades(
  db: SqlRunner,
  targets: readonly number[],
  type: SubjectType,
  year: number,
  mode: GradeMode,
): Promise<Graded[]> {
  const { sql, params } = gradesQuery(targets, type, year, mode);
  const rows = await db.query<GradeRow>(
    `SELECT x.*, CASE WHEN x.rated THEN rank() OVER (PARTITION BY x.target_id, x.rated ORDER BY x.grade DESC, x.vetoed, x.score DESC) END AS position
     FROM (${sql}) x ORDER BY x.target_id, x.rated DESC, position, x.subject_id`,
    params,
  );
  return rows.map((r) => ({
    targetId: r.target_id,
    subjectId: r.subject_id,
    subjectUnitId: r.subject_unit_id,
    schemeId: r.scheme_id,
    rated: r.rated,
    score: r.score,
    grade: r.rated ? r.grade : null,
    vetoed: r.vetoed,
    starsOff: r.stars_off,
    official: r.official,
    position: r.position === null ? null : Number(r.position),
  }));
}

/**
 * How many rated subjects under each unit hold each grade (0–5), counted in PostgreSQL from the
 * kept figures, as the tree was: live, the year's grade counts kept for the unit (each subject
 * counted for the units above where its unit sat on 31 December); a quarter, the grades fixed then, of the units placed
 * under it on the quarter's last day with star rating on that day.
 */
export async function loadDistribution(
  db: SqlRunner,
  targets: readonly number[],
  type: SubjectType,
  year: number,
  mode: GradeMode,
): Promise<{ counts: number[] }[]> {
  let rows: { target_id: number; grade: number; n: number }[];
  if ('quarter' in mode) {
    rows = await db.query(
      `SELECT q.target_id, q.grade, count(*)::int AS n FROM (${quarterFixedGradesSql(type, '$3::int')}) q GROUP BY 1, 2`,
      [targets, year, mode.quarter],
    );
  } else if ('live' in mode) {
    rows = await db.query(
      `SELECT t.id AS target_id, g.grade, sum(g.n)::int AS n
       FROM unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(GRADES_ROLLUP)} g ON g.target = t.id AND g.period = make_date($2::int, 1, 1) AND g.subject_type = $3
       GROUP BY 1, 2`,
      [targets, year, type],
    );
  } else {
    const { sql, params } = gradesQuery(targets, type, year, mode);
    rows = await db.query(
      `SELECT x.target_id, x.grade, count(*)::int AS n FROM (${sql}) x WHERE x.rated GROUP BY 1, 2`,
      params,
    );
  }
  return targets.map((id) => ({
    counts: [0, 1, 2, 3, 4, 5].map((grade) => rows.find((r) => r.target_id === id && r.grade === grade)?.n ?? 0),
  }));
}

/** Points per month of one year for many subjects (confirmed entries, as recorded). */
export async function loadMonthly(db: SqlRunner, type: SubjectType, year: number, subjectIds: readonly number[]) {
  const rows = await db.query<{ subject_id: number; month: number; points: number }>(
    `SELECT e.subject_id, extract(month FROM e.occurred_on)::int AS month, sum(e.points)::int AS points
     FROM sr_entry e JOIN sr_criterion c ON c.id = e.criterion_id JOIN sr_scheme s ON s.id = c.scheme_id
     WHERE s.year = $1 AND s.subject_type = $2 AND e.status = 'CONFIRMED' AND e.subject_id = ANY($3::int[])
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [year, type, subjectIds],
  );
  const quarters = await db.query<{ subject_id: number; quarter: number; score: number; grade: number }>(
    `SELECT q.subject_id, q.quarter, q.score, q.grade FROM sr_quarter_grade q JOIN sr_scheme s ON s.id = q.scheme_id
     WHERE q.year = $1 AND s.subject_type = $2 AND q.subject_id = ANY($3::int[]) ORDER BY q.quarter`,
    [year, type, subjectIds],
  );
  return subjectIds.map((id) => ({
    monthly: rows.filter((r) => r.subject_id === id).map((r) => ({ month: r.month, points: r.points })),
    quarters: quarters
      .filter((r) => r.subject_id === id)
      .map((r) => ({ quarter: r.quarter, score: r.score, grade: r.grade })),
  }));
}
