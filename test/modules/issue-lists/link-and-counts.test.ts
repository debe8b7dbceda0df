import path from 'node:path';
import { loadModules } from '../../../src/module-system/loader';
import { mondayOf } from '../../../modules/weekly-reports/services/weeks';
import { codeOf, enableModule } from '../../support/helpers';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

/** A draft report of village 1 this week with one problem found; returns the report's and the problem's ids. */
async function reportWithProblem(t: TestApp, village: string) {
  const week = mondayOf(t.today);
  const r = await t.execute(
    `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id } userErrors { message } } }`,
    { i: { unitId: village, week } },
  );
  expect(r.data.createWeeklyReport.userErrors).toEqual([]);
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
  expect(s.data.saveWeeklyReport.userErrors).toEqual([]);
  return { reportId, problemId: s.data.saveWeeklyReport.weeklyReport.problems[0].id };
}

/** A county of the test's own with both modules on. */
async function countyWithBoth(t: TestApp, prefix: string) {
  const tree = await smallCounty(t, prefix);
  for (const module of ['weekly-reports', 'issue-lists']) await enableModule(t, tree.county, module);
  return tree;
}

const RAISE = `mutation($p: ID!) { raiseIssueFromProblem(input: { problemId: $p }) { weeklyReport { id } userErrors { code field message } } }`;

describe('problems found in weekly reports become issues, linked both ways', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  test("the issue shows its report, the report's problem shows its issue; twice is a conflict", async () => {
    const tree = await countyWithBoth(t, 'LA');
    const { reportId, problemId } = await reportWithProblem(t, tree.village1);
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
      raisedAt: { code: 'LAC-V1' },
      origin: { id: reportId },
    });
    expect((await t.execute(RAISE, { p: problemId })).data.raiseIssueFromProblem.userErrors[0].code).toBe('CONFLICT');
  });

  test('with the issue list off for the unit: MODULE_DISABLED and nothing written', async () => {
    const tree = await countyWithBoth(t, 'LB');
    const { reportId, problemId } = await reportWithProblem(t, tree.village1);
    await enableModule(t, tree.village1, 'issue-lists', false);
    const r = await t.execute(RAISE, { p: problemId });
    expect(codeOf(r)).toBe('MODULE_DISABLED');
    // Nothing written: the problem has no issue, and switched back on, the issue list under the county is empty.
    const problems = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on WeeklyReport { problems { issue { __typename } } } } }`,
      { id: reportId },
    );
    expect(problems.data.node.problems).toEqual([{ issue: null }]);
    await enableModule(t, tree.village1, 'issue-lists', null);
    const list = await t.execute(`query($u: ID!) { issueList(under: $u) { totalCount } }`, { u: tree.county });
    expect(list.data.issueList.totalCount).toBe(0);
  });
});

test('without the issue-list module installed, weekly reports work alone and say so', async () => {
  const t = await createTestApp({
    modules: loadModules(['weekly-reports'], path.join(__dirname, '..', '..', '..', 'modules')),
  });
  try {
    const tree = await smallCounty(t);
    await enableModule(t, tree.county, 'weekly-reports');
    const { problemId } = await reportWithProblem(t, tree.village1);
    const r = await t.execute(RAISE, { p: problemId });
    expect(r.data.raiseIssueFromProblem.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: '本系统没有安装 issue-lists 模块',
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
