import { type LocalDate, share, type SqlRunner } from '#module-kit';
import type { DisclosureCompliance, DueDisclosure, FeedbackFigures, MatterFigures } from '../api/types';
import { DueStatus, MatterCategory, MatterStep } from '../enums';
import { dueStatusSql, judgedDisclosures } from './compliance-sql';
import type { VillageAffairsPolicy } from './policy';

/** Due disclosures by how they stand, as the statements below count them. */
interface DueCounts {
  on_time: number;
  late: number;
  partial: number;
  missing: number;
  not_yet_due: number;
  recorded_late: number;
}

const counts = (r: DueCounts) => {
  const due = r.on_time + r.late + r.partial + r.missing;
  return {
    due,
    onTime: r.on_time,
    late: r.late,
    partial: r.partial,
    missing: r.missing,
    notYetDue: r.not_yet_due,
    recordedLate: r.recorded_late,
    onTimeRate: share(r.on_time, due),
  };
};

/** Disclosure compliance of many units over a range, overall and by category, in one statement. */
export async function loadCompliance(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): Promise<DisclosureCompliance[]> {
  const { sql, params } = judgedDisclosures(policy, unitIds, from, to, today);
  const rows = await db.query<
    DueCounts & { target: number; category: string; gc: number; villages: number; villages_missing: number }
  >(
    `${sql}, statused AS (SELECT target, village, category, recorded_late, ${dueStatusSql} AS status FROM judged)
     SELECT target, category, GROUPING(category) AS gc,
            count(DISTINCT village)::int AS villages,
            count(*) FILTER (WHERE status = 'ON_TIME')::int AS on_time,
            count(*) FILTER (WHERE status = 'LATE')::int AS late,
            count(*) FILTER (WHERE status = 'PARTIAL')::int AS partial,
            count(*) FILTER (WHERE status = 'MISSING')::int AS missing,
            count(*) FILTER (WHERE status = 'NOT_YET_DUE')::int AS not_yet_due,
            count(*) FILTER (WHERE recorded_late AND status IN ('ON_TIME', 'LATE'))::int AS recorded_late,
            count(DISTINCT village) FILTER (WHERE status = 'MISSING')::int AS villages_missing
     FROM statused GROUP BY GROUPING SETS ((target), (target, category))`,
    params,
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.target === id);
    const total = mine.find((r) => r.gc === 1) ?? {
      villages: 0,
      on_time: 0,
      late: 0,
      partial: 0,
      missing: 0,
      not_yet_due: 0,
      recorded_late: 0,
      villages_missing: 0,
    };
    return {
      from,
      to,
      villages: total.villages,
      villagesWithMissing: total.villages_missing,
      ...counts(total),
      byCategory: mine
        .filter((r) => r.gc === 0)
        .sort((a, b) => a.category.localeCompare(b.category))
        .map((r) => ({ category: r.category, title: policy.disclosures[r.category].title, ...counts(r) })),
    };
  });
}

/** What a village owed in a range, each period with its status and the disclosure that met it. */
export async function loadDueDisclosures(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  villageIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  statuses: DueStatus[] | null,
): Promise<DueDisclosure[][]> {
  const { sql, params } = judgedDisclosures(policy, villageIds, from, to, today, [statuses]);
  const rows = await db.query<{
    target: number;
    category: string;
    period_start: LocalDate;
    period_end: LocalDate;
    due_on: LocalDate;
    published_on: LocalDate | null;
    judged_on: LocalDate | null;
    recorded_late: boolean;
    status: DueStatus;
  }>(
    `${sql}
     SELECT target, category, period_start::text, period_end::text, due_on::text, published_on::text, judged_on::text,
            recorded_late, ${dueStatusSql} AS status
     FROM judged WHERE village = target AND ($10::text[] IS NULL OR ${dueStatusSql} = ANY($10::text[]))
     ORDER BY target, period_end, category`,
    params,
  );
  return villageIds.map((id) =>
    rows
      .filter((r) => r.target === id)
      .map((r) => ({
        category: r.category,
        title: policy.disclosures[r.category].title,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        dueOn: r.due_on,
        publishedOn: r.published_on,
        judgedOn: r.judged_on,
        recordedLate: r.recorded_late,
        status: r.status,
      })),
  );
}

/** A row of the statement below: a unit's matters (gc = gs = 1), those of a category, or those at a step. */
interface MatterRow {
  target: number;
  category: MatterCategory;
  /** The next step, or the status of a matter with none left. */
  stands: string;
  gc: number;
  gs: number;
  n: number;
  /** A bigint: PostgreSQL sends it as text. */
  amount: string;
  completed: number;
  rejected: number;
  reproposed: number;
  with_findings: number;
  with_void_meetings: number;
}

/**
 * Matters proposed in a range under many units: by category, by where they stand, and how many went the
 * whole way.
 */
export async function loadMatterFigures(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
): Promise<MatterFigures[]> {
  const rows = await db.query<MatterRow>(
    `SELECT t.id AS target, m.category, coalesce(m.next_step, m.status) AS stands, GROUPING(m.category) AS gc, GROUPING(coalesce(m.next_step, m.status)) AS gs,
            count(*)::int AS n, coalesce(sum(m.amount_fen), 0)::bigint AS amount,
            count(*) FILTER (WHERE m.status = 'COMPLETED')::int AS completed,
            count(*) FILTER (WHERE m.status = 'REJECTED')::int AS rejected,
            count(*) FILTER (WHERE m.reproposal_of_id IS NOT NULL)::int AS reproposed,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM va_finding f WHERE f.matter_id = m.id))::int AS with_findings,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM va_step s WHERE s.matter_id = m.id AND s.outcome = 'NO_QUORUM'))::int AS with_void_meetings
     FROM org_unit t JOIN org_unit v ON v.path >= t.path AND v.path < t.path || '~' JOIN va_matter m ON m.unit_id = v.id
     WHERE t.id = ANY($1::int[]) AND m.proposed_on BETWEEN $2::date AND $3::date
     GROUP BY GROUPING SETS ((t.id), (t.id, m.category), (t.id, coalesce(m.next_step, m.status)))`,
    [unitIds, from, to],
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.target === id);
    const total = mine.find((r) => r.gc === 1 && r.gs === 1) ?? {
      n: 0,
      completed: 0,
      rejected: 0,
      reproposed: 0,
      with_findings: 0,
      with_void_meetings: 0,
      amount: 0,
    };
    return {
      from,
      to,
      proposed: total.n,
      completed: total.completed,
      rejected: total.rejected,
      inProgress: total.n - total.completed - total.rejected,
      reproposed: total.reproposed,
      withFindings: total.with_findings,
      withVoidMeetings: total.with_void_meetings,
      completedShare: share(total.completed, total.n),
      amountFen: Number(total.amount),
      byCategory: mine
        .filter((r) => r.gc === 0)
        .map((r) => ({ category: r.category as MatterCategory, count: r.n, amountFen: Number(r.amount) }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      awaiting: mine
        .filter((r) => r.gs === 0 && Object.values(MatterStep).includes(r.stands as MatterStep))
        .map((r) => ({ step: r.stands as MatterStep, count: r.n }))
        .sort((a, b) => Object.values(MatterStep).indexOf(a.step) - Object.values(MatterStep).indexOf(b.step)),
    };
  });
}

/**
 * Feedback received in a range under many units: who collected it (villages, work stations), what was
 * passed up and who answered (the collector, or the committee above), answered on time (by the day the
 * reply is judged by), late, unanswered and overdue now.
 */
export async function loadFeedbackFigures(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
): Promise<FeedbackFigures[]> {
  const late = `(f.reply_recorded_on > f.replied_on + $6::int)`;
  const replied = `(CASE WHEN $7::boolean AND ${late} THEN f.reply_recorded_on ELSE f.replied_on END)`;
  const rows = await db.query<{
    target: number;
    received: number;
    by_villages: number;
    by_stations: number;
    passed_up: number;
    answered_by_collector: number;
    answered_above: number;
    on_time: number;
    late: number;
    overdue: number;
    awaiting: number;
    to_issues: number;
    reply_recorded_late: number;
  }>(
    `SELECT t.id AS target, count(*)::int AS received,
            count(*) FILTER (WHERE v.kind = 'BRANCH')::int AS by_villages,
            count(*) FILTER (WHERE v.kind = 'WORK_STATION')::int AS by_stations,
            count(*) FILTER (WHERE f.passed_to_unit_id IS NOT NULL)::int AS passed_up,
            count(*) FILTER (WHERE f.answered_by_unit_id = f.unit_id)::int AS answered_by_collector,
            count(*) FILTER (WHERE f.answered_by_unit_id <> f.unit_id)::int AS answered_above,
            count(*) FILTER (WHERE ${replied} <= f.received_on + $5::int)::int AS on_time,
            count(*) FILTER (WHERE ${replied} > f.received_on + $5::int)::int AS late,
            count(*) FILTER (WHERE f.replied_on IS NULL AND f.received_on + $5::int < $4::date)::int AS overdue,
            count(*) FILTER (WHERE f.replied_on IS NULL AND f.received_on + $5::int >= $4::date)::int AS awaiting,
            count(*) FILTER (WHERE f.issue_ref IS NOT NULL)::int AS to_issues,
            count(*) FILTER (WHERE ${late})::int AS reply_recorded_late
     FROM org_unit t JOIN org_unit v ON v.path >= t.path AND v.path < t.path || '~' JOIN va_feedback f ON f.unit_id = v.id
     WHERE t.id = ANY($1::int[]) AND f.received_on BETWEEN $2::date AND $3::date
     GROUP BY t.id`,
    [
      unitIds,
      from,
      to,
      today,
      policy.feedbackReplyDays,
      policy.lateRecords.graceDays,
      policy.lateRecords.judgeBy === 'RECORDED',
    ],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.target === id) ?? {
      received: 0,
      by_villages: 0,
      by_stations: 0,
      passed_up: 0,
      answered_by_collector: 0,
      answered_above: 0,
      on_time: 0,
      late: 0,
      overdue: 0,
      awaiting: 0,
      to_issues: 0,
      reply_recorded_late: 0,
    };
    return {
      from,
      to,
      replyWithinDays: policy.feedbackReplyDays,
      received: r.received,
      collectedByVillages: r.by_villages,
      collectedByStations: r.by_stations,
      passedUp: r.passed_up,
      answeredByCollector: r.answered_by_collector,
      answeredAbove: r.answered_above,
      answeredOnTime: r.on_time,
      answeredLate: r.late,
      unansweredOverdue: r.overdue,
      awaitingReply: r.awaiting,
      raisedAsIssues: r.to_issues,
      replyRecordedLate: r.reply_recorded_late,
      answeredOnTimeRate: share(r.on_time, r.on_time + r.late + r.overdue),
    };
  });
}
