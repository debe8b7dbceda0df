import { type ListSql, type LocalDate, periodElapsedSql, plusDays, share, type SqlRunner } from '#module-kit';
import type { MobileStats } from '../api/types';
import { MobileStatus, ProposalKind } from '../enums';
import type { MobilePolicy } from './policy';
import { statusSql } from './status-sql';

/** Records whose member belongs (home branch) under the target, or who are hosted by a unit under it. */
const UNDER = `EXISTS (SELECT 1 FROM org_unit x WHERE x.id IN (r.home_unit_id, r.receiving_unit_id) AND x.path >= t.path AND x.path < t.path || '~')`;

export function recordsList(
  policy: MobilePolicy,
  unitIds: number[],
  today: LocalDate,
  statuses: MobileStatus[] | null | undefined,
): ListSql {
  const s = statusSql(policy, '$2');
  const params: unknown[] = [unitIds, today];
  const filter = statuses?.length ? `AND ${s.status} = ANY($${params.push(statuses)}::text[])` : '';
  return {
    partition: 't.id',
    id: 'r.id',
    sort: ['r.id'],
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
  /** Null on the unit's own row only. */
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

/** Figures of many units in one statement; destinations ranked in JavaScript from the grouped rows. */
export async function loadMobileStats(
  db: SqlRunner,
  policy: MobilePolicy,
  unitIds: readonly number[],
  today: LocalDate,
  top: number,
): Promise<MobileStats[]> {
  const s = statusSql(policy, '$2');
  const rows = await db.query<MobileStatsRow>(
    `WITH recs AS (
       SELECT t.id AS unit_id, r.province, coalesce(r.city, '') AS city, ${s.status} AS status, ${s.lastReached} AS last_reached,
              ${periodElapsedSql('coalesce((SELECT max(i.reported_on) FROM mm_report_in i WHERE i.record_id = r.id), r.left_on)', policy.reportInEveryMonths, '$2')} AS report_overdue
       FROM org_unit t JOIN mm_record r ON ${UNDER} ${s.joins}
       WHERE t.id = ANY($1::int[]) AND r.returned_on IS NULL)
     SELECT unit_id, province, city, GROUPING(province) AS gp, GROUPING(city) AS gc,
            count(*)::int AS away,
            count(*) FILTER (WHERE status = 'LOST')::int AS lost,
            count(*) FILTER (WHERE status = 'SEARCH_DUE')::int AS search_due,
            count(*) FILTER (WHERE status = 'SUSPENDED')::int AS suspended,
            count(*) FILTER (WHERE last_reached >= $2::date - 90)::int AS reached,
            count(*) FILTER (WHERE report_overdue AND status NOT IN ('REMOVED'))::int AS report_overdue
     FROM recs WHERE status <> 'REMOVED'
     GROUP BY GROUPING SETS ((unit_id), (unit_id, province), (unit_id, province, city))`,
    [unitIds, today],
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
        .sort((a, b) => b.away - a.away || name(a).localeCompare(name(b)))
        .slice(0, top)
        .map((r) => ({ place: name(r), away: r.away, share: share(r.away, total.away) }));
    return {
      away: total.away,
      lost: total.lost,
      lostShare: share(total.lost, total.away),
      searchDue: total.search_due,
      suspended: total.suspended,
      reachedLast90Days: total.reached,
      reportInsOverdue: total.report_overdue,
      byProvince: rank(
        mine.filter((r) => r.gp === 0 && r.gc === 1),
        (r) => r.province,
      ),
      byCity: rank(
        mine.filter((r) => r.gc === 0 && r.city !== ''),
        (r) => `${r.province} ${r.city}`,
      ),
    };
  });
}
