import { plusDays } from '../../../modules/weekly-reports/services/weeks';
import { enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type ExecResult, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';
import {
  ACCEPT,
  ADD_ITEMS,
  at,
  CREATE_PLAN,
  CREATE_REPORT,
  countyWith,
  ISSUE_PLAN,
  ok,
  planAt,
  reportAt,
  RETURN,
  SAVE,
  startReport,
  SUBMIT,
  type County,
  type Exec,
} from './reports';

/**
 * Issue 16: weekly-report figures of closed weeks hold. Two weeks of history are written at the
 * instants they happened; on Wednesday 25 November 2026 (TEST_NOW) both weeks are closed (a week
 * closes on the Monday a week after it ends). Moving a village or switching the module today leaves
 * them as they were; every backdated write into them is refused PERIOD_CLOSED until an
 * administrator reopens them, and then the figures say so.
 */
const [W1, W2] = ['2026-11-02', '2026-11-09'];
const TODAY = TEST_NOW.slice(0, 10);
const fri = (week: string) => plusDays(week, 4);
const sat = (week: string) => plusDays(week, 5);

const FIGURES = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  reportingRate(from: $from, to: $to) { expected submitted onTime awaitingReview returned
    periods { start closed reopened }
    byWeek { week expected submitted onTime awaitingReview returned period { kind start closed closesOn reopened } } }
  planIssuingRate(from: $from, to: $to) { expected issued onTime byWeek { week expected issued onTime period { start closed reopened } } }
  planCompletion(from: $from, to: $to) { answered done partlyDone notDone periods { start closed } }
} } }`;

let t: TestApp;
let tree: County;
let staffA: Exec;
let v3Draft: string;
let v2Report: string;
let draftPlanB: string;

const codeIn = (r: ExecResult, field: string): string | undefined =>
  r.errors?.[0]?.extensions?.code ?? r.data?.[field]?.userErrors?.[0]?.code;

async function figuresOf(u: string) {
  const r = await t.execute(FIGURES, { u, from: W1, to: plusDays(W2, 6) });
  expect(r.errors).toBeUndefined();
  return r.data.node;
}

const levels = () => [tree.stationA, tree.stationB, tree.township, tree.county];
const snapshot = () => Promise.all(levels().map(figuresOf));

beforeAll(async () => {
  t = await createTestApp({ now: W1 });
  ({
    tree,
    as: { 'staff-a': staffA },
  } = await countyWith(t, 'H', 'staff-a'));
  // W1: station A and village 1 on time, village 2 late; village 3 leaves a draft; station B starts a
  // plan and never issues it.
  t.clock.set(at(W1, '09:00:00'));
  draftPlanB = ok(
    await t.execute(CREATE_PLAN, {
      i: { unitId: tree.stationB, week: W1, items: [{ title: 'x', category: 'OTHER' }] },
    }),
    'createWorkPlan',
  ).workPlan.id;
  await reportAt(t, at(fri(W1), '10:00:00'), tree.stationA, W1);
  await reportAt(t, at(fri(W1), '11:00:00'), tree.village1, W1);
  await reportAt(t, at(sat(W1), '08:00:00'), tree.village2, W1);
  v3Draft = await startReport(t, at(plusDays(W1, 2), '15:00:00'), tree.village3, W1);
  // W2: both stations issue plans; the villages answer them; village 2's report stays under review.
  const a = await planAt(t, at(W2, '11:00:00'), tree.stationA, W2, [{ title: 'a' }]);
  const b = await planAt(t, at(plusDays(W2, 1), '11:00:00'), tree.stationB, W2, [{ title: 'b' }]);
  await reportAt(t, at(fri(W2), '09:00:00'), tree.village1, W2, [{ itemId: a.a, outcome: 'DONE' }]);
  v2Report = await reportAt(t, at(fri(W2), '10:00:00'), tree.village2, W2, [{ itemId: a.a, outcome: 'PARTLY_DONE' }]);
  await reportAt(t, at(fri(W2), '11:00:00'), tree.village3, W2, [{ itemId: b.b, outcome: 'NOT_DONE' }]);
  await reportAt(t, at(fri(W2), '12:00:00'), tree.stationB, W2);
  t.clock.set(TEST_NOW);
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

test('the history: both weeks closed, counted as written', async () => {
  const township = await figuresOf(tree.township);
  expect(township.reportingRate).toMatchObject({ expected: 10, submitted: 7, onTime: 6, awaitingReview: 7 });
  expect(township.reportingRate.byWeek.map((w: any) => w.period)).toEqual([
    { kind: 'WEEK', start: W1, closed: true, closesOn: '2026-11-16', reopened: false },
    { kind: 'WEEK', start: W2, closed: true, closesOn: '2026-11-23', reopened: false },
  ]);
  expect(township.planIssuingRate).toMatchObject({ expected: 6, issued: 2, onTime: 1 });
  expect(township.planCompletion).toMatchObject({ answered: 3, done: 1, partlyDone: 1, notDone: 1 });
});

test('(a) a village moved today leaves every closed week as it was at station, township and county; a move dated into a closed week is refused', async () => {
  const before = await snapshot();
  t.clock.set(TEST_NOW);
  ok(
    await t.execute(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`, {
      i: { id: tree.village1, newParentId: tree.stationB, effectiveOn: TODAY },
    }),
    'moveOrgUnit',
  );
  expect(await snapshot()).toEqual(before);
  const back = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code field } } }`,
    { i: { id: tree.village3, newParentId: tree.stationA, effectiveOn: plusDays(W2, 1) } },
  );
  expect(codeIn(back, 'moveOrgUnit')).toBe('PERIOD_CLOSED');
  expect(await snapshot()).toEqual(before);
});

test('(b) switching the module off for the township today leaves the closed weeks; a switch dated into one is refused', async () => {
  const before = await snapshot();
  const SET = `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code field } } }`;
  ok(
    await t.execute(SET, {
      i: { unitId: tree.township, module: 'weekly-reports', enabled: false, effectiveOn: TODAY },
    }),
    'setModuleEnabled',
  );
  // Off today, the township's own fields answer MODULE_DISABLED; the county still counts its past weeks as they were.
  expect(await figuresOf(tree.county)).toEqual(before[3]);
  const past = await t.execute(SET, {
    i: { unitId: tree.stationA, module: 'weekly-reports', enabled: false, effectiveOn: W2 },
  });
  expect(codeIn(past, 'setModuleEnabled')).toBe('PERIOD_CLOSED');
  // Back on from today (the township's own setting removed: it inherits the county's again).
  ok(
    await t.execute(SET, { i: { unitId: tree.township, module: 'weekly-reports', enabled: null, effectiveOn: TODAY } }),
    'setModuleEnabled',
  );
  expect(await snapshot()).toEqual(before);
});

test('(c) every backdated write into a closed week is refused PERIOD_CLOSED; after reopening it is made and the figures say reopened', async () => {
  const before = await snapshot();
  const refused: [string, ExecResult][] = [
    ['createWeeklyReport', await t.execute(CREATE_REPORT, { i: { unitId: tree.stationB, week: W1 } })],
    [
      'saveWeeklyReport',
      await t.execute(SAVE, { i: { reportId: v3Draft, answers: [], otherWork: ['补报'], problems: [] } }),
    ],
    ['submitWeeklyReport', await t.execute(SUBMIT, { i: { reportId: v3Draft } })],
    ['returnWeeklyReport', await staffA(RETURN, { i: { reportId: v2Report, reason: '补充' } })],
    ['acceptWeeklyReport', await staffA(ACCEPT, { i: { reportId: v2Report } })],
    [
      'createWorkPlan',
      await t.execute(CREATE_PLAN, {
        i: { unitId: tree.township, week: W1, items: [{ title: 'y', category: 'OTHER' }] },
      }),
    ],
    [
      'addWorkPlanItems',
      await t.execute(ADD_ITEMS, { i: { planId: draftPlanB, items: [{ title: 'z', category: 'OTHER' }] } }),
    ],
    ['issueWorkPlan', await t.execute(ISSUE_PLAN, { i: { planId: draftPlanB } })],
  ];
  for (const [field, r] of refused) expect([field, codeIn(r, field)]).toEqual([field, 'PERIOD_CLOSED']);
  expect(await snapshot()).toEqual(before);

  ok(
    await t.execute(
      `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { reopenings { fromDay toDay } userErrors { code message } } }`,
      { i: { unitId: tree.township, module: 'weekly-reports', from: W1, reason: '补报第45周' } },
    ),
    'reopenPeriods',
  );
  ok(
    await t.execute(SAVE, { i: { reportId: v3Draft, answers: [], otherWork: ['补报'], problems: [] } }),
    'saveWeeklyReport',
  );
  ok(await t.execute(SUBMIT, { i: { reportId: v3Draft } }), 'submitWeeklyReport');
  ok(await staffA(ACCEPT, { i: { reportId: v2Report } }), 'acceptWeeklyReport');
  ok(await t.execute(ISSUE_PLAN, { i: { planId: draftPlanB } }), 'issueWorkPlan');

  const township = await figuresOf(tree.township);
  const [w1, w2] = township.reportingRate.byWeek;
  expect(w1).toMatchObject({ submitted: 4, onTime: 2 });
  expect(w1.period).toMatchObject({ start: W1, closed: true, reopened: true });
  expect(w2).toMatchObject({ submitted: 4, awaitingReview: 3 });
  expect(township.reportingRate.periods).toEqual([
    { start: W1, closed: true, reopened: true },
    { start: W2, closed: true, reopened: true },
  ]);
  expect(township.planIssuingRate.byWeek[0]).toMatchObject({ issued: 1, onTime: 0, period: { reopened: true } });
  // The county's figures hold the same counts, and know the weeks were reopened under it.
  const county = await figuresOf(tree.county);
  expect(county.reportingRate).toMatchObject({ submitted: 8 });
  expect(county.reportingRate.periods.every((p: any) => p.reopened)).toBe(true);
});

test('(d) 50 concurrent writers on one unit: 50 reports of one village, and the count is 50', async () => {
  // A county of its own, founded with the module on 50 weeks before the first week written.
  const FIRST = '2025-11-03';
  t.clock.set(at(FIRST, '09:00:00'));
  const k = await smallCounty(t, 'K');
  await enableModule(t, k.county, 'weekly-reports');
  t.clock.set(TEST_NOW);
  ok(
    await t.execute(`mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`, {
      i: { unitId: k.village1, module: 'weekly-reports', from: FIRST, reason: '补录一年的周报' },
    }),
    'reopenPeriods',
  );
  const weeks = Array.from({ length: 50 }, (_, i) => plusDays(FIRST, 7 * i));
  await Promise.all(
    weeks.map(async (week) => {
      const id = ok(await t.execute(CREATE_REPORT, { i: { unitId: k.village1, week } }), 'createWeeklyReport')
        .weeklyReport.id;
      ok(
        await t.execute(SAVE, { i: { reportId: id, answers: [], otherWork: ['走访'], problems: [] } }),
        'saveWeeklyReport',
      );
      ok(await t.execute(SUBMIT, { i: { reportId: id } }), 'submitWeeklyReport');
    }),
  );
  const r = await t.execute(FIGURES, { u: k.village1, from: FIRST, to: plusDays(weeks[49], 6) });
  expect(r.errors).toBeUndefined();
  expect(r.data.node.reportingRate).toMatchObject({ expected: 50, submitted: 50, onTime: 0, awaitingReview: 50 });
  const station = await t.execute(FIGURES, { u: k.stationA, from: FIRST, to: plusDays(weeks[49], 6) });
  expect(station.data.node.reportingRate).toMatchObject({ expected: 150, submitted: 50 });
  // t.close() then recounts every tally from the facts and compares it with the rows these writers kept.
});
