import { plusDays } from '../../../modules/weekly-reports/services/weeks';
import { codeOf, enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';
import { at, moveOn, planAt, RATE, reportAt, startReport, STATUS, type County } from './reports';

/**
 * Three closed weeks of one county, written through the API at the instants they happened (the
 * clock moves to each), then read on Wednesday 25 November 2026. The tests only read this history.
 */
const [W1, W2, W3] = ['2026-11-02', '2026-11-09', '2026-11-16'];
const fri = (week: string) => plusDays(week, 4);
const sat = (week: string) => plusDays(week, 5);

let t: TestApp;
let tree: County;

beforeAll(async () => {
  t = await createTestApp({ now: W1 });
  tree = await smallCounty(t, 'F');
  await enableModule(t, tree.county, 'weekly-reports');
  // W1: station A on time; village 1 in the last second of Friday, village 2 in the first second of
  // Saturday (late); village 3 and station B never report.
  await reportAt(t, at(fri(W1), '10:00:00'), tree.stationA, W1);
  await reportAt(t, at(fri(W1), '23:59:59'), tree.village1, W1);
  await reportAt(t, at(sat(W1), '00:00:00'), tree.village2, W1);
  // W2: village 2 moves from station A to station B on Monday; the stations issue their plans.
  await moveOn(t, tree.village2, tree.stationB, W2);
  const a = await planAt(t, at(W2, '11:00:00'), tree.stationA, W2, [{ title: 'a' }, { title: 'b' }]);
  const b = await planAt(t, at(W2, '11:00:00'), tree.stationB, W2, [{ title: 'c' }]);
  // Every village on time, answering every item of its station's plan (village 2 now answers station
  // B's), station B on time, station A late.
  await reportAt(t, at(fri(W2), '09:00:00'), tree.village1, W2, [
    { itemId: a.a, outcome: 'DONE' },
    { itemId: a.b, outcome: 'PARTLY_DONE' },
  ]);
  await reportAt(t, at(fri(W2), '09:00:00'), tree.village2, W2, [{ itemId: b.c, outcome: 'DONE' }]);
  await reportAt(t, at(fri(W2), '09:00:00'), tree.village3, W2, [{ itemId: b.c, outcome: 'NOT_DONE' }]);
  await reportAt(t, at(fri(W2), '18:00:00'), tree.stationB, W2);
  await reportAt(t, at(sat(W2), '09:00:00'), tree.stationA, W2);
  // W3: village 1 starts a draft and never submits it: missing, like the units that wrote nothing.
  await startReport(t, at(plusDays(W3, 2), '15:00:00'), tree.village1, W3);
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

test('reporting rate of a township: totals and week by week', async () => {
  const r = await t.execute(RATE, { u: tree.township, from: W1, to: plusDays(W3, 3) });
  expect(r.errors).toBeUndefined();
  expect(r.data.node.reportingRate).toEqual({
    weeks: 3,
    expected: 15,
    submitted: 8,
    onTime: 6,
    late: 2,
    missing: 7,
    awaitingReview: 8,
    returned: 0,
    submissionRate: 0.5333,
    onTimeRate: 0.4,
    byWeek: [
      { week: W1, dueOn: fri(W1), expected: 5, submitted: 3, onTime: 2, late: 1, missing: 2 },
      { week: W2, dueOn: fri(W2), expected: 5, submitted: 5, onTime: 4, late: 1, missing: 0 },
      { week: W3, dueOn: fri(W3), expected: 5, submitted: 0, onTime: 0, late: 0, missing: 5 },
    ],
  });
});

test('expected reporters follow the tree as it was: the moved village counts under station A before the move, B after', async () => {
  const a = (await t.execute(RATE, { u: tree.stationA, from: W1, to: W3 })).data.node.reportingRate;
  const b = (await t.execute(RATE, { u: tree.stationB, from: W1, to: W3 })).data.node.reportingRate;
  expect(a.byWeek.map((w: any) => w.expected)).toEqual([3, 2, 2]);
  expect(b.byWeek.map((w: any) => w.expected)).toEqual([2, 3, 3]);
  expect({ expected: a.expected, submitted: a.submitted, onTime: a.onTime }).toEqual({
    expected: 7,
    submitted: 5,
    onTime: 3,
  });
  expect({ expected: b.expected, submitted: b.submitted, onTime: b.onTime }).toEqual({
    expected: 8,
    submitted: 3,
    onTime: 3,
  });

  const before = await t.execute(STATUS, { u: tree.stationA, w: W1 });
  expect(before.data.node.reportingStatus.nodes).toEqual([
    { unit: { code: 'FC-T1-S1' }, timeliness: 'ON_TIME', report: { status: 'SUBMITTED' } },
    { unit: { code: 'FC-V1' }, timeliness: 'ON_TIME', report: { status: 'SUBMITTED' } },
    { unit: { code: 'FC-V2' }, timeliness: 'LATE', report: { status: 'SUBMITTED' } },
  ]);
  const after = await t.execute(STATUS, { u: tree.stationB, w: W2 });
  expect(after.data.node.reportingStatus.nodes.map((n: any) => n.unit.code)).toEqual(['FC-T1-S2', 'FC-V2', 'FC-V3']);
  const missing = await t.execute(STATUS, { u: tree.township, w: W3, only: ['MISSING'] });
  // In the tree order of that week: each station followed by its villages.
  expect(missing.data.node.reportingStatus.nodes).toEqual([
    { unit: { code: 'FC-T1-S1' }, timeliness: 'MISSING', report: null },
    { unit: { code: 'FC-V1' }, timeliness: 'MISSING', report: { status: 'DRAFT' } },
    { unit: { code: 'FC-T1-S2' }, timeliness: 'MISSING', report: null },
    { unit: { code: 'FC-V2' }, timeliness: 'MISSING', report: null },
    { unit: { code: 'FC-V3' }, timeliness: 'MISSING', report: null },
  ]);
});

test("the deadline is the end of Friday in the deployment's time zone: 23:59:59 is on time, 00:00:00 late", async () => {
  const q = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { weeklyReport(week: $w) { timeliness deadline firstSubmittedAt } } } }`;
  const v1 = (await t.execute(q, { u: tree.village1, w: W1 })).data.node.weeklyReport;
  const v2 = (await t.execute(q, { u: tree.village2, w: W1 })).data.node.weeklyReport;
  expect(new Date(v1.deadline).toISOString()).toBe(new Date(at(sat(W1), '00:00:00')).toISOString());
  expect(v1.timeliness).toBe('ON_TIME');
  expect(v1.firstSubmittedAt.toISOString()).toBe(new Date(at(fri(W1), '23:59:59')).toISOString());
  expect(v2.timeliness).toBe('LATE');
  expect(v2.firstSubmittedAt.toISOString()).toBe(new Date(at(sat(W1), '00:00:00')).toISOString());
});

test('plan completion: shares of the item answers in the submitted reports under a unit', async () => {
  const r = await t.execute(
    `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { planCompletion(from: $from, to: $to) { answered done partlyDone notDone doneShare } } } }`,
    { u: tree.township, from: W1, to: W3 },
  );
  // Four answers: village 1's two to station A, villages 2 and 3 one each to station B. (The raw rows this
  // test once inserted had village 2 submit without answering station B's item, which submitting refuses.)
  expect(r.data.node.planCompletion).toEqual({ answered: 4, done: 2, partlyDone: 1, notDone: 1, doneShare: 0.5 });
  // A station counts only the answers of the reports under it that week.
  const b = await t.execute(
    `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { planCompletion(from: $from, to: $to) { answered done notDone } } } }`,
    { u: tree.stationB, from: W1, to: W3 },
  );
  expect(b.data.node.planCompletion).toEqual({ answered: 2, done: 1, notDone: 1 });
});

test('bad ranges are refused', async () => {
  const back = await t.execute(RATE, { u: tree.township, from: W3, to: W1 });
  expect(codeOf(back)).toBe('BAD_USER_INPUT');
  expect(back.errors![0].message).toContain('from 不能晚于 to');
  const long = await t.execute(RATE, { u: tree.township, from: '2020-01-06', to: W3 });
  expect(codeOf(long)).toBe('BAD_USER_INPUT');
  expect(long.errors![0].message).toContain('一次最多查 106 周');
});
