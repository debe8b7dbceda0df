import { mondayOf, plusDays } from '../../../modules/weekly-reports/services/weeks';
import { onBothSizes, reportFigure } from '../../support/helpers';
import { createTestApp } from '../../support/test-app';

/** Two databases seeded in one test (the larger one takes a while when the machine is busy). */
const SIZES_TIMEOUT = 180_000;

/**
 * The county's reporting rate for 12 weeks, and every township's, with plan completion: the number
 * of statements is bounded and the same on the demo county and on one three times larger.
 */
const MAX_STATEMENTS = 10;

test(
  'reportingRate over the county for 12 weeks: bounded statements, independent of the number of units',
  async () => {
    const { small, large } = await onBothSizes(async (t) => {
      const thisMonday = mondayOf(t.today);
      const r = await t.execute(
        `query($from: Date!, $to: Date!) { orgUnit(code: "JB01") {
        reportingRate(from: $from, to: $to) { expected submitted onTime byWeek { week expected submitted onTime } }
        children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 50) { nodes {
          reportingRate(from: $from, to: $to) { expected submissionRate onTimeRate }
          planCompletion(from: $from, to: $to) { doneShare }
        } }
      } }`,
        { from: plusDays(thisMonday, -84), to: plusDays(thisMonday, -1) },
      );
      // The demo switches the module off for one township: its fields answer MODULE_DISABLED, nothing else fails.
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return {
        sql: r.sql,
        expected: r.data.orgUnit.reportingRate.expected,
        weeks: r.data.orgUnit.reportingRate.byWeek.length,
      };
    });
    expect(small.weeks).toBe(12);
    expect(large.weeks).toBe(12);
    expect(large.expected).toBeGreaterThan(small.expected * 2.5);
    expect(large.sql).toBe(small.sql);
    expect(small.sql).toBeLessThanOrEqual(MAX_STATEMENTS);
    reportFigure(
      'reportingRate, 12 weeks',
      `${small.sql} statements for ${small.expected} expected reports; ${large.sql} for ${large.expected}`,
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
