import {
  type ListSql,
  type LocalDate,
  SortDirection,
  moduleEnabledSql,
  PeriodKind,
  periodStarts,
  share,
  type SqlRunner,
  subtreeSums,
} from '#module-kit';
import type { InspectionCoverage, IssueStats, ResponsibilityEntry } from '../api/figures.types';
import { HandlingLevel, IssueCategory, IssueOrder, IssueStatus } from '../enums';
import { ISSUE_COUNTS_ROLLUP, ISSUES_ROLLUP, OPEN_ISSUES_ROLLUP } from './figures';
import { levelOfPathSql, pathOnSql, villageSql } from './levels';
import { MODULE } from './index';

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

/** Sort keys of an ordered issue list: non-null (an issue without a deadline sorts after every day). */
const ISSUE_SORT: Record<IssueOrder, string[]> = {
  [IssueOrder.RAISED_ON]: ['i.raised_on', 'i.id'],
  [IssueOrder.DEADLINE]: [`coalesce(i.deadline, DATE '9999-12-31')`, 'i.id'],
};

/** The filter's conditions on `i` (and its handling unit `h`), their values pushed onto `params`. */
function issueFilterSql(f: IssueFilter, today: LocalDate, params: unknown[]): string[] {
  const where: string[] = [];
  if (f.statuses?.length) where.push(`i.status = ANY($${params.push(f.statuses)})`);
  if (f.categories?.length) where.push(`i.category = ANY($${params.push(f.categories)})`);
  if (f.levels?.length) where.push(`${levelOfPathSql('h.path')} = ANY($${params.push(f.levels)})`);
  if (f.overdue === true) where.push(`i.status IN ${OPEN_STATUSES} AND i.deadline < $${params.push(today)}::date`);
  if (f.overdue === false)
    where.push(`NOT (i.status IN ${OPEN_STATUSES} AND i.deadline < $${params.push(today)}::date)`);
  return where;
}

/** The sort of an issue list: newest first unless an order is given. */
const issueSort = (order?: { field: IssueOrder; direction: SortDirection }) =>
  order ? { sort: ISSUE_SORT[order.field], descending: order.direction === SortDirection.DESC } : { sort: ['(-i.id)'] };

/** 问题清单: issues under a unit, newest first unless an order is given. */
export function issueList(
  underPath: string,
  f: IssueFilter,
  today: LocalDate,
  order?: { field: IssueOrder; direction: SortDirection },
): ListSql {
  const params: unknown[] = [underPath];
  const where = [UNDER('i', '$1'), ...issueFilterSql(f, today, params)];
  return {
    partition: '0',
    id: 'i.id',
    ...issueSort(order),
    from: `FROM il_issue i JOIN org_unit h ON h.id = i.handling_unit_id WHERE ${where.join(' AND ')}`,
    params,
  };
}

/**
 * `OrgUnit.issues`: the issues of each of many units (one statement for a page of units), by the
 * same filter and order as the 问题清单 — raised by, handled by or assigned to the unit itself, or
 * with `underToo` to any unit under it.
 */
export function unitIssueList(
  unitIds: number[],
  underToo: boolean,
  f: IssueFilter,
  today: LocalDate,
  order?: { field: IssueOrder; direction: SortDirection },
): ListSql {
  const params: unknown[] = [unitIds];
  const where = [
    underToo ? UNDER('i', 't.path') : 't.id IN (i.raised_unit_id, i.handling_unit_id, i.responsible_unit_id)',
    ...issueFilterSql(f, today, params),
  ];
  return {
    partition: 't.id',
    id: 'i.id',
    ...issueSort(order),
    from: `FROM org_unit t JOIN il_issue i ON true JOIN org_unit h ON h.id = i.handling_unit_id
           WHERE t.id = ANY($1::int[]) AND ${where.join(' AND ')}`,
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

/**
 * 责任清单: open issues under a unit grouped by responsible unit and person. An issue nobody has
 * been made responsible for yet (OPEN: just raised, or handed up or down) is the handling unit's:
 * an issue escalated to the county is on the county's responsibility list until the county assigns it.
 */
export async function responsibilityList(
  db: SqlRunner,
  underPath: string,
  today: LocalDate,
): Promise<ResponsibilityEntry[]> {
  const rows = await db.query<{
    unit_id: number;
    person: string;
    open: number;
    unassigned: number;
    overdue: number;
    oldest: LocalDate;
    next_deadline: LocalDate | null;
  }>(
    `SELECT r.id AS unit_id, coalesce(i.responsible_person, '') AS person,
            count(*)::int AS open, count(*) FILTER (WHERE i.status = 'OPEN')::int AS unassigned,
            count(*) FILTER (WHERE i.deadline < $2::date)::int AS overdue,
            min(i.raised_on)::text AS oldest, min(i.deadline)::text AS next_deadline
     FROM il_issue i JOIN org_unit r ON r.id = coalesce(i.responsible_unit_id, i.handling_unit_id)
     WHERE i.status IN ${OPEN_STATUSES} AND r.path >= $1 AND r.path < $1 || '~'
     GROUP BY 1, 2 ORDER BY overdue DESC, oldest, 1, 2`,
    [underPath, today],
  );
  return rows.map((r) => ({
    unitId: r.unit_id,
    person: r.person || null,
    open: r.open,
    unassigned: r.unassigned,
    overdue: r.overdue,
    oldestRaisedOn: r.oldest,
    nextDeadline: r.next_deadline,
  }));
}

/** A row of the statement below: a unit's figures (g = 1), or those solved on one level's lists (g = 0). */
/**
 * Raised, resolved and crossed off in the range, and overdue now, of many units: what `loadIssueStats`
 * gives, without awaiting confirmation, the median or the levels (left out of the objects: asked for
 * only when a query selects none of them), from the roll-up by day and kind.
 */
async function loadIssueCounts(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  starts: LocalDate[],
): Promise<IssueStats[]> {
  const rows = await db.query<{ unit_id: number; raised: number; resolved: number; closed: number; overdue: number }>(
    `SELECT t.id AS unit_id, coalesce(c.raised, 0)::int AS raised, coalesce(c.resolved, 0)::int AS resolved,
            coalesce(c.closed, 0)::int AS closed, coalesce(o.n, 0)::int AS overdue
     FROM unnest($1::int[]) AS t(id)
     CROSS JOIN LATERAL (
       SELECT sum(a.n) FILTER (WHERE a.kind = 'RAISED') AS raised, sum(a.n) FILTER (WHERE a.kind = 'RESOLVED') AS resolved,
              sum(a.n) FILTER (WHERE a.kind = 'CLOSED') AS closed
       FROM ${subtreeSums(ISSUE_COUNTS_ROLLUP)} a WHERE a.target = t.id AND a.period BETWEEN $2::date AND $3::date) c
     CROSS JOIN LATERAL (
       SELECT sum(o.n) AS n FROM ${subtreeSums(OPEN_ISSUES_ROLLUP)} o WHERE o.target = t.id AND o.period < $4::date) o`,
    [unitIds, from, to, today],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.unit_id === id)!;
    return {
      from,
      to,
      raised: r.raised,
      resolved: r.resolved,
      closed: r.closed,
      overdueNow: r.overdue,
      unitId: id,
      periodStarts: starts,
    } as IssueStats;
  });
}

interface IssueStatsRow {
  unit_id: number;
  level: HandlingLevel | null;
  g: number;
  raised: number;
  resolved: number;
  closed: number;
  awaiting: number;
  overdue: number | null;
  hist: [number, number][] | null;
}

/** The median of a histogram of [value, count] sorted by value (as percentile_cont(0.5)). */
function medianOf(hist: [number, number][]): number | null {
  const total = hist.reduce((a, [, n]) => a + n, 0);
  if (!total) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const [v, n] of hist) {
      seen += n;
      if (k < seen) return v;
    }
    return hist[hist.length - 1][0];
  };
  const pos = (total - 1) / 2;
  const lo = at(Math.floor(pos));
  const hi = at(Math.ceil(pos));
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

/**
 * Figures of many units over a period in one statement, from the tallies (docs/FIGURES.md): raised,
 * reported solved and crossed off in the period, awaiting confirmation at its end (reports of solving
 * in the period not settled by its end: a report settled after its month closed stays awaiting in
 * that month's rows, and its SETTLED row takes it off a range that holds both), overdue now, the
 * median days from raising to crossing off (a histogram, never a median of medians), and by level.
 * A unit's figure sums the roll-up rows kept for it in the period (first folded to what the figures
 * need: the level, whether a report awaits, the days to cross off): each issue counts under its home
 * unit (the raising unit, or the unit inspected) and every unit above it as placed on the fact's day,
 * so a move never changes a past figure. The level is that of the list the solving unit worked on, as the
 * tree was the day it was reported solved. "Overdue now" sums today's open issues by deadline under
 * the unit's place today.
 */
export async function loadIssueStats(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  detail = true,
): Promise<IssueStats[]> {
  const starts = periodStarts(PeriodKind.MONTH, from, to);
  if (!detail) return loadIssueCounts(db, unitIds, from, to, today, starts);
  const rows = await db.query<IssueStatsRow>(
    `WITH t AS (SELECT u.id, u.path FROM org_unit u WHERE u.id = ANY($1::int[])),
     a AS MATERIALIZED (
       SELECT t.id AS unit_id, a.kind, a.level,
              CASE a.kind WHEN 'RESOLVED' THEN a.settled > $3::date WHEN 'SETTLED' THEN a.period - a.days >= $2::date
              END AS awaits,
              CASE a.kind WHEN 'CLOSED' THEN a.days END AS days, sum(a.n) AS n
       FROM t JOIN ${subtreeSums(ISSUES_ROLLUP)} a ON a.target = t.id AND a.period BETWEEN $2::date AND $3::date
       GROUP BY 1, 2, 3, 4, 5),
     s AS (
       SELECT unit_id, level, GROUPING(level) AS g,
              coalesce(sum(n) FILTER (WHERE kind = 'RAISED'), 0)::int AS raised,
              coalesce(sum(n) FILTER (WHERE kind = 'RESOLVED'), 0)::int AS resolved,
              coalesce(sum(n) FILTER (WHERE kind = 'CLOSED'), 0)::int AS closed,
              (coalesce(sum(n) FILTER (WHERE kind = 'RESOLVED' AND awaits), 0)
               - coalesce(sum(n) FILTER (WHERE kind = 'SETTLED' AND awaits), 0))::int AS awaiting
       FROM a GROUP BY GROUPING SETS ((unit_id), (unit_id, level))),
     h AS (
       SELECT unit_id, json_agg(json_build_array(days, n) ORDER BY days) AS hist
       FROM (SELECT unit_id, days, sum(n)::int AS n FROM a WHERE kind = 'CLOSED' GROUP BY 1, 2) x GROUP BY 1)
     SELECT t.id AS unit_id, s.level, coalesce(s.g, 1) AS g, coalesce(s.raised, 0) AS raised,
            coalesce(s.resolved, 0) AS resolved, coalesce(s.closed, 0) AS closed, coalesce(s.awaiting, 0) AS awaiting,
            CASE WHEN coalesce(s.g, 1) = 1 THEN
              (SELECT coalesce(sum(o.n), 0)::int FROM ${subtreeSums(OPEN_ISSUES_ROLLUP)} o
               WHERE o.target = t.id AND o.period < $4::date) END AS overdue,
            CASE WHEN coalesce(s.g, 1) = 1 THEN h.hist END AS hist
     FROM t LEFT JOIN s ON s.unit_id = t.id AND (s.g = 1 OR s.level IS NOT NULL)
     LEFT JOIN h ON h.unit_id = t.id`,
    [unitIds, from, to, today],
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    const total = mine.find((r) => r.g === 1);
    const closed = total?.closed ?? 0;
    return {
      from,
      to,
      raised: total?.raised ?? 0,
      resolved: total?.resolved ?? 0,
      closed,
      awaitingConfirmation: total?.awaiting ?? 0,
      overdueNow: total?.overdue ?? 0,
      medianDaysToClose: medianOf(total?.hist ?? []),
      resolvedByLevel: Object.values(HandlingLevel).map((level) => {
        const at = mine.find((r) => r.g === 0 && r.level === level);
        return {
          level,
          closed: at?.closed ?? 0,
          awaitingConfirmation: at?.awaiting ?? 0,
          share: share(at?.closed ?? 0, closed),
        };
      }),
      unitId: id,
      periodStarts: starts,
    };
  });
}

/**
 * The level of the list each issue was solved on, as the tree was the day it was reported solved;
 * null for an issue not (or no longer) reported solved.
 */
export async function resolvedLevels(db: SqlRunner, issueIds: readonly number[]): Promise<(HandlingLevel | null)[]> {
  const rows = await db.query<{ id: number; level: HandlingLevel | null }>(
    `SELECT i.id, CASE WHEN i.resolved_unit_id IS NULL OR i.resolved_at IS NULL THEN NULL
                       ELSE ${levelOfPathSql(pathOnSql('i.resolved_unit_id', 'i.resolved_at::date'))} END AS level
     FROM il_issue i WHERE i.id = ANY($1::int[])`,
    [issueIds],
  );
  return issueIds.map((id) => rows.find((r) => r.id === id)?.level ?? null);
}

/** The level of the list each unit works on today. */
export async function currentLevels(db: SqlRunner, unitIds: readonly number[]): Promise<HandlingLevel[]> {
  const rows = await db.query<{ id: number; level: HandlingLevel }>(
    `SELECT u.id, ${levelOfPathSql('u.path')} AS level FROM org_unit u WHERE u.id = ANY($1::int[])`,
    [unitIds],
  );
  return unitIds.map((id) => rows.find((r) => r.id === id)?.level ?? HandlingLevel.STATION_VILLAGE);
}

/** The placement of unit `unit` on day `day` (SQL expressions), as a join condition on alias `p`. */
const placedOn = (p: string, unit: string, day: string) =>
  `${p}.unit_id = ${unit} AND ${p}.valid_from <= ${day} AND (${p}.valid_to IS NULL OR ${p}.valid_to > ${day})`;

/**
 * 随机督导: inspections of each unit and of every unit under it in a period, newest first. "Under"
 * is judged in the tree as it was on the inspection day: a village inspected before it moved to
 * another township stays among the first township's inspections.
 */
export function inspectionsUnder(unitIds: number[], from: LocalDate, to: LocalDate): ListSql {
  return {
    partition: 't.id',
    id: 's.id',
    sort: [`(-(s.inspected_on - DATE '2000-01-01'))`, '(-s.id)'],
    from: `FROM org_unit t
      JOIN il_inspection s ON s.inspected_on BETWEEN $2::date AND $3::date
      JOIN org_unit_placement tp ON ${placedOn('tp', 't.id', 's.inspected_on')}
      JOIN org_unit_placement p ON ${placedOn('p', 's.unit_id', 's.inspected_on')}
        AND p.path >= tp.path AND p.path < tp.path || '~'
      WHERE t.id = ANY($1::int[])`,
    params: [unitIds, from, to],
  };
}

/** 重点整改: marks on each unit and units under it that were in force at some time in a period, newest first. */
export function keyRectificationsUnder(unitIds: number[], from: LocalDate, to: LocalDate): ListSql {
  return {
    partition: 't.id',
    id: 'k.id',
    sort: [`(-(k.marked_on - DATE '2000-01-01'))`, '(-k.id)'],
    from: `FROM org_unit t JOIN il_key_rectification k ON k.marked_on <= $3::date AND (k.unmarked_on IS NULL OR k.unmarked_on >= $2::date)
      JOIN org_unit u ON u.id = k.unit_id AND u.path >= t.path AND u.path < t.path || '~'
      WHERE t.id = ANY($1::int[])`,
    params: [unitIds, from, to],
  };
}

/**
 * Inspection coverage of many units over a period, in one statement (seed 000: 随机督查40个镇106个村,
 * 确定列为重点整改村9个). Villages and townships are those placed under the unit on the period's
 * last day, with the module on for them that day (the switches as they were); a village or a
 * township counts as inspected when an inspection in the period was of it or of a unit under it (as
 * placed on the inspection day). Inspections count every inspection of the unit or under it.
 */
export async function loadInspectionCoverage(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
): Promise<InspectionCoverage[]> {
  const starts = periodStarts(PeriodKind.MONTH, from, to);
  const rows = await db.query<{
    target_id: number;
    inspections: number;
    townships: number;
    townships_inspected: number;
    villages: number;
    villages_inspected: number;
    villages_marked: number;
    villages_under_key: number;
  }>(
    `WITH t AS (SELECT id, path FROM org_unit WHERE id = ANY($1::int[])),
     ins AS (
       SELECT s.id, string_to_array(trim(both '/' from p.path), '/')::int[] AS ids
       FROM il_inspection s JOIN org_unit_placement p ON ${placedOn('p', 's.unit_id', 's.inspected_on')}
       WHERE s.inspected_on BETWEEN $2::date AND $3::date),
     placed AS (
       SELECT t.id AS target_id, r.id,
              ${villageSql('r', 'rp')} AS village,
              r.kind IN ('TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE') AS township
       FROM t JOIN org_unit_placement tp ON ${placedOn('tp', 't.id', '$3::date')}
       JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~'
         AND p.valid_from <= $3::date AND (p.valid_to IS NULL OR p.valid_to > $3::date)
       JOIN org_unit r ON r.id = p.unit_id
       LEFT JOIN org_unit rp ON rp.id = p.parent_id
       WHERE (r.established_on IS NULL OR r.established_on <= $3::date)
         AND (r.dissolved_on IS NULL OR r.dissolved_on > $3::date)
         AND ${moduleEnabledSql('p', MODULE, '$3::date')}),
     counted AS (
       SELECT target_id,
              count(*) FILTER (WHERE township)::int AS townships,
              count(*) FILTER (WHERE township AND EXISTS (SELECT 1 FROM ins WHERE placed.id = ANY(ins.ids)))::int AS townships_inspected,
              count(*) FILTER (WHERE village)::int AS villages,
              count(*) FILTER (WHERE village AND EXISTS (SELECT 1 FROM ins WHERE placed.id = ANY(ins.ids)))::int AS villages_inspected,
              count(*) FILTER (WHERE village AND EXISTS (
                SELECT 1 FROM il_key_rectification k WHERE k.unit_id = placed.id AND k.marked_on BETWEEN $2::date AND $3::date))::int AS villages_marked,
              count(*) FILTER (WHERE village AND EXISTS (
                SELECT 1 FROM il_key_rectification k WHERE k.unit_id = placed.id AND k.marked_on <= $3::date
                  AND (k.unmarked_on IS NULL OR k.unmarked_on > $3::date)))::int AS villages_under_key
       FROM placed WHERE village OR township GROUP BY target_id)
     SELECT t.id AS target_id, (SELECT count(*) FROM ins WHERE t.id = ANY(ins.ids))::int AS inspections,
            coalesce(c.townships, 0) AS townships, coalesce(c.townships_inspected, 0) AS townships_inspected,
            coalesce(c.villages, 0) AS villages, coalesce(c.villages_inspected, 0) AS villages_inspected,
            coalesce(c.villages_marked, 0) AS villages_marked, coalesce(c.villages_under_key, 0) AS villages_under_key
     FROM t LEFT JOIN counted c ON c.target_id = t.id`,
    [unitIds, from, to],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.target_id === id);
    const villages = r?.villages ?? 0;
    const villagesInspected = r?.villages_inspected ?? 0;
    return {
      from,
      to,
      inspections: r?.inspections ?? 0,
      townships: r?.townships ?? 0,
      townshipsInspected: r?.townships_inspected ?? 0,
      villages,
      villagesInspected,
      villageCoverage: share(villagesInspected, villages),
      villagesMarked: r?.villages_marked ?? 0,
      villagesUnderKeyRectification: r?.villages_under_key ?? 0,
      unitId: id,
      periodStarts: starts,
    };
  });
}
