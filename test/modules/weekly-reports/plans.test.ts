import { plusDays } from '../../../modules/weekly-reports/services/weeks';
import { enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';
import { at, CREATE_PLAN, moveOn, ok, planAt, SWITCHED_ON, type County } from './reports';

/**
 * Issue 15, item 4: plans (两下) get the roll-up reports have. Expected issuers per week, from the
 * tree as it was on the plan's due day and the module switch: townships and subdistricts with a work
 * station under them, stations with a village or community under them. Issued on time (by the end of
 * Monday), late, or missing (no plan, or a draft never issued); per week and per unit.
 *
 * One county's history, written through the API at the instants it happened, read on 25 November 2026:
 *   W1: the township issues in the last second of Monday, station A in the first second of Tuesday,
 *       station B never makes a plan;
 *   W2: the township and station A on time; station B leaves its plan a draft;
 *   W3: village 3 moves from station B to station A on Monday, so station B owes no plan any more.
 * A second township without stations never owes a plan.
 */
const [W1, W2, W3, W4] = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'];
const tue = (w: string) => plusDays(w, 1);

let t: TestApp;
let tree: County;
let emptyTownship: string;

const RATE = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  planIssuingRate(from: $from, to: $to) { weeks expected issued onTime late missing issueRate onTimeRate
    byWeek { week dueOn expected issued onTime late missing } } } } }`;
const STATUS = `query($u: ID!, $w: Date!, $only: [ReportingTimeliness!]) { node(id: $u) { ... on OrgUnit {
  planIssuingStatus(week: $w, timeliness: $only) { totalCount nodes { unit { code } week timeliness plan { status late } } } } } }`;
const rate = async (u: string, from: string, to: string) => {
  const r = await t.execute(RATE, { u, from, to });
  expect(r.errors).toBeUndefined();
  return r.data.node.planIssuingRate;
};
const status = async (u: string, w: string, only?: string[]) => {
  const r = await t.execute(STATUS, { u, w, only });
  expect(r.errors).toBeUndefined();
  return r.data.node.planIssuingStatus;
};

beforeAll(async () => {
  t = await createTestApp({ now: W1 });
  tree = await smallCounty(t, 'PL');
  emptyTownship = await createUnit(t, {
    code: 'PLC-T2',
    name: '无站镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  await enableModule(t, tree.county, 'weekly-reports');
  await planAt(t, at(W1, '23:59:59'), tree.township, W1, [{ title: '召开支委会' }]);
  await planAt(t, at(tue(W1), '00:00:00'), tree.stationA, W1, [{ title: '入户走访' }]);
  await planAt(t, at(W2, '09:00:00'), tree.township, W2, [{ title: '召开支委会' }]);
  await planAt(t, at(W2, '10:00:00'), tree.stationA, W2, [{ title: '入户走访' }]);
  t.clock.set(at(W2, '11:00:00'));
  ok(
    await t.execute(CREATE_PLAN, {
      i: { unitId: tree.stationB, week: W2, items: [{ title: '草稿', category: 'OTHER' }] },
    }),
    'createWorkPlan',
  );
  await moveOn(t, tree.village3, tree.stationA, W3);
  await planAt(t, at(W3, '09:00:00'), tree.township, W3, [{ title: '召开支委会' }]);
  await planAt(t, at(W3, '10:00:00'), tree.stationA, W3, [{ title: '入户走访' }]);
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

test('a township: expected, issued, on time, late and missing plans, in total and week by week', async () => {
  expect(await rate(tree.township, W1, plusDays(W3, 6))).toEqual({
    weeks: 3,
    expected: 8,
    issued: 6,
    onTime: 5,
    late: 1,
    missing: 2,
    issueRate: 0.75,
    onTimeRate: 0.625,
    byWeek: [
      { week: W1, dueOn: W1, expected: 3, issued: 2, onTime: 1, late: 1, missing: 1 },
      { week: W2, dueOn: W2, expected: 3, issued: 2, onTime: 2, late: 0, missing: 1 },
      { week: W3, dueOn: W3, expected: 2, issued: 2, onTime: 2, late: 0, missing: 0 },
    ],
  });
  // The county counts the same plans: a township without stations owes none.
  expect(await rate(tree.county, W1, W3)).toMatchObject({ expected: 8, issued: 6, onTime: 5 });
  expect(await rate(emptyTownship, W1, W3)).toMatchObject({ weeks: 3, expected: 0, issueRate: null, byWeek: [] });
});

test('per unit, from the tree as it was: station B owed plans while it had a village, not after the move', async () => {
  expect(await rate(tree.stationA, W1, W3)).toMatchObject({ expected: 3, issued: 3, onTime: 2, late: 1, missing: 0 });
  const b = await rate(tree.stationB, W1, W3);
  expect(b).toMatchObject({ expected: 2, issued: 0, missing: 2 });
  expect(b.byWeek.map((w: any) => w.week)).toEqual([W1, W2]);
  // A village issues no plan.
  expect(await rate(tree.village1, W1, W3)).toMatchObject({ expected: 0 });
});

test('the status list: every expected issuer of a week in tree order, with its timeliness; filtered to who is missing', async () => {
  expect(await status(tree.township, W1)).toEqual({
    totalCount: 3,
    nodes: [
      { unit: { code: 'PLC-T1' }, week: W1, timeliness: 'ON_TIME', plan: { status: 'ISSUED', late: false } },
      { unit: { code: 'PLC-T1-S1' }, week: W1, timeliness: 'LATE', plan: { status: 'ISSUED', late: true } },
      { unit: { code: 'PLC-T1-S2' }, week: W1, timeliness: 'MISSING', plan: null },
    ],
  });
  expect(await status(tree.township, W2, ['MISSING'])).toEqual({
    totalCount: 1,
    nodes: [{ unit: { code: 'PLC-T1-S2' }, week: W2, timeliness: 'MISSING', plan: { status: 'DRAFT', late: true } }],
  });
  expect((await status(tree.township, W3)).nodes.map((n: any) => n.unit.code)).toEqual(['PLC-T1', 'PLC-T1-S1']);
});

test('an open week: until the end of Monday nothing is counted and every plan is pending; from Tuesday 00:00 the week counts', async () => {
  t.clock.set(at(W4, '23:59:59'));
  expect(await rate(tree.township, W4, W4)).toMatchObject({ weeks: 0, expected: 0, byWeek: [] });
  expect((await status(tree.township, W4)).nodes.map((n: any) => n.timeliness)).toEqual(['PENDING', 'PENDING']);
  await planAt(t, at(W4, '23:59:59'), tree.stationA, W4, [{ title: '入户走访' }]);
  t.clock.set(at(tue(W4), '00:00:00'));
  expect(await rate(tree.township, W4, W4)).toMatchObject({ weeks: 1, expected: 2, issued: 1, onTime: 1, missing: 1 });
  expect((await status(tree.township, W4)).nodes.map((n: any) => [n.unit.code, n.timeliness])).toEqual([
    ['PLC-T1', 'MISSING'],
    ['PLC-T1-S1', 'ON_TIME'],
  ]);
});

test('the module switch: a station switched off owes no plan; a township whose stations are all off owes none either', async () => {
  // Switches have a history (issue 16): a week counts by the switches of that week, so the county is
  // entered and the switches are set before W1 (the clock moved back), not today.
  t.clock.set(SWITCHED_ON);
  const other = await smallCounty(t, 'PM');
  await enableModule(t, other.county, 'weekly-reports');
  await enableModule(t, other.stationB, 'weekly-reports', false);
  t.clock.set(TEST_NOW);
  expect(await rate(other.township, W1, W1)).toMatchObject({ expected: 2, missing: 2 });
  expect((await status(other.township, W1)).nodes.map((n: any) => n.unit.code)).toEqual(['PMC-T1', 'PMC-T1-S1']);
  t.clock.set(plusDays(SWITCHED_ON, 1));
  await enableModule(t, other.stationA, 'weekly-reports', false);
  t.clock.set(TEST_NOW);
  expect(await rate(other.township, W1, W1)).toMatchObject({ expected: 0 });
});
