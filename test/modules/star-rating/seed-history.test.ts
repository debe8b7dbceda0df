import { seedDemo } from '../../../src/demo/seed';
import { loadModules } from '../../../src/module-system/loader';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The benchmark's province runs each module's demo seed as of two years ago, one year ago, then today
 * (`seedDemo`'s `historyYears`): the star rating's seed repeats on top of what its earlier years wrote,
 * instead of the whole history of the module being dropped. `t.close()` checks every tally against a
 * recount of the facts.
 */
let t: TestApp;
afterAll(() => t?.close());

test('three years of demo history load, each year on top of the earlier ones', async () => {
  t = await createTestApp({ modules: loadModules(['star-rating']) });
  const { historyFailures } = await seedDemo(t.app, 'demo', 1, { historyYears: 3 });
  expect(historyFailures).toEqual([]);

  const year = Number(t.today.slice(0, 4));
  // Each year's seed scores its year before for the model star: every entry counts, being under the
  // scheme that applies to its subject that year (the county's own member scheme, once a year made one).
  const [{ elsewhere }] = await t.app.db.query(
    `SELECT count(*)::int AS elsewhere FROM sr_entry e JOIN sr_criterion c ON c.id = e.criterion_id
     JOIN sr_scheme s ON s.id = c.scheme_id JOIN org_unit u ON u.id = e.subject_unit_id
     WHERE s.id <> (SELECT sc.id FROM sr_scheme sc JOIN org_unit a ON a.id = sc.unit_id
                    WHERE sc.year = s.year AND sc.subject_type = s.subject_type AND u.path >= a.path AND u.path < a.path || '~'
                    ORDER BY a.depth DESC LIMIT 1)`,
  );
  expect(elsewhere).toBe(0);
  // What an earlier year left awaiting confirmation (its latest month) was confirmed before the
  // quarter's grades were fixed: only this year's latest month awaits it.
  const [pending] = await t.app.db.query(
    `SELECT count(*) FILTER (WHERE e.status = 'RECORDED' AND e.occurred_on < make_date($1, 1, 1))::int AS earlier_waiting,
            count(*) FILTER (WHERE e.confirmed_at IS NOT NULL) > 0 AS any_confirmed_later,
            count(*) FILTER (WHERE e.confirmed_at >= (SELECT min(f.fixed_at) FROM sr_quarter_fix f
              WHERE f.year = extract(year FROM e.occurred_on) AND f.quarter = extract(quarter FROM e.occurred_on)))::int AS after_fixing
     FROM sr_entry e`,
    [year],
  );
  expect(pending).toEqual({ earlier_waiting: 0, any_confirmed_later: true, after_fixing: 0 });
  // And the county confirms the same exemplary branch's model star each February, for the year before,
  // as the rule proposes it: five stars, no member vetoed, at least 60% of its members at four or more.
  const stars = await t.app.db.query(
    `SELECT year, confirmed_on::text, grade, vetoed_members, members_at_or_above >= 0.6 * members AS enough, subject_id
     FROM sr_model_star ORDER BY year`,
  );
  expect(stars.map(({ subject_id: _, ...s }: { subject_id: number }) => s)).toEqual(
    [year - 3, year - 2, year - 1].map((y) => ({
      year: y,
      confirmed_on: `${y + 1}-02-10`,
      grade: 5,
      vetoed_members: 0,
      enough: true,
    })),
  );
  expect(new Set(stars.map((s: { subject_id: number }) => s.subject_id)).size).toBe(1);
});
