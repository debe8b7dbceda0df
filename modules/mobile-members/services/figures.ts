import {
  type ListSql,
  SortDirection,
  type LocalDate,
  periodElapsedSql,
  plusDays,
  share,
  type SqlRunner,
  subtreeSums,
} from '#module-kit';
import type { MobileMonth, MobileStats } from '../api/types';
import { MobileRecordOrder, MobileStatus, ProposalKind } from '../enums';
import type { MobilePolicy } from './policy';
import { statusSql } from './status-sql';
import { MONTHS_ROLLUP, NOW_ROLLUP } from './tallies';

/** Records whose member belongs (home branch) under the target, or who are hosted by a unit under it. */
const UNDER = `EXISTS (SELECT 1 FROM org_unit x WHERE x.id IN (r.home_unit_id, r.receiving_unit_id) AND x.path >= t.path AND x.path < t.path || '~')`;

/** Sort keys of an ordered list of records away: non-null (no expected return sorts after every day). */
const RECORD_SORT: Record<MobileRecordOrder, string> = {
  [MobileRecordOrder.LEFT_ON]: 'r.left_on',
  [MobileRecordOrder.EXPECTED_RETURN]: `coalesce(r.expected_return, DATE '9999-12-31')`,
};

export function recordsList(
  policy: MobilePolicy,
  unitIds: number[],
  today: LocalDate,
  statuses: MobileStatus[] | null | undefined,
  order?: { field: MobileRecordOrder; direction: SortDirection },
): ListSql {
  const s = statusSql(policy, '$2');
  const params: unknown[] = [unitIds, today];
  const filter = statuses?.length ? `AND ${s.status} = ANY($${params.push(statuses)}::text[])` : '';
  return {
    partition: 't.id',
    id: 'r.id',
    ...(order
      ? { sort: [RECORD_SORT[order.field], 'r.id'], descending: order.direction === SortDirection.DESC }
      : { sort: ['r.id'] }),
    from: `FROM org_unit t JOIN mm_record r ON ${UNDER} ${s.joins} WHERE t.id = ANY($1::int[]) ${filter}`,
    params,
  };
}

/** The status of many records at once (a record's own field). */
export async function loadStatuses(
  db: SqlRunner,
  policy: MobilePolicy,
  recordIds: readonly number[],
  today: LocalDate,
): Promise<{ status: MobileStatus; lastReached: LocalDate | null }[]> {
  const s = statusSql(policy, '$2');
  const rows = await db.query<{ id: number; status: MobileStatus; last_reached: LocalDate | null }>(
    `SELECT r.id, ${s.status} AS status, ${s.lastReached}::text AS last_reached FROM mm_record r ${s.joins} WHERE r.id = ANY($1::int[])`,
    [recordIds, today],
  );
  return recordIds.map((id) => {
    const row = rows.find((x) => x.id === id)!; // every record asked for exists
    return { status: row.status, lastReached: row.last_reached };
  });
}

export interface Proposal {
  unitId: number;
  recordId: number;
  kind: ProposalKind;
  since: LocalDate;
}

/** A row of the statement below: one record away, under one of the units asked about. */
interface ProposalRow {
  unit_id: number;
  id: number;
  status: MobileStatus;
  long_lost: boolean;
  removable: boolean;
  lost_since: LocalDate;
  /** The day the suspension was approved: there is one whenever the status is SUSPENDED. */
  suspended_on: LocalDate;
  last_attempt: LocalDate | null;
}

/** Members eligible under the policy for a decision people take: suspension, a concentrated contact effort, removal. */
export async function loadProposals(
  db: SqlRunner,
  policy: MobilePolicy,
  unitIds: readonly number[],
  today: LocalDate,
): Promise<Proposal[][]> {
  const s = statusSql(policy, '$2');
  const rows = await db.query<ProposalRow>(
    `SELECT t.id AS unit_id, r.id, ${s.status} AS status, (${s.longLost}) AS long_lost, (${s.suspendedLongEnough}) AS removable,
            coalesce(lc.last_reached, r.left_on)::text AS lost_since, ld.approved_on::text AS suspended_on,
            lc.last_attempt::text AS last_attempt
     FROM org_unit t JOIN mm_record r ON ${UNDER} ${s.joins}
     WHERE t.id = ANY($1::int[]) AND r.returned_on IS NULL
     ORDER BY t.id, r.id`,
    [unitIds, today],
  );
  const proposals: Proposal[] = [];
  for (const r of rows) {
    if (r.status === MobileStatus.LOST)
      proposals.push({ unitId: r.unit_id, recordId: r.id, kind: ProposalKind.SUSPEND, since: r.lost_since });
    // Seed 004: lost over three years, one concentrated contact effort — unless one was made in the last 90 days.
    const recentlyTried = r.last_attempt !== null && r.last_attempt >= plusDays(today, -90);
    const outOfContact = [MobileStatus.SEARCH_DUE, MobileStatus.LOST, MobileStatus.SUSPENDED].includes(r.status);
    if (outOfContact && r.long_lost && !recentlyTried) {
      proposals.push({
        unitId: r.unit_id,
        recordId: r.id,
        kind: ProposalKind.CONCENTRATED_CONTACT,
        since: r.lost_since,
      });
    }
    if (r.status === MobileStatus.SUSPENDED && r.removable)
      proposals.push({ unitId: r.unit_id, recordId: r.id, kind: ProposalKind.REMOVE, since: r.suspended_on });
  }
  return unitIds.map((id) => proposals.filter((p) => p.unitId === id));
}

/** A row of the statement below: a unit's figures (gp = 1), a province's (gc = 1) or a city's. */
interface MobileStatsRow {
  unit_id: number;
  province: string;
  city: string;
  gp: number;
  gc: number;
  away: number;
  lost: number;
  search_due: number;
  suspended: number;
  reached: number;
  report_overdue: number;
}

/**
 * Figures of many units in one statement, from the current-state tally (`mm_tally_now`) summed for
 * each unit and those above it as placed today; the policy's periods are applied to the rows' days here.
 * Destinations are ranked in JavaScript from the grouped rows.
 */
export async function loadMobileStats(
  db: SqlRunner,
  policy: MobilePolicy,
  unitIds: readonly number[],
  today: LocalDate,
  top: number,
): Promise<MobileStats[]> {
  const lostPeriod = periodElapsedSql('day', policy.lostAfterMonths, '$2');
  const rows = await db.query<MobileStatsRow>(
    `WITH s AS (
       SELECT t.id AS unit_id, a.measure, a.day, a.attempts, a.province, a.city, a.n
       FROM unnest($1::int[]) AS t(id) JOIN ${subtreeSums(NOW_ROLLUP)} a ON a.target = t.id)
     SELECT unit_id, province, city, GROUPING(province) AS gp, GROUPING(city) AS gc,
            coalesce(sum(n) FILTER (WHERE measure = 'AWAY'), 0)::int AS away,
            coalesce(sum(n) FILTER (WHERE measure = 'OUT' AND ${lostPeriod} AND attempts >= $3), 0)::int AS lost,
            coalesce(sum(n) FILTER (WHERE measure = 'OUT' AND ${lostPeriod} AND attempts < $3), 0)::int AS search_due,
            coalesce(sum(n) FILTER (WHERE measure = 'SUSPENDED'), 0)::int AS suspended,
            coalesce(sum(n) FILTER (WHERE measure = 'REACHED' AND day >= $2::date - 90 AND day <= $2::date), 0)::int AS reached,
            coalesce(sum(n) FILTER (WHERE measure = 'REPORTED' AND ${periodElapsedSql('day', policy.reportInEveryMonths, '$2')}), 0)::int AS report_overdue
     FROM s
     GROUP BY GROUPING SETS ((unit_id), (unit_id, province), (unit_id, province, city))`,
    [unitIds, today, policy.searchAttemptsBeforeLost],
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    const total = mine.find((r) => r.gp === 1) ?? {
      away: 0,
      lost: 0,
      search_due: 0,
      suspended: 0,
      reached: 0,
      report_overdue: 0,
    };
    const rank = (list: MobileStatsRow[], name: (r: MobileStatsRow) => string) =>
      list
        .filter((r) => r.away > 0)
        .sort((a, b) => b.away - a.away || name(a).localeCompare(name(b)))
        .slice(0, top)
        .map((r) => ({ place: name(r), away: r.away, share: share(r.away, total.away) }));
    return {
      asOf: today,
      away: total.away,
      lost: total.lost,
      lostShare: share(total.lost, total.away),
      searchDue: total.search_due,
      suspended: total.suspended,
      reachedLast90Days: total.reached,
      reportInsOverdue: total.report_overdue,
      byProvince: rank(
        mine.filter((r) => r.gp === 0 && r.gc === 1 && r.province !== ''),
        (r) => r.province,
      ),
      byCity: rank(
        mine.filter((r) => r.gc === 0 && r.city !== ''),
        (r) => `${r.province} ${r.city}`,
      ),
    };
  });
}

/** One unit's events of one month, summed from `mm_tally_month` (without the period's state). */
export type MonthCounts = Omit<MobileMonth, 'period'> & { start: LocalDate };

/**
 * Events of the months `starts` under many units in one statement: each month's roll-up row of the
 * unit, which counts every event under it as the tree was on the event's day.
 */
export async function loadMobileMonths(
  db: SqlRunner,
  unitIds: readonly number[],
  starts: readonly LocalDate[],
): Promise<MonthCounts[][]> {
  const rows = await db.query<MonthCounts & { unit_id: number }>(
    `SELECT u.id AS unit_id, m.start::text AS start,
            coalesce(sum(a.departures), 0)::int AS departures, coalesce(sum(a.returns), 0)::int AS returns,
            coalesce(sum(a.contacts), 0)::int AS contacts, coalesce(sum(a.reached), 0)::int AS "contactsReached",
            coalesce(sum(a.report_ins), 0)::int AS "reportIns", coalesce(sum(a.suspensions), 0)::int AS suspensions,
            coalesce(sum(a.restorations), 0)::int AS restorations, coalesce(sum(a.removals), 0)::int AS removals
     FROM unnest($1::int[]) AS u(id) CROSS JOIN unnest($2::date[]) AS m(start)
     LEFT JOIN ${subtreeSums(MONTHS_ROLLUP)} a ON a.target = u.id AND a.period = m.start
     GROUP BY u.id, m.start`,
    [unitIds, starts],
  );
  return unitIds.map((id) =>
    starts.map((start) => {
      const { unit_id: _, ...row } = rows.find((r) => r.unit_id === id && r.start === start)!;
      return row;
    }),
  );
}
