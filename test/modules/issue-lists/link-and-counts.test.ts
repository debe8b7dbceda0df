import path from 'node:path';
import { plusDays } from '../../../src/calendar';
import { loadModules } from '../../../src/module-system/loader';
import { mondayOf } from '../../../modules/weekly-reports/services/weeks';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;

/** A draft report of village 1 this week with one problem found; returns the problem's id. */
async function reportWithProblem(t: TestApp, tree: Awaited<ReturnType<typeof smallCounty>>) {
  const week = mondayOf(t.today);
  const r = await t.execute(
    `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id } userErrors { message } } }`,
    { i: { unitId: tree.village1, week } },
  );
  const reportId = r.data.createWeeklyReport.weeklyReport.id;
  const s = await t.execute(
    `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { weeklyReport { problems { id } } userErrors { message } } }`,
    {
      i: {
        reportId,
        answers: [],
        otherWork: [],
        problems: [{ text: '村道路灯损坏，群众夜间出行不便', category: 'GOVERNANCE' }],
      },
    },
  );
  return { reportId, problemId: s.data.saveWeeklyReport.weeklyReport.problems[0].id };
}

const RAISE = `mutation($p: ID!) { raiseIssueFromProblem(input: { problemId: $p }) { weeklyReport { id } userErrors { code field message } } }`;

describe('problems found in weekly reports become issues, linked both ways', () => {
  let t: TestApp;
  let tree: Awaited<ReturnType<typeof smallCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    tree = await smallCounty(t);
    for (const module of ['weekly-reports', 'issue-lists']) {
      await t.execute(
        `mutation($u: ID!, $m: String!) { setModuleEnabled(input: { unitId: $u, module: $m, enabled: true }) { userErrors { code } } }`,
        { u: tree.county, m: module },
      );
    }
  });
  afterAll(() => t?.close());

  test("the issue shows its report, the report's problem shows its issue; twice is a conflict", async () => {
    const { reportId, problemId } = await reportWithProblem(t, tree);
    const r = await t.execute(RAISE, { p: problemId });
    expect(r.data.raiseIssueFromProblem.userErrors).toEqual([]);
    const q = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on WeeklyReport { problems { text issue { __typename ... on Issue { title source category status raisedAt { code } origin { id } } } } } } }`,
      { id: reportId },
    );
    expect(q.data.node.problems[0].issue).toEqual({
      __typename: 'Issue',
      title: '村道路灯损坏，群众夜间出行不便',
      source: 'WEEKLY_REPORT',
      category: 'DISPUTE',
      status: 'OPEN',
      raisedAt: { code: 'TC-V1' },
      origin: { id: reportId },
    });
    expect((await t.execute(RAISE, { p: problemId })).data.raiseIssueFromProblem.userErrors[0].code).toBe('CONFLICT');
  });

  test('with the issue list off for the unit: MODULE_DISABLED and nothing written', async () => {
    await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "issue-lists", enabled: false }) { userErrors { code } } }`,
      { u: tree.village1 },
    );
    // A second problem on village 1's report (one report per unit and week).
    const [entry] = await t.app.db.query(
      `INSERT INTO wr_report_entry (report_id, kind, position, text) SELECT id, 'PROBLEM', 2, '另一个问题' FROM wr_weekly_report LIMIT 1 RETURNING id`,
    );
    const [{ n: before }] = await t.app.db.query('SELECT count(*)::int AS n FROM il_issue');
    const r = await t.execute(RAISE, { p: Buffer.from(`ReportProblem:${entry.id}`).toString('base64url') });
    expect(codeOf(r)).toBe('MODULE_DISABLED');
    expect((await t.app.db.query('SELECT count(*)::int AS n FROM il_issue'))[0].n).toBe(before);
  });
});

test('without the issue-list module installed, weekly reports work alone and say so', async () => {
  const t = await createTestApp({
    modules: loadModules(['weekly-reports'], path.join(__dirname, '..', '..', '..', 'modules')),
  });
  try {
    const tree = await smallCounty(t);
    await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: true }) { userErrors { code } } }`,
      { u: tree.county },
    );
    const { problemId } = await reportWithProblem(t, tree);
    const r = await t.execute(RAISE, { p: problemId });
    expect(r.data.raiseIssueFromProblem.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'the issue-lists module is not installed in this deployment',
    });
    // Its fields are not in the schema. (Its types may be: this test file imported the module for
    // the tests above, and type-graphql keeps every Node implementation it has seen; a real process
    // never imports a module that MODULES leaves out.)
    expect(t.schema.getQueryType()!.getFields().issueList).toBeUndefined();
    expect(t.schema.getMutationType()!.getFields().raiseIssue).toBeUndefined();
    expect(t.app.registry.names).toEqual(['weekly-reports']);
  } finally {
    await t.close();
  }
});

test('issueStats for every township of the county: bounded statements, independent of size', async () => {
  const measure = async (seed: 'demo' | 'demo-x3') => {
    const t = await createTestApp({ seed });
    try {
      const today = t.today;
      const r = await t.execute(
        `query($from: Date!, $to: Date!) { orgUnit(code: "JB01") {
        issueStats(from: $from, to: $to) { raised resolved closed overdueNow medianDaysToClose resolvedByLevel { level count share } }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { issueStats(from: $from, to: $to) { raised closed overdueNow } } } } }`,
        { from: plusDays(today, -90), to: today },
      );
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return {
        sql: r.sql,
        raised: r.data.orgUnit.issueStats.raised,
        levels: r.data.orgUnit.issueStats.resolvedByLevel,
      };
    } finally {
      await t.close();
    }
  };
  const small = await measure('demo');
  const large = await measure('demo-x3');
  expect(small.raised).toBeGreaterThan(100);
  expect(small.levels.find((l: any) => l.level === 'STATION_VILLAGE').count).toBeGreaterThan(
    small.levels.find((l: any) => l.level === 'TOWNSHIP').count,
  );
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(8);
  // eslint-disable-next-line no-console
  console.info(`issueStats: ${small.sql} statements (demo) and ${large.sql} (three times larger)`);
});
