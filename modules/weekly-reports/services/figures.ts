import { type LocalDate, type RollupSpec, share, type SqlRunner, subtreeSums, targetPathsSql } from '#module-kit';
import type {
  PlanCompletion,
  PlanIssuingRate,
  PlanRateFigures,
  RateFigures,
  ReportingRate,
} from '../api/figures.types';
import type { WeeklyReportsPolicy } from './policy';
import { expectedIssuers } from './reporters';
import { PLANS_ROLLUP, REPORTS_ROLLUP, spanOnSql } from './tallies';
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
const WEEK_ROWS = `SELECT * FROM unnest($2::date[], $3::date[], $4::timestamptz[]) AS x(week, due, deadline)`;
const WEEKS = `(${WEEK_ROWS}) w`;

/**
 * Reporting rates of many units over a run of weeks, in one statement, from the tallies: expected
 * reporters per week (reporter spans valid on the week's due day under the unit as it was placed
 * that day), the counts of their reports summed over the same subtree, GROUPING SETS for the total
 * and the weekly figures. Only weeks whose deadline has passed count: an open week has nothing
 * missing yet. A report counts while it is submitted or accepted; returned and not resubmitted, it
 * is missing.
 */
export async function loadReportingRates(
  db: SqlRunner,
  policy: WeeklyReportsPolicy,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  o: { excludeTarget?: boolean } = {},
): Promise<ReportingRate[]> {
  const onTime = policy.timelinessJudgedOn === 'FIRST_SUBMISSION' ? 'first_on_time' : 'on_time';
  return ratesByWeek(
    db,
    unitIds,
    weeks,
    range,
    {
      expected: expectedReportersSql(o),
      tally: REPORTS_ROLLUP,
      excludeTarget: o.excludeTarget ?? false,
      counts: ['submitted', `${onTime} AS on_time`, 'awaiting', 'returned'],
    },
    rate,
    NONE,
  );
}

/**
 * Answers to plan items in the reported reports (submitted or accepted) of the expected reporters
 * under each unit, from the tallies.
 */
export async function loadPlanCompletion(
  db: SqlRunner,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  o: { excludeTarget?: boolean } = {},
): Promise<PlanCompletion[]> {
  const rows = await db.query<{ unit_id: number; answered: number; done: number; partly: number; not_done: number }>(
    `SELECT t.id AS unit_id, coalesce(sum(a.answered), 0)::int AS answered, coalesce(sum(a.done), 0)::int AS done,
            coalesce(sum(a.partly), 0)::int AS partly, coalesce(sum(a.not_done), 0)::int AS not_done
     FROM unnest($1::int[]) AS t(id) CROSS JOIN ${WEEKS}
     JOIN ${subtreeSums(REPORTS_ROLLUP, o)} a ON a.target = t.id AND a.period = w.week
     GROUP BY t.id`,
    [unitIds, ...weekParams(weeks)],
  );
  return unitIds.map((id) => {
    const r = rows.find((x) => x.unit_id === id) ?? { answered: 0, done: 0, partly: 0, not_done: 0 };
    return {
      unitId: id,
      from: range.from,
      to: range.to,
      weekStarts: weeks.map((w) => w.week),
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
    { expected: owedSql(expectedIssuers()), tally: PLANS_ROLLUP, excludeTarget: false, counts: ['issued', 'on_time'] },
    planRate,
    { expected: 0, issued: 0, on_time: 0 },
  );
}

/** Rows (target `id`, `week`, `expected`) of the units that owed a record, from joins and conditions yielding them. */
const owedSql = (owed: { joins: string; where: string }) => `
  SELECT t.id, w.week, count(*)::int AS expected
  FROM unnest($1::int[]) AS t(id) CROSS JOIN ${WEEKS}
  ${owed.joins}
  WHERE ${owed.where}
  GROUP BY t.id, w.week`;

/**
 * Rows (target `id`, `week`, `expected`) of the reporters owed each week under the targets: the reporter
 * spans under one of the target's paths of the run (a span valid on a due day lies there only if the
 * target was above it that day), each compared with every week only when it does not cover the whole
 * run — the others, nearly all, are counted once and given to every week. So a province costs its few
 * thousand spans once, not once a week.
 */
function expectedReportersSql({ excludeTarget = false } = {}): string {
  return `
  WITH w AS MATERIALIZED (${WEEK_ROWS}),
  run AS (SELECT min(due) AS first_due, max(due) AS last_due, min(week) AS first_week, max(week) AS last_week FROM w),
  s AS MATERIALIZED (
    SELECT t.id, p.period, p.valid_to, p.est, p.dis,
           (p.period <= run.first_due AND p.valid_to > run.last_due AND p.est <= run.first_week + 6 AND p.dis > run.last_week) AS whole
    FROM run CROSS JOIN unnest($1::int[]) AS t(id)
    CROSS JOIN LATERAL ${targetPathsSql('t.id', 'run.first_due', 'run.last_due')} tp
    CROSS JOIN LATERAL (
      SELECT p.period, p.valid_to, p.est, p.dis FROM wr_tally_span p
      WHERE p.path >= tp.path AND p.path < tp.path || '~' AND p.reporter = 1
        AND p.period <= run.last_due AND p.valid_to > run.first_due ${excludeTarget ? 'AND p.unit_id <> t.id' : ''}
      OFFSET 0) p), -- OFFSET 0: one index range per target, never a scan of every span per target
  whole AS (SELECT id, count(*) AS n FROM s WHERE whole GROUP BY id),
  partly AS MATERIALIZED (SELECT * FROM s WHERE NOT whole),
  part AS (
    SELECT s.id, w.week, count(*) AS n FROM partly s JOIN w ON ${spanOnSql('s', 'w.week', 'w.due')}
    GROUP BY 1, 2)
  SELECT t.id, w.week, (coalesce(wh.n, 0) + coalesce(pa.n, 0))::int AS expected
  FROM unnest($1::int[]) AS t(id) CROSS JOIN w
  LEFT JOIN whole wh ON wh.id = t.id LEFT JOIN part pa ON pa.id = t.id AND pa.week = w.week
  WHERE coalesce(wh.n, 0) + coalesce(pa.n, 0) > 0`;
}

/** Figures `F` over a run of weeks, and week by week. */
type RunRate<F> = F & {
  unitId: number;
  from: LocalDate;
  to: LocalDate;
  weeks: number;
  weekStarts: LocalDate[];
  byWeek: (F & { unitId: number; week: LocalDate; dueOn: LocalDate })[];
};

/**
 * Rates (reports or plans) of many units over a run of weeks, in one statement over the tallies:
 * the units that owed a record each week (`expected`: rows of target `id`, `week` and `expected`), the
 * `counts` of their records from the roll-up of `tally` kept for the target (as the tree was on the
 * due day), GROUPING SETS for the total and the weekly figures, each made into figures by `figures`
 * (`none`: the counts where nothing was expected).
 */
async function ratesByWeek<C, F>(
  db: SqlRunner,
  unitIds: readonly number[],
  weeks: DueWeek[],
  range: { from: LocalDate; to: LocalDate },
  q: { expected: string; tally: RollupSpec; excludeTarget: boolean; counts: string[] },
  figures: (c: C) => F,
  none: C,
): Promise<RunRate<F>[]> {
  const names = q.counts.map((c) => c.split(' AS ').pop()!);
  const rows = await db.query<C & { unit_id: number; week: LocalDate; g_week: number }>(
    `WITH e AS (${q.expected}), c AS (
       SELECT t.id, w.week, ${q.counts.map((c, i) => `sum(a.${c.split(' AS ')[0]})::int AS ${names[i]}`).join(', ')}
       FROM unnest($1::int[]) AS t(id) CROSS JOIN ${WEEKS}
       JOIN ${subtreeSums(q.tally, q)} a ON a.target = t.id AND a.period = w.week
       GROUP BY t.id, w.week
     )
     SELECT e.id AS unit_id, e.week::text AS week, GROUPING(e.week) AS g_week,
            sum(e.expected)::int AS expected,
            ${names.map((n) => `coalesce(sum(c.${n}), 0)::int AS ${n}`).join(', ')}
     FROM e LEFT JOIN c ON c.id = e.id AND c.week = e.week
     GROUP BY GROUPING SETS ((e.id), (e.id, e.week))
     ORDER BY e.id, e.week`,
    [unitIds, ...weekParams(weeks)],
  );
  const dueOn = new Map(weeks.map((w) => [w.week, w.day]));
  return unitIds.map((id) => {
    const mine = rows.filter((r) => r.unit_id === id);
    return {
      unitId: id,
      from: range.from,
      to: range.to,
      weeks: weeks.length,
      weekStarts: weeks.map((w) => w.week),
      ...figures(mine.find((r) => r.g_week === 1) ?? none),
      byWeek: mine
        .filter((r) => r.g_week === 0)
        .map((r) => ({ unitId: id, week: r.week, dueOn: dueOn.get(r.week)!, ...figures(r) })),
    };
  });
}
