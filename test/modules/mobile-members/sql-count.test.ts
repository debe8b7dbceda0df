import { reportFigure } from '../../support/helpers';
import { createTestApp } from '../../support/test-app';

/**
 * What grows with the data: the figures of members away over the demo county and one three times its
 * size, in the same few statements. The demo is dated from the test's clock.
 */
test('mobileStats for the county and every township: bounded statements, independent of size', async () => {
  const measure = async (seed: 'demo' | 'demo-x3') => {
    const x = await createTestApp({ seed });
    try {
      const r =
        await x.execute(`{ orgUnit(code: "JB01") { mobileStats(top: 3) { away lost lostShare suspended reachedLast90Days reportInsOverdue byProvince { place away share } byCity { place away } }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { mobileStats { away lost } } } } }`);
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return { sql: r.sql, stats: r.data.orgUnit.mobileStats };
    } finally {
      await x.close();
    }
  };
  const small = await measure('demo');
  const large = await measure('demo-x3');
  expect(small.stats.away).toBeGreaterThan(50);
  expect(small.stats.byProvince[0].place).toBe('广东省');
  expect(small.stats.lost).toBeGreaterThan(0);
  expect(small.stats.suspended).toBe(1);
  expect(large.stats.away).toBeGreaterThan(small.stats.away * 2);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(8);
  reportFigure(
    'mobileStats',
    `${small.sql} statements for ${small.stats.away} members away; ${large.sql} for ${large.stats.away}`,
  );
  // Two demo databases with every module seeded and counted: slow on a busy 2-core machine.
}, 240_000);
