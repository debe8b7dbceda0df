import { type ListSql, type LocalDate, share, type SqlRunner } from '#module-kit';
import type { IssueStats, ResponsibilityEntry } from '../api/figures.types';
import { HandlingLevel, IssueCategory, IssueStatus, LEVEL_SQL } from '../enums';

/**
 * The three lists are views of one table (DESIGN: "views, not tables"). An issue belongs under a
 * unit when it was raised, is handled, or is someone's responsibility there.
 */
const UNDER = (alias: string, path: string) =>
  `EXISTS (SELECT 1 FROM org_unit x WHERE x.id IN (${alias}.raised_unit_id, ${alias}.handling_unit_id, ${alias}.responsible_unit_id)
     AND x.path >= ${path} AND x.path < ${path} || '~')`;

export interface IssueFilter {
  statuses?: IssueStatus[] | null;
  categories?: IssueCategory[] | null;
  levels?: HandlingLevel[] | null;
  overdue?: boolean | null;
}

const OPEN_STATUSES = `('OPEN', 'ASSIGNED', 'IN_PROGRESS')`;

/** 问题清单: issues under a unit, newest first. */
export function issueList(underPath: string, f: IssueFilter, today: LocalDate): ListSql {
  const params: unknown[] = [underPath];
  const where = [UNDER('i', '$1')];
  if (f.statuses?.length) where.push(`i.status = ANY($${params.push(f.statuses)})`);
  if (f.categories?.length) where.push(`i.category = ANY($${params.push(f.categories)})`);
  if (f.levels?.length) where.push(`${LEVEL_SQL('h.kind')} = ANY($${params.push(f.levels)})`);
  if (f.overdue === true) where.push(`i.status IN ${OPEN_STATUSES} AND i.deadline < $${params.push(today)}::date`);
  if (f.overdue === false)
    where.push(`NOT (i.status IN ${OPEN_STATUSES} AND i.deadline < $${params.push(today)}::date)`);
  return {
    partition: '0',
    id: 'i.id',
    sort: ['(-i.id)'],
    from: `FROM il_issue i JOIN org_unit h ON h.id = i.handling_unit_id WHERE ${where.join(' AND ')}`,
    params,
  };
}

/** 销号清单: issues under a unit closed in a period, most recent first. */
export function closureList(underPath: string, from: LocalDate, to: LocalDate): ListSql {
  return {
    partition: '0',
    id: 'i.id',
    sort: ['(-extract(epoch FROM i.closed_at))', '(-i.id)'],
    from: `FROM il_issue i WHERE i.status = 'CLOSED' AND i.closed_at >= $2::date::timestamptz AND i.closed_at < ($3::date + 1)::timestamptz AND ${UNDER('i', '$1')}`,
    params: [underPath, from, to],
  };
}

/** 责任清单: open issues under a unit grouped by responsible unit and person. */
export async function responsibilityList(
  db: SqlRunner,
  underPath: string,
  today: LocalDate,
): Promise<ResponsibilityEntry[]> {
  const rows = await db.query<{
    unit_id: number;
    person: string;
    open: number;
    overdue: number;
    oldest: LocalDate;
    next_deadline: LocalDate | null;
  }>(
    `SELECT i.responsible_unit_id AS unit_id, coalesce(i.responsible_person, '') AS person,
            count(*)::int AS open, count(*) FILTER (WHERE i.deadline < $2::date)::int AS overdue,
            min(i.raised_on)::text AS oldest, min(i.deadline)::text AS next_deadline
     FROM il_issue i JOIN org_unit r ON r.id = i.responsible_unit_id
     WHERE i.status IN ${OPEN_STATUSES} AND r.path >= $1 AND r.path < $1 || '~'
     GROUP BY 1, 2 ORDER BY overdue DESC, oldest, 1, 2`,
    [underPath, today],
  );
  return rows.map((r) => ({
    unitId: r.unit_id,
    person: r.person || null,
    open: r.open,
    overdue: r.overdue,
    oldestRaisedOn: r.oldest,
    nextDeadline: r.next_deadline,
  }));
}

/** A row of the statement below: a unit's figures (g = 1), or those resolved at one level (g = 0). */
interface IssueStatsRow {
  unit_id: number;
  resolved_level: HandlingLevel | null;
  g: number;
  raised: number;
  resolved: number;
  closed: number;
  overdue: number;
  median_days: number | null;
}

/**
 * Figures of many units over a period in one statement: raised, resolved and closed in the period,
 * overdue now, the median days from raising to closing, and where issues were resolved by level.
 */
export async function loadIssueStats(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): Promise<IssueStats[]> {
  const rows = await db.query<IssueStatsRow>(
    `WITH t AS (SELECT id, path FROM org_unit WHERE id = ANY($1::int[])),
     scoped AS (
       SELECT t.id AS unit_id, i.*, ${LEVEL_SQL('ru.kind')} AS resolved_level
       FROM t JOIN il_issue i ON ${UNDER('i', 't.path')}
       LEFT JOIN org_unit ru ON ru.id = i.resolved_unit_id)
     SELECT unit_id, resolved_level, GROUPING(resolved_level) AS g,
            count(*) FILTER (WHERE raised_on BETWEEN $2::date AND $3::date)::int AS raised,
            count(*) FILTER (WHERE resolved_at >= $2::date::timestamptz AND resolved_at < ($3::date + 1)::timestamptz)::int AS resolved,
            count(*) FILTER (WHERE closed_at >= $2::date::timestamptz AND closed_at < ($3::date + 1)::timestamptz)::int AS closed,
            count(*) FILTER (WHERE status IN ${OPEN_STATUSES} AND deadline < $4::date)::int AS overdue,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY (closed_at::date - raised_on))
              FILTER (WHERE closed_at >= $2::date::timestamptz AND closed_at < ($3::date + 1)::timestamptz)::float8 AS median_days
     FROM scoped
     GROUP BY GROUPING SETS ((unit_id), (unit_id, resolved_level))`,
    [unitIds, from, to, today],
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    const total = mine.find((r) => r.g === 1);
    const byLevel = Object.values(HandlingLevel).map((level) => ({
      level,
      count: mine.find((r) => r.g === 0 && r.resolved_level === level)?.resolved ?? 0,
    }));
    const resolved = total?.resolved ?? 0;
    return {
      from,
      to,
      raised: total?.raised ?? 0,
      resolved,
      closed: total?.closed ?? 0,
      overdueNow: total?.overdue ?? 0,
      medianDaysToClose: total?.median_days ?? null,
      resolvedByLevel: byLevel.map((b) => ({ ...b, share: share(b.count, resolved) })),
    };
  });
}
