import type { LocalDate, SqlRunner } from '#module-kit';
import { SubjectType } from '../enums';
import { gradedSubjectsSql } from './grading-sql';
import { quarterEnd } from './star.service';

export interface Graded {
  targetId: number;
  subjectId: number;
  subjectUnitId: number;
  score: number;
  grade: number;
  vetoed: boolean;
  starsOff: number;
  position?: number;
}

/** A graded subject as the statements below return it (`position`, a bigint, arrives as text). */
interface GradeRow {
  target_id: number;
  subject_id: number;
  subject_unit_id: number;
  score: number;
  grade: number;
  vetoed: boolean;
  stars_off: number;
  position: string;
}

/** The graded subjects' SQL and parameters: live (year to date, as of a day) or official (fixed at a quarter's end). */
function gradesQuery(
  targets: readonly number[],
  type: SubjectType,
  year: number,
  asOf: LocalDate,
  quarter: number | null,
): { sql: string; params: unknown[] } {
  if (!quarter) return { sql: gradedSubjectsSql(type), params: [targets, year, type, asOf] };
  return {
    sql: `SELECT s.target_id, s.subject_id, s.subject_unit_id, q.score, q.grade, q.vetoed, 0 AS stars_off
          FROM (SELECT target_id, subject_id, subject_unit_id FROM (${gradedSubjectsSql(type)}) g) s
          JOIN sr_quarter_grade q ON q.subject_id = s.subject_id AND q.year = $2 AND q.quarter = $5
          JOIN sr_scheme sc ON sc.id = q.scheme_id AND sc.subject_type = $3`,
    params: [targets, year, type, quarterEnd(year, quarter), quarter],
  };
}

/**
 * Live grades (year to date, as of a day) or official ones (fixed at a quarter's end), for subjects under
 * many units, ranked.
 */
export async function loadGrades(
  db: SqlRunner,
  targets: readonly number[],
  type: SubjectType,
  year: number,
  asOf: LocalDate,
  quarter: number | null,
): Promise<Graded[]> {
  const { sql, params } = gradesQuery(targets, type, year, asOf, quarter);
  const rows = await db.query<GradeRow>(
    `SELECT x.*, rank() OVER (PARTITION BY x.target_id ORDER BY x.score DESC) AS position FROM (${sql}) x ORDER BY x.target_id, position, x.subject_id`,
    params,
  );
  return rows.map((r) => ({
    targetId: r.target_id,
    subjectId: r.subject_id,
    subjectUnitId: r.subject_unit_id,
    score: r.score,
    grade: r.grade,
    vetoed: r.vetoed,
    starsOff: r.stars_off,
    position: Number(r.position),
  }));
}

/**
 * How many subjects under each unit hold each grade (0–5), counted in PostgreSQL: a city's 100,000
 * members come back as six numbers, not as 100,000 ranked rows.
 */
export async function loadDistribution(
  db: SqlRunner,
  targets: readonly number[],
  type: SubjectType,
  year: number,
  asOf: LocalDate,
  quarter: number | null,
): Promise<number[][]> {
  const { sql, params } = gradesQuery(targets, type, year, asOf, quarter);
  const rows = await db.query<{ target_id: number; grade: number; n: number }>(
    `SELECT x.target_id, x.grade, count(*)::int AS n FROM (${sql}) x GROUP BY x.target_id, x.grade`,
    params,
  );
  return targets.map((id) =>
    [0, 1, 2, 3, 4, 5].map((grade) => rows.find((r) => r.target_id === id && r.grade === grade)?.n ?? 0),
  );
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
