import type { SqlRunner } from '../../graphql/connection';
import type { LocalDate } from '../../graphql/scalars';
import { Education, MemberCategory } from '../enums';
import type { MemberStats } from '../api/member-stats.type';
import { fullPersonalDataSql, type BirthDateView } from '../personal-data';
import { probationDueSql } from './org-lists';

export const AGE_BANDS = [
  { band: 'UP_TO_35', min: 0, max: 35 },
  { band: 'FROM_36_TO_45', min: 36, max: 45 },
  { band: 'FROM_46_TO_59', min: 46, max: 59 },
  { band: 'FROM_60_TO_69', min: 60, max: 69 },
  { band: 'FROM_70', min: 70, max: 200 },
] as const;

/** A row of the statement below: GROUPING() tells the unit's total (1, 1) from a category or an education (0). */
interface StatsRow {
  unit_id: number;
  /** Null except on the rows by category (g_category = 0), the only ones that read it. */
  category: MemberCategory;
  education: Education | null;
  g_category: number;
  g_education: number;
  total: number;
  probationary: number;
  suspended: number;
  probation_overdue: number;
  female: number;
  average_age: number | null;
  [band: `band${number}`]: number;
}

/**
 * Member figures rolled up over each unit's subtree, for many units in one statement: GROUPING SETS
 * give the totals, the counts by category and by education together. Ages are whole years on `today`;
 * for members whose personal data the viewer sees masked, this year minus the birth year (a figure
 * over a one-member group must not reveal the birth date: see BirthDateView).
 */
export async function loadMemberStats(
  db: SqlRunner,
  unitIds: readonly number[],
  today: LocalDate,
  view: BirthDateView,
): Promise<MemberStats[]> {
  const params: unknown[] = [unitIds, today];
  const full = fullPersonalDataSql(view, 'm', params);
  const exact = `date_part('year', age($2::date, m.birth_date))::int`;
  const byYear = `(date_part('year', $2::date) - date_part('year', m.birth_date))::int`;
  const ageSql =
    full === 'true' ? exact : full === 'false' ? byYear : `(CASE WHEN ${full} THEN ${exact} ELSE ${byYear} END)`;
  const bands = AGE_BANDS.map(
    (b, i) => `count(*) FILTER (WHERE a.age BETWEEN ${b.min} AND ${b.max})::int AS band${i}`,
  ).join(',\n');
  const rows = await db.query<StatsRow>(
    `SELECT t.id AS unit_id, m.category, m.education,
            GROUPING(m.category) AS g_category, GROUPING(m.education) AS g_education,
            count(m.id)::int AS total,
            count(*) FILTER (WHERE m.status = 'PROBATIONARY')::int AS probationary,
            count(*) FILTER (WHERE m.status = 'FULL' AND m.suspended_since IS NOT NULL)::int AS suspended,
            count(*) FILTER (WHERE m.status = 'PROBATIONARY' AND ${probationDueSql('m')} < $2::date)::int AS probation_overdue,
            count(*) FILTER (WHERE m.gender = 'FEMALE')::int AS female,
            avg(a.age)::float8 AS average_age,
            ${bands}
     FROM org_unit t
     JOIN org_unit d ON d.path >= t.path AND d.path < t.path || '~'
     JOIN member m ON m.branch_id = d.id AND m.status <> 'DEPARTED'
     CROSS JOIN LATERAL (SELECT ${ageSql} AS age) a
     WHERE t.id = ANY($1::int[])
     GROUP BY GROUPING SETS ((t.id), (t.id, m.category), (t.id, m.education))`,
    params,
  );
  const stats = new Map<number, MemberStats>(unitIds.map((id) => [id, emptyStats()]));
  for (const r of rows) {
    const s = stats.get(r.unit_id)!;
    if (r.g_category === 1 && r.g_education === 1) {
      s.total = r.total;
      s.probationary = r.probationary;
      s.suspended = r.suspended;
      s.full = r.total - r.probationary - r.suspended;
      s.probationOverdue = r.probation_overdue;
      s.female = r.female;
      s.averageAge = r.average_age === null ? null : Math.round(r.average_age * 10) / 10;
      s.ageBands = AGE_BANDS.map((b, i) => ({ band: b.band, count: r[`band${i}`] }));
    } else if (r.g_category === 0) {
      s.byCategory.push({ category: r.category, count: r.total });
    } else if (r.education !== null) {
      s.byEducation.push({ education: r.education, count: r.total });
    } else {
      s.educationUnknown = r.total;
    }
  }
  for (const s of stats.values()) {
    const count = (band: string) => s.ageBands.find((b) => b.band === band)?.count ?? 0;
    s.aged35AndUnder = count('UP_TO_35');
    s.aged60AndOver = count('FROM_60_TO_69') + count('FROM_70');
    s.femaleShare = share(s.female, s.total);
    s.shareAged35AndUnder = share(s.aged35AndUnder, s.total);
    s.shareAged60AndOver = share(s.aged60AndOver, s.total);
    s.byCategory.sort(
      (a, b) => Object.keys(MemberCategory).indexOf(a.category) - Object.keys(MemberCategory).indexOf(b.category),
    );
    s.byEducation.sort(
      (a, b) => Object.keys(Education).indexOf(a.education) - Object.keys(Education).indexOf(b.education),
    );
  }
  return unitIds.map((id) => stats.get(id)!);
}

/** A share as a fraction 0–1 rounded to 4 places; null when there is nothing to share. */
export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10000) / 10000;

function emptyStats(): MemberStats {
  return {
    total: 0,
    probationary: 0,
    full: 0,
    suspended: 0,
    probationOverdue: 0,
    female: 0,
    femaleShare: null,
    averageAge: null,
    aged35AndUnder: 0,
    aged60AndOver: 0,
    shareAged35AndUnder: null,
    shareAged60AndOver: null,
    ageBands: AGE_BANDS.map((b) => ({ band: b.band, count: 0 })),
    byCategory: [],
    byEducation: [],
    educationUnknown: 0,
  };
}
