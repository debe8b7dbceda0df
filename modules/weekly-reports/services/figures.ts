import { type LocalDate, share, type SqlRunner } from '#module-kit';
import type { PlanCompletion, RateFigures, ReportingRate, WeekRate } from '../api/figures.types';
import type { WeeklyReportsPolicy } from './policy';
import { expectedReporters } from './reporters';
import { deadlineSql, type WeekRange } from './weeks';

function rate(expected: number, submitted: number, onTime: number): RateFigures {
  return {
    expected,
    submitted,
    onTime,
    late: submitted - onTime,
    missing: expected - submitted,
    submissionRate: share(submitted, expected),
    onTimeRate: share(onTime, expected),
  };
}

/**
 * Reporting rates of many units over a run of weeks, in one statement: expected reporters per week
 * from the tree as it was, their reports, GROUPING SETS for the total and the weekly figures.
 * Only weeks whose deadline has passed count: an open week has nothing missing yet.
 */
export async function loadReportingRates(
  db: SqlRunner,
  policy: WeeklyReportsPolicy,
  unitIds: readonly number[],
  range: WeekRange,
  o: { excludeTarget?: boolean } = {},
): Promise<ReportingRate[]> {
  const { joins, where } = expectedReporters(`${policy.reportDueWeekday - 1}`, o);
  const rows = await db.query<{
    unit_id: number;
    week: LocalDate;
    g_week: number;
    expected: number;
    submitted: number;
    on_time: number;
  }>(
    `WITH weeks AS (SELECT unnest($2::date[]) AS week)
     SELECT t.id AS unit_id, w.week::text AS week, GROUPING(w.week) AS g_week,
            count(*)::int AS expected,
            count(wr.first_submitted_at)::int AS submitted,
            count(*) FILTER (WHERE wr.first_submitted_at < ${deadlineSql('w.week', policy.reportDueWeekday)})::int AS on_time
     FROM unnest($1::int[]) AS t(id) CROSS JOIN weeks w
     ${joins}
     LEFT JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week
     WHERE ${where}
     GROUP BY GROUPING SETS ((t.id), (t.id, w.week))
     ORDER BY t.id, w.week`,
    [unitIds, range.closed],
  );
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    const total = mine.find((r) => r.g_week === 1);
    return {
      from: range.from,
      to: range.to,
      weeks: range.closed.length,
      ...rate(total?.expected ?? 0, total?.submitted ?? 0, total?.on_time ?? 0),
      byWeek: mine
        .filter((r) => r.g_week === 0)
        .map((r): WeekRate => ({ week: r.week, ...rate(r.expected, r.submitted, r.on_time) })),
    };
  });
}

/** Answers to plan items in the submitted reports of the expected reporters under each unit. */
export async function loadPlanCompletion(
  db: SqlRunner,
  policy: WeeklyReportsPolicy,
  unitIds: readonly number[],
  range: WeekRange,
  o: { excludeTarget?: boolean } = {},
): Promise<PlanCompletion[]> {
  const { joins, where } = expectedReporters(`${policy.reportDueWeekday - 1}`, o);
  const rows = await db.query<{ unit_id: number; answered: number; done: number; partly: number; not_done: number }>(
    `WITH weeks AS (SELECT unnest($2::date[]) AS week)
     SELECT t.id AS unit_id, count(a.id)::int AS answered,
            count(*) FILTER (WHERE a.outcome = 'DONE')::int AS done,
            count(*) FILTER (WHERE a.outcome = 'PARTLY_DONE')::int AS partly,
            count(*) FILTER (WHERE a.outcome = 'NOT_DONE')::int AS not_done
     FROM unnest($1::int[]) AS t(id) CROSS JOIN weeks w
     ${joins}
     JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week AND wr.first_submitted_at IS NOT NULL
     JOIN wr_report_answer a ON a.report_id = wr.id
     WHERE ${where}
     GROUP BY t.id`,
    [unitIds, range.begun],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.unit_id === id) ?? { answered: 0, done: 0, partly: 0, not_done: 0 };
    return {
      from: range.from,
      to: range.to,
      answered: r.answered,
      done: r.done,
      partlyDone: r.partly,
      notDone: r.not_done,
      doneShare: share(r.done, r.answered),
      partlyDoneShare: share(r.partly, r.answered),
      notDoneShare: share(r.not_done, r.answered),
    };
  });
}
