import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * Matters proposed in a range are read from two roll-ups: whole months from the month-keyed one, the days
 * before and after them from the day-keyed one (`daySums`). Whatever the range, the answer is the sum of
 * the villages' own tally rows in it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t.close());

const STATS = `query($f: Date!, $to: Date!) { orgUnit(code: "JB01") {
  villageMatterStats(from: $f, to: $to) { proposed completed rejected byCategory { category count } } } }`;

const RANGES: [string, string][] = [
  ['2025-11-25', '2026-11-25'], // a year, neither end on a month's edge
  ['2026-01-01', '2026-10-31'], // whole months only
  ['2026-03-01', '2026-03-31'], // one whole month
  ['2026-03-05', '2026-03-20'], // inside one month
  ['2026-02-15', '2026-03-10'], // across one month's end, no whole month
  ['2025-12-31', '2026-01-01'], // across a year's end
  ['2026-06-30', '2026-08-01'], // one whole month and a day either side
  ['2026-11-25', '2026-11-25'], // one day
];

test.each(RANGES)(
  'matters proposed from %s to %s: the roll-ups give what the villages’ rows give',
  async (from, to) => {
    const r = await t.execute(STATS, { f: from, to });
    expect(r.errors).toBeUndefined();
    const [want] = await t.app.db.query(
      `SELECT coalesce(sum(a.proposed), 0)::int AS proposed, coalesce(sum(a.completed), 0)::int AS completed,
            coalesce(sum(a.rejected), 0)::int AS rejected
     FROM va_tally_matter a JOIN org_unit c ON c.code = 'JB01'
     WHERE a.period BETWEEN $1::date AND $2::date AND a.path LIKE c.path || '%'`,
      [from, to],
    );
    const got = r.data.orgUnit.villageMatterStats;
    expect({ proposed: got.proposed, completed: got.completed, rejected: got.rejected }).toEqual(want);
    expect(got.byCategory.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(want.proposed);
  },
);

test('the year holds matters, so the comparison above is not between zeros', async () => {
  const r = await t.execute(STATS, { f: RANGES[0][0], to: RANGES[0][1] });
  expect(r.data.orgUnit.villageMatterStats.proposed).toBeGreaterThan(10);
});
