import { plusDays, plusYears } from '../../../src/calendar';
import { seedDemo } from '../../../src/demo/seed';
import { loadModules } from '../../../src/module-system/loader';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The benchmark's province runs each module's demo seed as of two years ago, one year ago, then today
 * (`seedDemo`'s `historyYears`): the members-away seed repeats on top of what its earlier years wrote,
 * instead of the whole history of the module being dropped. `t.close()` checks every tally against a
 * recount of the facts.
 */
let t: TestApp;
afterAll(() => t?.close());

test('three years of demo history load, each year on top of the earlier ones', async () => {
  t = await createTestApp({ modules: loadModules(['mobile-members']) });
  const { historyFailures } = await seedDemo(t.app, 'demo', 1, { historyYears: 3 });
  expect(historyFailures).toEqual([]);

  const days = [plusYears(t.today, -2), plusYears(t.today, -1), t.today];
  // Each year's seed took its suspension (approved 50 days before its day) and sent its notice.
  const decisions = await t.app.db.query(`SELECT approved_on::text AS d FROM mm_decision ORDER BY approved_on`);
  expect(decisions.map((r: { d: string }) => r.d)).toEqual(days.map((d) => plusDays(d, -50)));
  const notices = await t.app.db.query(`SELECT published_on::text AS d FROM mm_notice ORDER BY published_on`);
  expect(notices.map((r: { d: string }) => r.d)).toEqual(days.map((d) => plusDays(d, -7)));

  // An earlier year's last record is its member back home 10 days before its day (others of that year
  // may have come back that day too): the records up to it are the earlier years'. All of them are
  // closed but the suspended, who stay away; a member back home leaves again only after the return.
  const [row] = await t.app.db.query(
    `WITH earlier AS (SELECT r.* FROM mm_record r WHERE r.id <= (SELECT max(id) FROM mm_record WHERE returned_on = $1::date))
     SELECT
       (SELECT count(*)::int FROM earlier) > 0 AS any_earlier,
       (SELECT count(*)::int FROM earlier e WHERE e.returned_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM mm_decision d WHERE d.record_id = e.id)) AS earlier_open,
       (SELECT count(*)::int FROM mm_record r JOIN mm_decision d ON d.record_id = r.id WHERE r.returned_on IS NULL) AS suspended_away,
       (SELECT count(*)::int FROM mm_record a JOIN mm_record b ON b.member_id = a.member_id AND b.id > a.id
          WHERE b.left_on <= coalesce(a.returned_on, 'infinity')) AS overlapping`,
    [plusDays(days[1], -10)],
  );
  expect(row).toEqual({ any_earlier: true, earlier_open: 0, suspended_away: 3, overlapping: 0 });
  // The mobile branch's two members from elsewhere are hosted once, since the earliest year.
  const outside = await t.app.db.query(`SELECT name, hosted_since::text FROM mm_outside_member ORDER BY id`);
  expect(outside).toEqual([
    { name: '覃志强', hosted_since: plusDays(days[0], -400) },
    { name: '韦丽萍', hosted_since: plusDays(days[0], -120) },
  ]);
});
