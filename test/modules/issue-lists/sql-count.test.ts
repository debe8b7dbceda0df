import { plusDays } from '../../../src/calendar';
import { onBothSizes, reportFigure } from '../../support/helpers';

/**
 * What grows with the data: issue figures and inspection coverage over the demo county and one three
 * times its size, in the same few statements. The demo is dated from the test's clock.
 */

/** Two databases seeded in one test (the larger one takes a while when the machine is busy). */
const SIZES_TIMEOUT = 180_000;

test(
  'issueStats for every township of the county: bounded statements, independent of size',
  async () => {
    const { small, large } = await onBothSizes(async (t) => {
      const today = t.today;
      const r = await t.execute(
        `query($from: Date!, $to: Date!) { orgUnit(code: "JB01") {
        issueStats(from: $from, to: $to) { raised resolved closed awaitingConfirmation overdueNow medianDaysToClose resolvedByLevel { level closed awaitingConfirmation share } }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { issueStats(from: $from, to: $to) { raised closed overdueNow } } } } }`,
        { from: plusDays(today, -90), to: today },
      );
      // The demo switches the module off for one township: its fields answer MODULE_DISABLED, nothing else fails.
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      // Inspection coverage of the county and every township: one statement per level too.
      const c = await t.execute(
        `query($from: Date!, $to: Date!) { orgUnit(code: "JB01") {
        inspectionCoverage(from: $from, to: $to) { inspections townships townshipsInspected villages villagesInspected villagesUnderKeyRectification }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { inspectionCoverage(from: $from, to: $to) { villagesInspected } } } } }`,
        { from: plusDays(today, -90), to: today },
      );
      expect((c.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return {
        sql: r.sql,
        coverageSql: c.sql,
        coverage: c.data.orgUnit.inspectionCoverage,
        raised: r.data.orgUnit.issueStats.raised,
        levels: r.data.orgUnit.issueStats.resolvedByLevel,
        townships: r.data.orgUnit.children.nodes.length,
      };
    });
    const count = (levels: any[], level: string) => levels.find((l) => l.level === level).closed;
    expect(small.raised).toBeGreaterThan(100);
    // The larger county has three times the townships to count (its demo issues are the demo county's).
    expect(large.townships).toBeGreaterThan(small.townships * 2.5);
    expect(count(small.levels, 'STATION_VILLAGE')).toBeGreaterThan(count(small.levels, 'TOWNSHIP'));
    // The demo's issues escalated to the county and solved by its departments count at county level.
    expect(count(small.levels, 'COUNTY')).toBeGreaterThan(0);
    expect(small.levels.find((l: any) => l.level === 'COUNTY').awaitingConfirmation).toBeGreaterThan(0);
    // Its inspection round covers part of the villages of most townships; villages are under key rectification.
    expect(small.coverage.villagesInspected).toBeGreaterThan(10);
    expect(small.coverage.villagesInspected).toBeLessThan(small.coverage.villages);
    expect(small.coverage.townshipsInspected).toBeGreaterThan(small.coverage.townships / 2);
    expect(small.coverage.villagesUnderKeyRectification).toBe(3);
    expect(large.coverageSql).toBe(small.coverageSql);
    expect(small.coverageSql).toBeLessThanOrEqual(8);
    expect(large.sql).toBe(small.sql);
    expect(small.sql).toBeLessThanOrEqual(8);
    reportFigure('issueStats', `${small.sql} statements (demo) and ${large.sql} (three times larger)`);
  },
  SIZES_TIMEOUT,
);
