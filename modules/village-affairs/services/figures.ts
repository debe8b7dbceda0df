import { daySums, type LocalDate, share, type SqlRunner, subtreeSums, targetPathsSql } from '#module-kit';
import type { DisclosureCompliance, DueDisclosure, FeedbackFigures, MatterFigures } from '../api/types';
import { DueStatus, MatterCategory, MatterStep } from '../enums';
import { dueStatusSql, judgedDisclosures } from './compliance-sql';
import {
  closesOnSql,
  DISCLOSURES_ROLLUP,
  FEEDBACK_ROLLUP,
  MATTERS_BY_MONTH_ROLLUP,
  MATTERS_ROLLUP,
  scheduleParams,
} from './tallies';
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

/** The due periods of a range ($2 from, $3 to; $4–$6 the schedule): `due(category, period_end, due_on)`. */
const DUE = `schedule AS (SELECT * FROM unnest($4::text[], $5::int[], $6::int[]) AS s(category, months, within)),
     due AS MATERIALIZED (
       SELECT category, period_end, period_end + within AS due_on FROM (
         SELECT s.category, (ps + make_interval(months => s.months) - interval '1 day')::date AS period_end, s.within
         FROM schedule s, generate_series(date_trunc('year', $2::date), $3::date, interval '1 month') ps
         WHERE (extract(month FROM ps)::int - 1) % s.months = 0) d
       WHERE period_end BETWEEN $2::date AND $3::date)`;

/**
 * The villages that owed each due period of a range under the targets ($1): presence segments placed
 * under the target on the period's last day (`owed(target, village, path, category, period_end, due_on)`).
 */
const OWED = `owed AS MATERIALIZED (
       SELECT t.id AS target, s.unit_id AS village, s.path, d.category, d.period_end, d.due_on
       FROM unnest($1::int[]) AS t(id)
       JOIN LATERAL ${targetPathsSql('t.id', '$2::date', '$3::date')} tp ON true
       JOIN va_tally_presence s ON s.path >= tp.path AND s.path < tp.path || '~'
       JOIN due d ON s.period <= d.period_end AND s.until > d.period_end)`;

/**
 * Disclosure compliance of many units over a range, overall and by category, in one statement: for each
 * due period, the villages that owed it (presence segments placed under the unit on the period's last
 * day, counted once per period's end; a segment covering the whole range is counted once for all),
 * and the judgments of their disclosures from the roll-up kept for the unit (on time, late, partial,
 * recorded late); what is neither is missing, or not yet due.
 * "Not yet due" is judged on today, or on the day the period's month closed (`closeAfterDays` after
 * it), whichever came first: a closed month's figures do not move with the clock. How many villages
 * (and how many with a gap) are counted village by village, only when asked (`loadVillageCounts`).
 */
export async function loadCompliance(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  closeAfterDays: number,
): Promise<DisclosureCompliance[]> {
  const [codes, months, within] = scheduleParams(policy);
  const notYetDue = `d.due_on >= least($7::date, ${closesOnSql('d.period_end', '$8::int')})`;
  const rows = await db.query<DueCounts & { target: number; category: string; gc: number }>(
    `WITH ${DUE},
     ends AS MATERIALIZED (SELECT DISTINCT period_end FROM due),
     run AS (SELECT min(period_end) AS first_end, max(period_end) AS last_end FROM ends),
     present AS MATERIALIZED (
       SELECT t.id AS target, s.period, s.until, (s.period <= run.first_end AND s.until > run.last_end) AS whole
       FROM run CROSS JOIN unnest($1::int[]) AS t(id)
       CROSS JOIN LATERAL ${targetPathsSql('t.id', '$2::date', '$3::date')} tp
       CROSS JOIN LATERAL (
         SELECT s.period, s.until FROM va_tally_presence s WHERE s.path >= tp.path AND s.path < tp.path || '~'
           AND s.period <= run.last_end AND s.until > run.first_end
         OFFSET 0) s), -- OFFSET 0: one index range per target (flattened, it scanned every segment per target)
     partly AS MATERIALIZED (SELECT * FROM present WHERE NOT whole),
     owing AS (
       SELECT t.id AS target, e.period_end, (coalesce(wh.n, 0) + coalesce(pa.n, 0))::int AS villages
       FROM unnest($1::int[]) AS t(id) CROSS JOIN ends e
       LEFT JOIN (SELECT target, count(*) AS n FROM present WHERE whole GROUP BY 1) wh ON wh.target = t.id
       LEFT JOIN (
         SELECT p.target, e.period_end, count(*) AS n FROM partly p
         JOIN ends e ON p.period <= e.period_end AND p.until > e.period_end
         GROUP BY 1, 2) pa ON pa.target = t.id AND pa.period_end = e.period_end
       WHERE coalesce(wh.n, 0) + coalesce(pa.n, 0) > 0),
     judged AS (
       SELECT t.id AS target, j.category, j.period_end, sum(j.on_time)::int AS on_time, sum(j.late)::int AS late,
              sum(j.partial)::int AS partial, sum(j.recorded_late)::int AS recorded_late
       FROM unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(DISCLOSURES_ROLLUP)} j ON j.target = t.id
         AND j.period BETWEEN date_trunc('month', $2::date)::date AND $3::date AND j.period_end BETWEEN $2::date AND $3::date
       GROUP BY 1, 2, 3),
     counted AS (
       SELECT o.target, d.category, o.villages, coalesce(j.on_time, 0) AS on_time, coalesce(j.late, 0) AS late,
              coalesce(j.partial, 0) AS partial, coalesce(j.recorded_late, 0) AS recorded_late, ${notYetDue} AS waiting
       FROM due d JOIN owing o ON o.period_end = d.period_end
       LEFT JOIN judged j ON j.target = o.target AND j.category = d.category AND j.period_end = d.period_end)
     SELECT target, category, GROUPING(category) AS gc,
            sum(on_time)::int AS on_time, sum(late)::int AS late,
            sum(partial) FILTER (WHERE NOT waiting)::int AS partial,
            sum(villages - on_time - late - partial) FILTER (WHERE NOT waiting)::int AS missing,
            sum(villages - on_time - late) FILTER (WHERE waiting)::int AS not_yet_due,
            sum(recorded_late)::int AS recorded_late
     FROM counted GROUP BY GROUPING SETS ((target), (target, category))`,
    [unitIds, from, to, codes, months, within, today, closeAfterDays],
  );
  const counts0 = (r: DueCounts) =>
    counts({ ...r, partial: r.partial ?? 0, missing: r.missing ?? 0, not_yet_due: r.not_yet_due ?? 0 });
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.target === id);
    const total = mine.find((r) => r.gc === 1) ?? {
      on_time: 0,
      late: 0,
      partial: 0,
      missing: 0,
      not_yet_due: 0,
      recorded_late: 0,
    };
    return {
      unitId: id,
      from,
      to,
      ...counts0(total),
      byCategory: mine
        .filter((r) => r.gc === 0)
        .sort((a, b) => a.category.localeCompare(b.category))
        .map((r) => ({ category: r.category, title: policy.disclosures[r.category].title, ...counts0(r) })),
    };
  });
}

/**
 * How many villages under each unit owed a disclosure in the range, and how many of them have a missing
 * one (village by village: a count of distinct villages cannot be summed from the roll-ups).
 */
export async function loadVillageCounts(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  closeAfterDays: number,
): Promise<{ villages: number; villagesWithMissing: number }[]> {
  const [codes, months, within] = scheduleParams(policy);
  const rows = await db.query<{ target: number; villages: number; villages_missing: number }>(
    `WITH ${DUE}, ${OWED}
     SELECT o.target, count(DISTINCT o.village)::int AS villages,
            count(DISTINCT o.village) FILTER (WHERE coalesce(j.on_time, 0) = 0 AND coalesce(j.late, 0) = 0
              AND coalesce(j.partial, 0) = 0
              AND o.due_on < least($7::date, ${closesOnSql('o.period_end', '$8::int')}))::int AS villages_missing
     FROM owed o LEFT JOIN va_tally_disclosure j ON j.unit_id = o.village
       AND j.period = date_trunc('month', o.period_end)::date AND j.path = o.path
       AND j.category = o.category AND j.period_end = o.period_end
     GROUP BY o.target`,
    [unitIds, from, to, codes, months, within, today, closeAfterDays],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.target === id);
    return { villages: r?.villages ?? 0, villagesWithMissing: r?.villages_missing ?? 0 };
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
    `SELECT t.id AS target, a.category, a.stands, GROUPING(a.category) AS gc, GROUPING(a.stands) AS gs,
            sum(a.proposed)::int AS n, sum(a.amount_fen)::bigint AS amount,
            sum(a.completed)::int AS completed, sum(a.rejected)::int AS rejected, sum(a.reproposed)::int AS reproposed,
            sum(a.with_findings)::int AS with_findings, sum(a.with_void_meetings)::int AS with_void_meetings
     FROM unnest($1::int[]) AS t(id)
     CROSS JOIN LATERAL ${daySums(MATTERS_ROLLUP, MATTERS_BY_MONTH_ROLLUP, 't.id', '$2', '$3')} a
     GROUP BY GROUPING SETS ((t.id), (t.id, a.category), (t.id, a.stands))`,
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
      unitId: id,
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
 * reply is judged by), late, unanswered and overdue now (in a closed month: overdue when it closed).
 */
export async function loadFeedbackFigures(
  db: SqlRunner,
  policy: VillageAffairsPolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  closeAfterDays: number,
): Promise<FeedbackFigures[]> {
  const asOf = `least($4::date, ${closesOnSql('a.period', '$6::int')})`;
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
    `SELECT t.id AS target, sum(a.received)::int AS received, sum(a.by_villages)::int AS by_villages,
            sum(a.by_stations)::int AS by_stations, sum(a.passed_up)::int AS passed_up,
            sum(a.answered_by_collector)::int AS answered_by_collector, sum(a.answered_above)::int AS answered_above,
            sum(a.on_time)::int AS on_time, sum(a.late)::int AS late,
            coalesce(sum(a.unanswered) FILTER (WHERE a.period + $5::int < ${asOf}), 0)::int AS overdue,
            coalesce(sum(a.unanswered) FILTER (WHERE a.period + $5::int >= ${asOf}), 0)::int AS awaiting,
            sum(a.to_issues)::int AS to_issues, sum(a.reply_recorded_late)::int AS reply_recorded_late
     FROM unnest($1::int[]) AS t(id)
     JOIN ${subtreeSums(FEEDBACK_ROLLUP)} a ON a.target = t.id AND a.period BETWEEN $2::date AND $3::date
     GROUP BY t.id`,
    [unitIds, from, to, today, policy.feedbackReplyDays, closeAfterDays],
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
      unitId: id,
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
