import { mondayOf, plusDays } from '../../../modules/weekly-reports/services/weeks';
import { onBothSizes, reportFigure } from '../../support/helpers';
import { createTestApp } from '../../support/test-app';

/** Two databases seeded in one test (the larger one takes a while when the machine is busy). */
const SIZES_TIMEOUT = 180_000;

/**
 * The county's reporting rate for 12 weeks, and every township's, with plan completion; the same for
 * plans: the number of statements is bounded and the same on the demo county and on one three times
 * larger.
 */
const MAX_STATEMENTS = 10;

/** Plans (两下): the county's issuing rate and status list, and every township's, in one operation. */
const MAX_PLAN_STATEMENTS = 14;

test(
  'reportingRate and planIssuingRate over the county for 12 weeks: bounded statements, independent of the number of units; the demo exercises every rule',
  async () => {
    const { small, large } = await onBothSizes(async (t) => {
      const thisMonday = mondayOf(t.today);
      const range = { from: plusDays(thisMonday, -84), to: plusDays(thisMonday, -1) };
      const r = await t.execute(
        `query($from: Date!, $to: Date!) { orgUnit(code: "JB01") {
        reportingRate(from: $from, to: $to) { expected submitted onTime late returned awaitingReview byWeek { week dueOn expected submitted onTime } }
        children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 50) { nodes {
          reportingRate(from: $from, to: $to) { expected submissionRate onTimeRate }
          planCompletion(from: $from, to: $to) { doneShare }
        } }
      } }`,
        range,
      );
      // The demo switches the module off for one township: its fields answer MODULE_DISABLED, nothing else fails.
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      const p = await t.execute(
        `query($from: Date!, $to: Date!, $week: Date!) { orgUnit(code: "JB01") {
        planIssuingRate(from: $from, to: $to) { expected issued onTime late missing byWeek { week dueOn expected issued } }
        planIssuingStatus(week: $week, first: 100) { totalCount nodes { unit { name } timeliness plan { status issuedAt } } }
        children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 50) { nodes {
          planIssuingRate(from: $from, to: $to) { expected issueRate onTimeRate }
          planIssuingStatus(week: $week, timeliness: [MISSING, LATE], first: 20) { totalCount nodes { unit { name } timeliness } }
        } }
      } }`,
        { ...range, week: plusDays(thisMonday, -14) },
      );
      expect((p.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      const [{ nothing }] = await t.app.db.query(
        `SELECT count(*)::int AS nothing FROM wr_weekly_report WHERE no_work_reason IS NOT NULL AND status <> 'DRAFT'`,
      );
      const rate = r.data.orgUnit.reportingRate;
      const plans = p.data.orgUnit.planIssuingRate;
      return {
        sql: r.sql,
        planSql: p.sql,
        expected: rate.expected,
        plansExpected: plans.expected,
        weeks: rate.byWeek.length,
        planWeeks: plans.byWeek.length,
        rate,
        plans,
        nothing,
        statusNodes: p.data.orgUnit.planIssuingStatus.nodes.length,
      };
    });
    for (const size of [small, large]) {
      expect(size.weeks).toBe(12);
      expect(size.planWeeks).toBe(12);
      // Returned reports (some resubmitted late, some never), reports under review, late and missing plans,
      // reports saying "nothing this week", deadlines moved by the holidays (the demo is dated from 25 November 2026).
      expect(size.rate.returned).toBeGreaterThan(0);
      expect(size.rate.awaitingReview).toBeGreaterThan(0);
      expect(size.rate.late).toBeGreaterThan(0);
      expect(size.plans.late).toBeGreaterThan(0);
      expect(size.plans.missing).toBeGreaterThan(0);
      expect(size.nothing).toBeGreaterThan(0);
      expect(size.rate.byWeek.find((w: any) => w.week === '2026-09-28').dueOn).toBe('2026-09-30');
      expect(size.plans.byWeek.find((w: any) => w.week === '2026-10-05').dueOn).toBe('2026-09-30');
      expect(size.statusNodes).toBeGreaterThan(10);
    }
    expect(large.expected).toBeGreaterThan(small.expected * 2.5);
    expect(large.plansExpected).toBeGreaterThan(small.plansExpected * 2.5);
    expect(large.sql).toBe(small.sql);
    expect(large.planSql).toBe(small.planSql);
    expect(small.sql).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(small.planSql).toBeLessThanOrEqual(MAX_PLAN_STATEMENTS);
    reportFigure(
      'reportingRate, 12 weeks',
      `${small.sql} statements for ${small.expected} expected reports; ${large.sql} for ${large.expected}`,
    );
    reportFigure(
      'planIssuingRate + planIssuingStatus, 12 weeks',
      `${small.planSql} statements for ${small.plansExpected} expected plans; ${large.planSql} for ${large.plansExpected}`,
    );
  },
  SIZES_TIMEOUT,
);

test('the plan items of every report in a week cost the same few statements however many reports', async () => {
  const t = await createTestApp({ seed: 'demo' });
  try {
    const week = plusDays(mondayOf(t.today), -14);
    const q = (first: number) =>
      t.execute(
        `query($w: Date!, $f: Int!) { orgUnit(code: "JB01") { reportingStatus(week: $w, first: $f) { nodes { report { planItems { title } } } } } }`,
        { w: week, f: first },
      );
    const few = await q(5);
    const many = await q(100);
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    const items = (r: any) =>
      r.data.orgUnit.reportingStatus.nodes.flatMap((n: any) => n.report?.planItems ?? []).length;
    expect(items(many)).toBeGreaterThan(items(few) * 5);
    expect(many.sql).toBe(few.sql);
  } finally {
    await t.close();
  }
});
