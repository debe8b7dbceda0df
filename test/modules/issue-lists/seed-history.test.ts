import { plusDays } from '../../../src/calendar';
import { seedDemo } from '../../../src/demo/seed';
import { loadModules } from '../../../src/module-system/loader';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The benchmark's province runs each module's demo seed as of two years ago, one year ago, then today
 * (`seedDemo`'s `historyYears`): the issue lists' seed repeats on top of what its earlier years wrote,
 * instead of the whole history of the module being dropped. `t.close()` checks every tally against a
 * recount of the facts.
 */
let t: TestApp;
afterAll(() => t?.close());

test('three years of demo history load, each year on top of the earlier ones', async () => {
  t = await createTestApp({ modules: loadModules(['issue-lists']) });
  const { historyFailures } = await seedDemo(t.app, 'demo', 1, { historyYears: 3 });
  expect(historyFailures).toEqual([]);

  // Each year's issues are raised within 90 days of its day: before the cutoff are the earlier years'.
  // All of them were seen through to crossed off, on the day of their last step; the villages they
  // marked for key rectification were unmarked, not before their findings were closed. Today three are
  // under it, this year's.
  const [row] = await t.app.db.query(
    `WITH earlier AS (SELECT * FROM il_issue WHERE raised_on < $1::date)
     SELECT
       (SELECT count(*)::int FROM earlier) > 0 AS any_earlier,
       (SELECT count(*)::int FROM earlier WHERE status <> 'CLOSED' OR closed_at IS NULL OR resolved_at IS NULL
          OR responsible_unit_id IS NULL) AS earlier_unfinished,
       (SELECT count(*)::int FROM earlier i WHERE i.closed_at::date <> (SELECT max(e.at)::date FROM il_issue_event e
          WHERE e.issue_id = i.id)) AS earlier_steps_after_closing,
       (SELECT count(*)::int FROM earlier i WHERE i.closed_at::date IS DISTINCT FROM (SELECT max(e.at)::date
          FROM il_issue_event e WHERE e.issue_id = i.id AND e.kind = 'CLOSED')) AS closed_on_not_its_event,
       (SELECT count(*)::int FROM il_key_rectification WHERE marked_on < $1::date) > 0 AS any_earlier_mark,
       (SELECT count(*)::int FROM il_key_rectification WHERE unmarked_on IS NULL AND marked_on < $1::date) AS earlier_marks_open,
       (SELECT count(*)::int FROM il_key_rectification k WHERE k.unmarked_on < (SELECT max(i.closed_at)::date
          FROM il_issue i JOIN il_inspection s ON s.id = i.inspection_id
          WHERE s.unit_id = k.unit_id AND i.raised_on <= k.unmarked_on)) AS unmarked_before_findings_closed,
       (SELECT count(*)::int FROM il_key_rectification WHERE unmarked_on IS NULL) AS marked_now`,
    [plusDays(t.today, -200)],
  );
  expect(row).toEqual({
    any_earlier: true,
    earlier_unfinished: 0,
    earlier_steps_after_closing: 0,
    closed_on_not_its_event: 0,
    any_earlier_mark: true,
    earlier_marks_open: 0,
    unmarked_before_findings_closed: 0,
    marked_now: 3,
  });
});
