import { decodeIntId } from '../../../src/graphql/global-id';
import { mondayOf, plusDays } from '../../../modules/weekly-reports/services/weeks';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let W1: string, W2: string, W3: string;
const id = (globalId: string) => decodeIntId(globalId, 'OrgUnit')!;

/** A report first submitted at a local time (the deployment is in Asia/Shanghai, +08:00). */
async function report(unit: string, week: string, submittedAt: string | null) {
  const [row] = await t.app.db.query(
    `INSERT INTO wr_weekly_report (unit_id, week, status, first_submitted_at, submitted_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [id(unit), week, submittedAt ? 'SUBMITTED' : 'DRAFT', submittedAt],
  );
  return row.id as number;
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  const thisMonday = mondayOf(t.today);
  [W1, W2, W3] = [plusDays(thisMonday, -21), plusDays(thisMonday, -14), plusDays(thisMonday, -7)];
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: true }) { userErrors { code } } }`,
    { u: tree.county },
  );
  // Village 2 moves from station A to station B at the start of W2.
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { message } } }`,
    { i: { id: tree.village2, newParentId: tree.stationB, effectiveOn: W2 } },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  const fri = (w: string, time: string) => `${plusDays(w, 4)}T${time}+08:00`;
  const sat = (w: string, time: string) => `${plusDays(w, 5)}T${time}+08:00`;
  // W1: village 1 on time at the last minute, village 2 late by a minute, station A on time; village 3 and station B missing.
  const v1w1 = await report(tree.village1, W1, fri(W1, '23:59:30'));
  await report(tree.village2, W1, sat(W1, '00:00:30'));
  await report(tree.stationA, W1, fri(W1, '10:00:00'));
  // W2: all villages on time, station A late, station B on time.
  const v1w2 = await report(tree.village1, W2, fri(W2, '09:00:00'));
  await report(tree.village2, W2, fri(W2, '09:00:00'));
  const v3w2 = await report(tree.village3, W2, fri(W2, '09:00:00'));
  await report(tree.stationA, W2, sat(W2, '09:00:00'));
  await report(tree.stationB, W2, fri(W2, '18:00:00'));
  // W3: a draft that was never submitted counts as missing.
  await report(tree.village1, W3, null);
  // Answers for plan completion: a station A plan with two items, answered by village 1; one by village 3 to station B.
  const [planA] = await t.app.db.query(
    `INSERT INTO wr_work_plan (unit_id, week, status, issued_at) VALUES ($1, $2, 'ISSUED', now()) RETURNING id`,
    [id(tree.stationA), W2],
  );
  const [planB] = await t.app.db.query(
    `INSERT INTO wr_work_plan (unit_id, week, status, issued_at) VALUES ($1, $2, 'ISSUED', now()) RETURNING id`,
    [id(tree.stationB), W2],
  );
  const items = await t.app.db.query(
    `INSERT INTO wr_plan_item (plan_id, position, title, category) VALUES ($1, 1, 'a', 'OTHER'), ($1, 2, 'b', 'OTHER'), ($2, 1, 'c', 'OTHER') RETURNING id`,
    [planA.id, planB.id],
  );
  await t.app.db.query(
    `INSERT INTO wr_report_answer (report_id, item_id, outcome) VALUES ($1, $3, 'DONE'), ($1, $4, 'PARTLY_DONE'), ($2, $5, 'NOT_DONE')`,
    [v1w2, v3w2, items[0].id, items[1].id, items[2].id],
  );
  void v1w1;
});
afterAll(() => t?.close());

const RATE = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  reportingRate(from: $from, to: $to) { weeks expected submitted onTime late missing submissionRate onTimeRate
    byWeek { week expected submitted onTime late missing } } } } }`;

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
    submissionRate: 0.5333,
    onTimeRate: 0.4,
    byWeek: [
      { week: W1, expected: 5, submitted: 3, onTime: 2, late: 1, missing: 2 },
      { week: W2, expected: 5, submitted: 5, onTime: 4, late: 1, missing: 0 },
      { week: W3, expected: 5, submitted: 0, onTime: 0, late: 0, missing: 5 },
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

  const STATUS = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { reportingStatus(week: $w) { totalCount nodes { unit { code } timeliness report { status } } } } } }`;
  const before = await t.execute(STATUS, { u: tree.stationA, w: W1 });
  expect(before.data.node.reportingStatus.nodes).toEqual([
    { unit: { code: 'TC-T1-S1' }, timeliness: 'ON_TIME', report: { status: 'SUBMITTED' } },
    { unit: { code: 'TC-V1' }, timeliness: 'ON_TIME', report: { status: 'SUBMITTED' } },
    { unit: { code: 'TC-V2' }, timeliness: 'LATE', report: { status: 'SUBMITTED' } },
  ]);
  const after = await t.execute(STATUS, { u: tree.stationB, w: W2 });
  expect(after.data.node.reportingStatus.nodes.map((n: any) => n.unit.code)).toEqual(['TC-T1-S2', 'TC-V2', 'TC-V3']);
  const missing = await t.execute(
    `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { reportingStatus(week: $w, timeliness: [MISSING]) { nodes { unit { code } report { status } } } } } }`,
    { u: tree.township, w: W3 },
  );
  // In the tree order of that week: each station followed by its villages.
  expect(missing.data.node.reportingStatus.nodes).toEqual([
    { unit: { code: 'TC-T1-S1' }, report: null },
    { unit: { code: 'TC-V1' }, report: { status: 'DRAFT' } },
    { unit: { code: 'TC-T1-S2' }, report: null },
    { unit: { code: 'TC-V2' }, report: null },
    { unit: { code: 'TC-V3' }, report: null },
  ]);
});

test("the deadline is the end of Friday in the deployment's time zone", async () => {
  const r = await t.execute(
    `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { weeklyReport(week: $w) { timeliness deadline } } } }`,
    { u: tree.village1, w: W1 },
  );
  expect(r.data.node.weeklyReport.timeliness).toBe('ON_TIME');
  expect(new Date(r.data.node.weeklyReport.deadline).toISOString()).toBe(
    new Date(`${plusDays(W1, 5)}T00:00:00+08:00`).toISOString(),
  );
});

test('plan completion: shares of the items answered under a unit', async () => {
  const r = await t.execute(
    `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { planCompletion(from: $from, to: $to) { answered done partlyDone notDone doneShare } } } }`,
    { u: tree.township, from: W1, to: W3 },
  );
  expect(r.data.node.planCompletion).toEqual({ answered: 3, done: 1, partlyDone: 1, notDone: 1, doneShare: 0.3333 });
});

test('bad ranges are refused', async () => {
  const back = await t.execute(RATE, { u: tree.township, from: W3, to: W1 });
  expect(back.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  const long = await t.execute(RATE, { u: tree.township, from: '2020-01-06', to: W3 });
  expect(back.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  expect(long.errors![0].message).toContain('at most');
});
