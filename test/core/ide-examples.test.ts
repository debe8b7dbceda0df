import { todayOf } from '../../src/clock';
import { examples, mondayOf } from '../../src/ide/client/examples';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The IDE's example tabs are the first queries a county analyst runs: each must answer on the demo
 * county without an error, as the deployment administrator and as the county's analyst, over periods
 * counted back from the server's today that hold the demo data.
 */
let t: TestApp;
let today: string;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  today = todayOf(t.app.clock);
}, 180_000);
afterAll(() => t?.close());

const titles = examples('2026-11-30').map((e) => e.title);

describe.each(titles)('%s', (title) => {
  it('answers as the administrator and as the analyst, without errors', async () => {
    const e = examples(today).find((x) => x.title === title)!;
    const admin = await t.execute(e.query, e.variables);
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toBeTruthy();
    const analyst = await (await t.as('analyst'))(e.query, e.variables);
    expect(analyst.errors).toBeUndefined();
  });
});

it('every example opens with a Chinese title and the question it answers', () => {
  for (const e of examples(today)) {
    const [first, second] = e.query.split('\n');
    expect(first).toMatch(/^# [\u4e00-\u9fff]/);
    expect(second).toMatch(/^# .*[\u4e00-\u9fff].*？/);
  }
});

it('every module has an example, and its periods hold the demo data', async () => {
  const byField = (field: string) => examples(today).find((e) => e.query.includes(`${field}(`))!;
  const run = async (field: string) => {
    const e = byField(field);
    expect(e).toBeDefined();
    const r = await t.execute(e.query, e.variables);
    expect(r.errors).toBeUndefined();
    return (r.data as any).orgUnit;
  };
  // Weekly reports: twelve whole weeks from a Monday, every one of them with reports expected and sent.
  const weekly = byField('reportingRate').variables as { from: string; to: string };
  expect(mondayOf(weekly.from)).toBe(weekly.from);
  const weeks = (await run('reportingRate')).reportingRate.byWeek;
  expect(weeks).toHaveLength(12);
  for (const w of weeks) expect({ week: w.week, sent: w.submitted > 0 }).toEqual({ week: w.week, sent: true });
  expect((await run('issueStats')).issueStats.raised).toBeGreaterThan(0);
  const stars = (await run('starDistribution')).starDistribution;
  expect(stars.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBeGreaterThan(0);
  expect((await run('disclosureCompliance')).disclosureCompliance.due).toBeGreaterThan(0);
  const mobile = await run('mobileStats');
  expect(mobile.mobileStats.away).toBeGreaterThan(0);
  expect(mobile.mobileMonths.some((m: { departures: number }) => m.departures > 0)).toBe(true);
});
