import { todayOf } from '../../src/clock';
import { examples, mondayOf, refreshStoredExamples, tabsFor } from '../../src/ide/client/examples';
import { find, indexOf } from '../../src/ide/client/schema-search';
import { chartPlanOf, formatCell, sortRows, tablesOf } from '../../src/ide/client/tables';
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
  const dues = await run('duesCollection');
  expect(BigInt(dues.duesCollection.dueFen)).toBeGreaterThan(0n);
  expect(dues.duesArrears.length).toBeGreaterThan(0);
});

describe('the answer as a table and a chart', () => {
  const answer = async (field: string) => {
    const e = examples(today).find((x) => x.query.includes(field))!;
    const r = await (await t.as('analyst'))(e.query, e.variables);
    expect(r.errors).toBeUndefined();
    return tablesOf(t.schema, e.query, r.data);
  };

  it('a list of townships: Chinese headers, kinds in Chinese, shares as percentages, sortable', async () => {
    const tables = await answer('query CountyOverview');
    const townships = tables.find((x) => x.id === 'orgUnit.children.nodes')!;
    expect(townships.rows.length).toBeGreaterThan(5);
    const header = (label: string) => townships.columns.find((c) => c.label === label)!;
    expect(townships.columns.map((c) => c.label)).toEqual(expect.arrayContaining(['名称', '组织类别', '党员总数']));
    expect(formatCell(header('组织类别'), townships.rows[0][header('组织类别').key])).toMatch(/^[\u4e00-\u9fff]/);
    const old = header('60岁及以上占比');
    expect(formatCell(old, 0.339)).toBe('33.9%');
    const sorted = sortRows(townships.rows, header('党员总数'), 'desc').map((r) => r[header('党员总数').key] as number);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    expect(chartPlanOf(townships)).toMatchObject({ kind: 'bars', by: [{ label: '名称' }] });
    // The county itself: a table of one row.
    expect(tables.find((x) => x.id === 'orgUnit')!.rows).toHaveLength(1);
  });

  it('a figure by week is a line; two "按时" columns are told apart by their object', async () => {
    const tables = await answer('query WeeklyReporting');
    const weeks = tables.find((x) => x.id === 'orgUnit.reportingRate.byWeek')!;
    expect(weeks.rows).toHaveLength(12);
    expect(chartPlanOf(weeks)).toMatchObject({ kind: 'line', by: [{ label: '周' }] });
    expect(weeks.columns.find((c) => c.key === 'onTimeRate')).toMatchObject({ label: '按时上报率', kind: 'share' });
    const county = tables.find((x) => x.id === 'orgUnit')!;
    const labels = county.columns.map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('a figure by star grade is drawn as bars by grade', async () => {
    const tables = await answer('query Stars');
    const grades = tables.find((x) => x.id === 'orgUnit.starDistribution')!;
    expect(chartPlanOf(grades)).toMatchObject({ kind: 'bars', by: [{ label: '星级' }], values: [{ label: '数量' }] });
  });

  it('rows of nested lists name the item above them', async () => {
    const tables = await answer('query Drilldown');
    const members = tables.find((x) => x.id.endsWith('members.nodes'))!;
    expect(members.columns[0]).toMatchObject({ label: '所属' });
    expect(members.rows.length).toBeGreaterThan(10);
  });
});

it('finding in Chinese: 上报, 销号 and 失联 find their fields through the descriptions', () => {
  const index = indexOf(t.schema);
  const where = (text: string) => find(index, text).map((h) => h.where);
  expect(where('上报')).toContain('OrgUnit.reportingRate');
  expect(where('销号').slice(0, 3)).toContain('IssueStats.closed');
  expect(where('失联')).toEqual(expect.arrayContaining(['MobileStats.lost']));
  expect(where('onTimeRate')[0]).toMatch(/onTimeRate$/);
});

it("a returning visitor's example tabs get today's periods; edited ones are left alone", () => {
  const items = new Map<string, string>();
  const storage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
  const old = tabsFor('2026-09-01');
  const weekly = old.findIndex((tab) => tab.query.includes('query WeeklyReporting'));
  const edited = { ...old[weekly], query: `${old[weekly].query}# mine\n` };
  items.set('graphiql:tabState', JSON.stringify({ activeTabIndex: 0, tabs: [old[weekly], edited] }));
  refreshStoredExamples(storage, '2026-11-30');
  const tabs = JSON.parse(items.get('graphiql:tabState')!).tabs;
  expect(JSON.parse(tabs[0].variables)).toEqual({ from: '2026-09-07', to: '2026-11-29' });
  expect(tabs[1].variables).toBe(edited.variables);
});
