import { type LocalDate, share, type SqlRunner } from '#module-kit';
import type {
  PlanCompletion,
  PlanIssuingRate,
  PlanRateFigures,
  RateFigures,
  ReportingRate,
} from '../api/figures.types';
import type { WeeklyReportsPolicy } from './policy';
import { expectedIssuers, expectedReporters } from './reporters';
import { judgedAtSql, reportedSql } from './timeliness';
import { weekParams, type DueWeek } from './weeks';

interface Counts {
  expected: number;
  submitted: number;
  on_time: number;
  awaiting: number;
  returned: number;
}

function rate(c: Counts): RateFigures {
  return {
    expected: c.expected,
    submitted: c.submitted,
    onTime: c.on_time,
    late: c.submitted - c.on_time,
    missing: c.expected - c.submitted,
    awaitingReview: c.awaiting,
    returned: c.returned,
    submissionRate: share(c.submitted, c.expected),
    onTimeRate: share(c.on_time, c.expected),
  };
}

const NONE: Counts = { expected: 0, submitted: 0, on_time: 0, awaiting: 0, returned: 0 };

/** The weeks of a statement, with their due days and deadlines: `w(week, due, deadline)` from $2–$4. */
const WEEKS = `(SELECT * FROM unnest($2::date[], $3::date[], $4::timestamptz[]) AS x(week, due, deadline)) w`;

/**
 * Reporting rates of many units over a run of weeks, in one statement: expected reporters per week
 * from the tree as it was on the week's due day, their reports, GROUPING SETS for the total and the
 * weekly figures. Only weeks whose deadline has passed count: an open week has nothing missing yet.
 * A report counts while it is submitted or accepted; returned and not resubmitted, it is missing.
 */
export async function loadReportingRates(
  db: SqlRunner,
  policy: WeeklyReportsPolicy,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  o: { excludeTarget?: boolean } = {},
): Promise<ReportingRate[]> {
  return ratesByWeek(
    db,
    unitIds,
    weeks,
    range,
    {
      owed: expectedReporters(o),
      counts: [
        `count(*) FILTER (WHERE ${reportedSql()})::int AS submitted`,
        `count(*) FILTER (WHERE ${reportedSql()} AND ${judgedAtSql(policy)} < w.deadline)::int AS on_time`,
        `count(*) FILTER (WHERE wr.status = 'SUBMITTED')::int AS awaiting`,
        `count(*) FILTER (WHERE wr.status = 'DRAFT' AND wr.returned_at IS NOT NULL)::int AS returned`,
      ],
      record: 'LEFT JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week',
    },
    rate,
    NONE,
  );
}

/** Answers to plan items in the reported reports (submitted or accepted) of the expected reporters under each unit. */
export async function loadPlanCompletion(
  db: SqlRunner,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  o: { excludeTarget?: boolean } = {},
): Promise<PlanCompletion[]> {
  const { joins, where } = expectedReporters(o);
  const rows = await db.query<{ unit_id: number; answered: number; done: number; partly: number; not_done: number }>(
    `SELECT t.id AS unit_id, count(a.id)::int AS answered,
            count(*) FILTER (WHERE a.outcome = 'DONE')::int AS done,
            count(*) FILTER (WHERE a.outcome = 'PARTLY_DONE')::int AS partly,
            count(*) FILTER (WHERE a.outcome = 'NOT_DONE')::int AS not_done
     FROM unnest($1::int[]) AS t(id) CROSS JOIN ${WEEKS}
     ${joins}
     JOIN wr_weekly_report wr ON wr.unit_id = r.id AND wr.week = w.week AND ${reportedSql()}
     JOIN wr_report_answer a ON a.report_id = wr.id
     WHERE ${where}
     GROUP BY t.id`,
    [unitIds, ...weekParams(weeks)],
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

interface PlanCounts {
  expected: number;
  issued: number;
  on_time: number;
}

function planRate(c: PlanCounts): PlanRateFigures {
  return {
    expected: c.expected,
    issued: c.issued,
    onTime: c.on_time,
    late: c.issued - c.on_time,
    missing: c.expected - c.issued,
    issueRate: share(c.issued, c.expected),
    onTimeRate: share(c.on_time, c.expected),
  };
}

/**
 * Plan issuing rates (两下) of many units over a run of weeks, in one statement: the expected issuers
 * of each week from the tree as it was on the plan's due day, their plans, GROUPING SETS for the
 * total and the weekly figures. Only weeks whose plan deadline has passed count.
 */
export async function loadPlanIssuingRates(
  db: SqlRunner,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
): Promise<PlanIssuingRate[]> {
  return ratesByWeek(
    db,
    unitIds,
    weeks,
    range,
    {
      owed: expectedIssuers(),
      counts: [
        `count(*) FILTER (WHERE wp.status = 'ISSUED')::int AS issued`,
        `count(*) FILTER (WHERE wp.status = 'ISSUED' AND wp.issued_at < w.deadline)::int AS on_time`,
      ],
      record: 'LEFT JOIN wr_work_plan wp ON wp.unit_id = r.id AND wp.week = w.week',
    },
    planRate,
    { expected: 0, issued: 0, on_time: 0 },
  );
}

/** Figures `F` over a run of weeks, and week by week. */
type RunRate<F> = F & {
  from: LocalDate;
  to: LocalDate;
  weeks: number;
  byWeek: (F & { week: LocalDate; dueOn: LocalDate })[];
};

/**
 * Rates (reports or plans) of many units over a run of weeks, in one statement: the units that owe a
 * record each week (`owed`: joins and conditions yielding `r`), their records (`record`, a LEFT JOIN),
 * the `counts` besides `expected`, GROUPING SETS for the total and the weekly figures, each made into
 * figures by `figures` (`none`: the counts where nothing was expected).
 */
async function ratesByWeek<C, F>(
  db: SqlRunner,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  q: { owed: { joins: string; where: string }; counts: string[]; record: string },
  figures: (c: C) => F,
  none: C,
): Promise<RunRate<F>[]> {
  const rows = await db.query<C & { unit_id: number; week: LocalDate; g_week: number }>(
    `SELECT t.id AS unit_id, w.week::text AS week, GROUPING(w.week) AS g_week,
            count(*)::int AS expected,
            ${q.counts.join(',\n            ')}
     FROM unnest($1::int[]) AS t(id) CROSS JOIN ${WEEKS}
     ${q.owed.joins}
     ${q.record}
     WHERE ${q.owed.where}
     GROUP BY GROUPING SETS ((t.id), (t.id, w.week))
     ORDER BY t.id, w.week`,
    [unitIds, ...weekParams(weeks)],
  );
  const dueOn = new Map(weeks.map((w) => [w.week, w.day]));
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    return {
      from: range.from,
      to: range.to,
      weeks: weeks.length,
      ...figures(mine.find((r) => r.g_week === 1) ?? none),
      byWeek: mine
        .filter((r) => r.g_week === 0)
        .map((r) => ({ week: r.week, dueOn: dueOn.get(r.week)!, ...figures(r) })),
    };
  });
}
