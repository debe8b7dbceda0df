import { onBothSizes, reportFigure } from '../../support/helpers';

/**
 * What grows with the data: the ranking and distributions over the demo county and one three times
 * its size, in the same few statements. The demo is dated from the test's clock.
 */
const TODAY = '2026-11-25';
const YEAR = 2026;
const LAST_YEAR = 2025;

test('ranking and distribution over the county: bounded statements, independent of size', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(
        `query($y: Int!) { orgUnit(code: "JB01") {
        starRanking(subjectType: MEMBER, year: $y, first: 20) { total entries { position score grade subject { id } } }
        starDistribution(subjectType: BRANCH, year: $y) { grade count }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { starDistribution(subjectType: MEMBER, year: $y) { grade count } } } } }`,
        { y: YEAR },
      );
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      // The demo's rules at work: the vetoed member, members without a score book, last year's model star.
      const d = await x.execute(
        `query($y: Int!, $last: Int!) { orgUnit(code: "JB01") {
        starRanking(subjectType: MEMBER, year: $y, first: 200) { notRated entries { grade vetoed } }
        modelStarCandidates(subjectType: BRANCH, year: $last) { position modelStar { id } }
        modelStars(year: $last) { position modelStar { grade reasons note } } } }`,
        { y: YEAR, last: LAST_YEAR },
      );
      expect(d.errors).toBeUndefined();
      return {
        sql: r.sql,
        total: r.data.orgUnit.starRanking.total,
        dist: r.data.orgUnit.starDistribution,
        demo: d.data.orgUnit,
      };
    },
    { now: TODAY },
  );
  expect(small.dist.reduce((n: number, d: any) => n + d.count, 0)).toBeGreaterThan(50);
  // Ranked by grade: never a lower grade above a higher one; the vetoed member is last of the 0★.
  const grades = small.demo.starRanking.entries.map((e: any) => e.grade);
  expect(grades).toEqual([...grades].sort((a, b) => b - a));
  expect(small.demo.starRanking.notRated).toBeGreaterThan(small.total / 2);
  // Last year: two branches proposed, one confirmed by the county.
  expect(small.demo.modelStarCandidates.map((c: any) => [c.position, !!c.modelStar])).toEqual([
    [1, true],
    [2, false],
  ]);
  expect(small.demo.modelStars).toEqual([
    { position: 1, modelStar: expect.objectContaining({ grade: 5, note: expect.stringContaining('示范星') }) },
  ]);
  expect(large.total).toBeGreaterThan(small.total * 2);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(10);
  reportFigure(
    'star ranking + distributions',
    `${small.sql} statements for ${small.total} members ranked; ${large.sql} for ${large.total}`,
  );
  // Two databases seeded (the larger one takes a while when the machine is busy).
}, 180_000);
