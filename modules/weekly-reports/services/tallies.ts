import type { EntityManager } from 'typeorm';
import {
  type LocalDate,
  type ModuleFigures,
  moduleEnabledSql,
  PeriodKind,
  type Policy,
  type RecountEnv,
  type RollupSpec,
} from '#module-kit';
import { Deadlines } from './calendar';
import { weeklyReportsPolicy } from './policy';

export const MODULE = 'weekly-reports';

/** The deadlines the recount judges on time by: the deployment's policy and time zone (memoised per policy). */
const deadlinesByPolicy = new WeakMap<Policy, Deadlines>();
function deadlinesFor({ policy, timeZone }: RecountEnv): Deadlines {
  let d = deadlinesByPolicy.get(policy);
  if (!d) deadlinesByPolicy.set(policy, (d = new Deadlines(weeklyReportsPolicy(policy), timeZone)));
  return d;
}

const sums = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, c]));

/** Reports' counts by week, summed for every unit above the reporters (subtree figures read one row a week). */
export const REPORTS_ROLLUP: RollupSpec = {
  tally: 'wr_tally_report',
  keys: ['period'],
  sums: sums([
    'submitted',
    'on_time',
    'first_on_time',
    'awaiting',
    'returned',
    'answered',
    'done',
    'partly',
    'not_done',
  ]),
};

/** Plans' counts by week, summed for every unit above the issuers. */
export const PLANS_ROLLUP: RollupSpec = { tally: 'wr_tally_plan', keys: ['period'], sums: sums(['issued', 'on_time']) };

/** SQL: a span `s` (of wr_tally_span) valid on the day `due` for the week `week`, its unit existing that week. */
export const spanOnSql = (s: string, week: string, due: string) =>
  `${s}.period <= ${due} AND ${s}.valid_to > ${due} AND ${s}.est <= ${week} + 6 AND ${s}.dis > ${week}`;

/**
 * SQL: the issuer span `s` has, on `due`, a reporter span under it (a station under a township, a
 * village under a station).
 */
export const hasReportersSql = (s: string, week: string, due: string) =>
  `EXISTS (SELECT 1 FROM wr_tally_span c WHERE c.parent_id = ${s}.unit_id AND c.reporter = 1 AND ${spanOnSql('c', week, due)})`;

/**
 * Spans: a unit of a reporting or issuing kind, over each placement, cut at every day a switch of
 * the module on it or a unit above it (along that placement's path) began or ended; kept where the
 * module was on for it at the piece's first day. Reporters: work stations, and village and community
 * branches placed directly under a work station. Issuers: townships, subdistricts, work stations.
 */
async function recountSpans(tx: EntityManager, units: readonly number[] | null): Promise<void> {
  await tx.query(`DELETE FROM wr_tally_span WHERE ($1::int[] IS NULL OR unit_id = ANY($1))`, [units]);
  await tx.query(
    `WITH pl AS (
       SELECT p.unit_id, p.path, p.parent_id, p.valid_from, coalesce(p.valid_to, 'infinity'::date) AS valid_to,
              coalesce(u.established_on, '-infinity'::date) AS est, coalesce(u.dissolved_on, 'infinity'::date) AS dis,
              (u.kind = 'WORK_STATION' OR (u.kind = 'BRANCH' AND u.sector IN ('RURAL', 'COMMUNITY') AND pu.kind = 'WORK_STATION'))::int AS reporter,
              (u.kind IN ('TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE', 'WORK_STATION'))::int AS issuer
       FROM org_unit_placement p
       JOIN org_unit u ON u.id = p.unit_id
       LEFT JOIN org_unit pu ON pu.id = p.parent_id
       WHERE ($1::int[] IS NULL OR p.unit_id = ANY($1))
         AND (u.kind IN ('TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE', 'WORK_STATION')
              OR (u.kind = 'BRANCH' AND u.sector IN ('RURAL', 'COMMUNITY') AND pu.kind = 'WORK_STATION'))
     ),
     cut AS (
       SELECT pl.unit_id, pl.valid_from, pl.valid_from AS day FROM pl
       UNION
       SELECT pl.unit_id, pl.valid_from, d.day
       FROM pl
       JOIN module_enablement e ON e.module = $2
         AND e.unit_id = ANY(string_to_array(trim(both '/' from pl.path), '/')::int[])
       CROSS JOIN LATERAL (VALUES (e.valid_from), (e.valid_to)) AS d(day)
       WHERE d.day > pl.valid_from AND d.day < pl.valid_to
     ),
     piece AS (
       SELECT pl.unit_id, c.day AS period, pl.path, pl.parent_id,
              coalesce(lead(c.day) OVER (PARTITION BY c.unit_id, c.valid_from ORDER BY c.day), pl.valid_to) AS valid_to,
              pl.est, pl.dis, pl.reporter, pl.issuer
       FROM cut c JOIN pl ON pl.unit_id = c.unit_id AND pl.valid_from = c.valid_from
     )
     INSERT INTO wr_tally_span (unit_id, period, path, parent_id, valid_to, est, dis, reporter, issuer)
     SELECT x.unit_id, x.period, x.path, x.parent_id, x.valid_to, x.est, x.dis, x.reporter, x.issuer
     FROM piece x
     WHERE ${moduleEnabledSql('x', MODULE, 'x.period')}`,
    [units, MODULE],
  );
}

/** The weeks (Mondays) with reports or plans of the units from `from` on, with their due days and deadlines. */
async function weeksOf(tx: EntityManager, table: string, units: readonly number[] | null, from: LocalDate | null) {
  const rows: { week: LocalDate }[] = await tx.query(
    `SELECT DISTINCT week::text AS week FROM ${table}
     WHERE ($1::int[] IS NULL OR unit_id = ANY($1)) AND ($2::date IS NULL OR week >= $2)`,
    [units, from],
  );
  return rows.map((r) => r.week);
}

/**
 * Reports: per expected reporter (a reporter span valid on the week's due day, after the calendar)
 * and week, its report: reported (submitted or accepted), on time against the week's deadline judged
 * on the latest submission (`on_time`) and on the first (`first_on_time`; policy picks which counts),
 * awaiting review, returned and not resubmitted, and the answers of a reported report by outcome.
 */
async function recountReports(
  tx: EntityManager,
  d: Deadlines,
  units: readonly number[] | null,
  from: LocalDate | null,
) {
  await tx.query(
    `DELETE FROM wr_tally_report WHERE ($1::int[] IS NULL OR unit_id = ANY($1)) AND ($2::date IS NULL OR period >= $2)`,
    [units, from],
  );
  const weeks = await weeksOf(tx, 'wr_weekly_report', units, from);
  if (!weeks.length) return;
  const due = weeks.map((w) => d.report(w));
  await tx.query(
    `INSERT INTO wr_tally_report (unit_id, period, path, submitted, on_time, first_on_time, awaiting, returned, answered, done, partly, not_done)
     SELECT wr.unit_id, wr.week, s.path,
            (wr.status IN ('SUBMITTED', 'ACCEPTED'))::int,
            (wr.status IN ('SUBMITTED', 'ACCEPTED') AND wr.submitted_at < w.deadline)::int,
            (wr.status IN ('SUBMITTED', 'ACCEPTED') AND wr.first_submitted_at < w.deadline)::int,
            (wr.status = 'SUBMITTED')::int,
            (wr.status = 'DRAFT' AND wr.returned_at IS NOT NULL)::int,
            coalesce(a.answered, 0), coalesce(a.done, 0), coalesce(a.partly, 0), coalesce(a.not_done, 0)
     FROM unnest($3::date[], $4::date[], $5::timestamptz[]) AS w(week, due, deadline)
     JOIN wr_weekly_report wr ON wr.week = w.week
     JOIN wr_tally_span s ON s.unit_id = wr.unit_id AND s.reporter = 1 AND ${spanOnSql('s', 'w.week', 'w.due')}
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS answered,
              count(*) FILTER (WHERE x.outcome = 'DONE')::int AS done,
              count(*) FILTER (WHERE x.outcome = 'PARTLY_DONE')::int AS partly,
              count(*) FILTER (WHERE x.outcome = 'NOT_DONE')::int AS not_done
       FROM wr_report_answer x WHERE x.report_id = wr.id AND wr.status IN ('SUBMITTED', 'ACCEPTED')
     ) a ON true
     WHERE ($1::int[] IS NULL OR wr.unit_id = ANY($1)) AND ($2::date IS NULL OR wr.week >= $2)`,
    [units, from, weeks, due.map((x) => x.day), due.map((x) => x.deadline)],
  );
}

/**
 * Plans: per expected issuer (an issuer span valid on the plan's due day, with reporters under it)
 * and week, its plan.
 */
async function recountPlans(tx: EntityManager, d: Deadlines, units: readonly number[] | null, from: LocalDate | null) {
  await tx.query(
    `DELETE FROM wr_tally_plan WHERE ($1::int[] IS NULL OR unit_id = ANY($1)) AND ($2::date IS NULL OR period >= $2)`,
    [units, from],
  );
  const weeks = await weeksOf(tx, 'wr_work_plan', units, from);
  if (!weeks.length) return;
  const due = weeks.map((w) => d.plan(w));
  await tx.query(
    `INSERT INTO wr_tally_plan (unit_id, period, path, issued, on_time)
     SELECT wp.unit_id, wp.week, s.path,
            (wp.status = 'ISSUED')::int, (wp.status = 'ISSUED' AND wp.issued_at < w.deadline)::int
     FROM unnest($3::date[], $4::date[], $5::timestamptz[]) AS w(week, due, deadline)
     JOIN wr_work_plan wp ON wp.week = w.week
     JOIN wr_tally_span s ON s.unit_id = wp.unit_id AND s.issuer = 1 AND ${spanOnSql('s', 'w.week', 'w.due')}
     WHERE ($1::int[] IS NULL OR wp.unit_id = ANY($1)) AND ($2::date IS NULL OR wp.week >= $2)
       AND ${hasReportersSql('s', 'w.week', 'w.due')}`,
    [units, from, weeks, due.map((x) => x.day), due.map((x) => x.deadline)],
  );
}

/**
 * The module's figures (docs/FIGURES.md): weeks, closing a week after the week ends (reports due
 * Friday, review and corrections the week after). `recount` is the one definition of the tallies.
 * Spans are recounted whole for the units (few rows a unit; a span may begin before `from`), then
 * the weekly rows from `from` on.
 */
export const weeklyReportFigures: ModuleFigures = {
  period: PeriodKind.WEEK,
  closeAfterDays: 7,
  tallies: ['wr_tally_span', 'wr_tally_report', 'wr_tally_plan'],
  rollups: [REPORTS_ROLLUP, PLANS_ROLLUP],
  async recount(tx, { units, from }, env) {
    await recountSpans(tx, units);
    const d = deadlinesFor(env);
    await recountReports(tx, d, units, from);
    await recountPlans(tx, d, units, from);
  },
};
