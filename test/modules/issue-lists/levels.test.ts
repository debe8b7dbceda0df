import { Role } from '../../../src/auth/roles';
import { accountWith, codeOf } from '../../support/helpers';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit } from '../../support/tree';
import { ASSIGN, CLOSE, countyWith, DEESCALATE, ESCALATE, ok, raise, RESOLVE, START, STATS, type Exec } from './issues';

/**
 * Issue 15, item 6: an issue counts at the level of the list it was solved on (市-县-镇-站(村)), the
 * nearest city, county, township, station or village at or above the solving unit as the tree was
 * that day, not at the solving unit's kind; crossed off and awaiting confirmation are counted apart.
 * And who may cross off (销号) an issue solved above the village. Each test has a city of its own.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-24' });
});
afterAll(() => t?.close());

const LEVELS = `query($id: ID!) { node(id: $id) { ... on Issue { status level resolvedLevel } } }`;

/** A city → county → township → stations → villages, a county department's branch and the township's agency branch. */
async function linkage(prefix: string) {
  const l = await countyWith(t, prefix, { city: true }, 'sec-v1', 'sec-v2', 'staff-a', 'township', 'county', 'city');
  const department = await createUnit(t, {
    code: `${prefix}C-A1`,
    name: '县农业农村局党支部',
    kind: 'BRANCH',
    sector: 'GOVERNMENT_AGENCY',
    parentId: l.tree.county,
    establishedOn: '2000-01-01',
  });
  const office = await createUnit(t, {
    code: `${prefix}C-T1-J`,
    name: '测试镇机关党支部',
    kind: 'BRANCH',
    sector: 'GOVERNMENT_AGENCY',
    parentId: l.tree.township,
    establishedOn: '2000-01-01',
  });
  await accountWith(t, `${prefix.toLowerCase()}-department`, Role.SECRETARY, department);
  await accountWith(t, `${prefix.toLowerCase()}-office`, Role.SECRETARY, office);
  await accountWith(t, `${prefix.toLowerCase()}-city2`, Role.SECRETARY, l.tree.city!);
  return {
    ...l,
    department,
    office,
    asDepartment: await t.as(`${prefix.toLowerCase()}-department`),
    asOffice: await t.as(`${prefix.toLowerCase()}-office`),
    asCity2: await t.as(`${prefix.toLowerCase()}-city2`),
  };
}
type Linkage = Awaited<ReturnType<typeof linkage>>;

/** Raised by village 1, handed up one level at a time by `hands` (village first), then down to `down` if given. */
async function handed(l: Linkage, hands: Exec[], down?: { by: Exec; to: string }, title = '跨村道路修缮') {
  const issue = await raise(l.as['sec-v1'], { title, category: 'INFRASTRUCTURE', raisedUnitId: l.tree.village1 });
  for (const by of hands) ok(await by(ESCALATE, { i: { issueId: issue.id, reason: '本级无法解决' } }), 'escalateIssue');
  if (down)
    ok(
      await down.by(DEESCALATE, { i: { issueId: issue.id, toUnitId: down.to, reason: '由其牵头' } }),
      'deescalateIssue',
    );
  return issue.id as string;
}

async function solve(by: Exec, id: string) {
  ok(await by(ASSIGN, { i: { issueId: id, responsiblePerson: '牵头人' } }), 'assignIssue');
  ok(await by(START, { i: { issueId: id } }), 'startIssue');
  return ok(await by(RESOLVE, { i: { issueId: id } }), 'resolveIssue').issue;
}

const byLevel = (s: any) =>
  Object.fromEntries(s.resolvedByLevel.map((b: any) => [b.level, [b.closed, b.awaitingConfirmation]]));

test("an issue escalated to the county and solved by a county department's branch counts at county level, not village level", async () => {
  t.clock.set('2026-11-24T09:00:00+08:00');
  const l = await linkage('LA');
  const { as } = l;
  const id = await handed(l, [as['sec-v1'], as['staff-a'], as.township], { by: as.county, to: l.department });
  // The branch works on the county's list: its level is the county's, whatever its kind.
  expect((await t.execute(LEVELS, { id })).data.node).toEqual({ status: 'OPEN', level: 'COUNTY', resolvedLevel: null });
  await solve(l.asDepartment, id);
  expect((await t.execute(LEVELS, { id })).data.node).toEqual({
    status: 'RESOLVED',
    level: 'COUNTY',
    resolvedLevel: 'COUNTY',
  });
  const day = { from: '2026-11-24', to: '2026-11-24' };
  let s = (await as.county(STATS, { u: l.tree.county, ...day })).data.node.issueStats;
  expect(s).toMatchObject({ resolved: 1, closed: 0, awaitingConfirmation: 1 });
  expect(byLevel(s)).toEqual({ STATION_VILLAGE: [0, 0], TOWNSHIP: [0, 0], COUNTY: [0, 1], CITY: [0, 0] });
  // The county cannot confirm work done on its own list, through its department or not; the city above can.
  expect(codeOf(await as.county(CLOSE, { i: { issueId: id } }))).toBe('FORBIDDEN');
  expect(codeOf(await l.asDepartment(CLOSE, { i: { issueId: id } }))).toBe('FORBIDDEN');
  ok(await as.city(CLOSE, { i: { issueId: id } }), 'closeIssue');
  s = (await as.county(STATS, { u: l.tree.county, ...day })).data.node.issueStats;
  expect(s).toMatchObject({ resolved: 1, closed: 1, awaitingConfirmation: 0 });
  expect(s.resolvedByLevel.find((b: any) => b.level === 'COUNTY')).toEqual({
    level: 'COUNTY',
    closed: 1,
    awaitingConfirmation: 0,
    share: 1,
  });
  // The issue list finds it among the county-level issues, not the village-level ones.
  const LIST = `query($u: ID!, $l: [HandlingLevel!]) { issueList(under: $u, levels: $l) { nodes { id } } }`;
  expect((await as.county(LIST, { u: l.tree.county, l: ['COUNTY'] })).data.issueList.nodes).toEqual([{ id }]);
  expect((await as.county(LIST, { u: l.tree.county, l: ['STATION_VILLAGE'] })).data.issueList.nodes).toEqual([]);
});

test("the township's own agency branch works on the township's list; a station and a village each on theirs", async () => {
  t.clock.set('2026-11-24T09:00:00+08:00');
  const l = await linkage('LB');
  const { as } = l;
  const office = await handed(l, [as['sec-v1'], as['staff-a']], { by: as.township, to: l.office }, '镇级协调');
  await solve(l.asOffice, office);
  const station = await handed(l, [as['sec-v1']], undefined, '工作站协调');
  await solve(as['staff-a'], station);
  const village = await handed(l, [], undefined, '村内路灯');
  await solve(as['sec-v1'], village);
  for (const [id, level] of [
    [office, 'TOWNSHIP'],
    [station, 'STATION_VILLAGE'],
    [village, 'STATION_VILLAGE'],
  ])
    expect((await t.execute(LEVELS, { id })).data.node).toMatchObject({ level, resolvedLevel: level });
  // The township cannot confirm its agency branch's work (its own list); the county can. The station
  // solved its issue on its own list: the village that raised it confirms, or the township above.
  expect(codeOf(await as.township(CLOSE, { i: { issueId: office } }))).toBe('FORBIDDEN');
  ok(await as.county(CLOSE, { i: { issueId: office } }), 'closeIssue');
  ok(await as['sec-v1'](CLOSE, { i: { issueId: station } }), 'closeIssue');
  ok(await as['staff-a'](CLOSE, { i: { issueId: village } }), 'closeIssue');
  const s = (await as.county(STATS, { u: l.tree.county, from: '2026-11-24', to: '2026-11-24' })).data.node.issueStats;
  expect(byLevel(s)).toEqual({ STATION_VILLAGE: [2, 0], TOWNSHIP: [1, 0], COUNTY: [0, 0], CITY: [0, 0] });
});

test('the level is that of the tree on the day it was reported solved: moving the solver afterwards changes the level it is handled at today, not the figure', async () => {
  t.clock.set('2026-11-24T09:00:00+08:00');
  const l = await linkage('LC');
  const { as } = l;
  const id = await handed(l, [as['sec-v1'], as['staff-a'], as.township], { by: as.county, to: l.department });
  await solve(l.asDepartment, id);
  // The next day the department's branch is placed under the township.
  t.clock.set('2026-11-25T09:00:00+08:00');
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
    { i: { id: l.department, newParentId: l.tree.township } },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  expect((await t.execute(LEVELS, { id })).data.node).toEqual({
    status: 'RESOLVED',
    level: 'TOWNSHIP',
    resolvedLevel: 'COUNTY',
  });
  const s = (await as.county(STATS, { u: l.tree.county, from: '2026-11-24', to: '2026-11-25' })).data.node.issueStats;
  expect(byLevel(s)).toEqual({ STATION_VILLAGE: [0, 0], TOWNSHIP: [0, 0], COUNTY: [0, 1], CITY: [0, 0] });
});

test("Qinzhou's headline figure, scaled down: solved issues by the level of the list they were crossed off on; those awaiting confirmation apart", async () => {
  t.clock.set('2026-11-24T09:00:00+08:00');
  const l = await linkage('LD');
  const { as } = l;
  const closed: [string, Exec][] = [];
  // Nine solved at station or village level (six by villages, three by the station), three by the
  // township, one by the county's department: 13 crossed off, as 9,150, 3,336 and the rest of 13,159.
  for (let k = 0; k < 6; k++) {
    const id = await handed(l, [], undefined, `村级${k}`);
    await solve(as['sec-v1'], id);
    closed.push([id, as['staff-a']]);
  }
  for (let k = 0; k < 3; k++) {
    const id = await handed(l, [as['sec-v1']], undefined, `站级${k}`);
    await solve(as['staff-a'], id);
    closed.push([id, as['sec-v1']]);
  }
  for (let k = 0; k < 3; k++) {
    const id = await handed(l, [as['sec-v1'], as['staff-a']], undefined, `镇级${k}`);
    await solve(as.township, id);
    closed.push([id, as['sec-v1']]);
  }
  const dept = await handed(l, [as['sec-v1'], as['staff-a'], as.township], { by: as.county, to: l.department }, '县级');
  await solve(l.asDepartment, dept);
  closed.push([dept, as.city]);
  // Two more solved by the village, not yet crossed off.
  for (let k = 0; k < 2; k++) await solve(as['sec-v1'], await handed(l, [], undefined, `待销号${k}`));
  for (const [id, by] of closed) ok(await by(CLOSE, { i: { issueId: id } }), 'closeIssue');
  const s = (await as.city(STATS, { u: l.tree.city, from: '2026-11-24', to: '2026-11-24' })).data.node.issueStats;
  expect(s).toMatchObject({ raised: 15, resolved: 15, closed: 13, awaitingConfirmation: 2 });
  expect(s.resolvedByLevel).toEqual([
    { level: 'STATION_VILLAGE', closed: 9, awaitingConfirmation: 2, share: 0.6923 },
    { level: 'TOWNSHIP', closed: 3, awaitingConfirmation: 0, share: 0.2308 },
    { level: 'COUNTY', closed: 1, awaitingConfirmation: 0, share: 0.0769 },
    { level: 'CITY', closed: 0, awaitingConfirmation: 0, share: 0 },
  ]);
});

test('at the edge of a period: reported solved in its last second and crossed off in the next one, it awaits confirmation in the first and is closed in the second', async () => {
  t.clock.set('2026-11-24T09:00:00+08:00');
  const l = await linkage('LE');
  const { as } = l;
  const id = await handed(l, [as['sec-v1']], undefined);
  t.clock.set('2026-11-24T23:59:59+08:00');
  await solve(as['staff-a'], id);
  t.clock.set('2026-11-25T00:00:00+08:00');
  ok(await as['sec-v1'](CLOSE, { i: { issueId: id } }), 'closeIssue');
  const stats = async (from: string, to: string) =>
    (await as.township(STATS, { u: l.tree.township, from, to })).data.node.issueStats;
  const tuesday = await stats('2026-11-24', '2026-11-24');
  expect(tuesday).toMatchObject({ resolved: 1, closed: 0, awaitingConfirmation: 1 });
  expect(byLevel(tuesday).STATION_VILLAGE).toEqual([0, 1]);
  const wednesday = await stats('2026-11-25', '2026-11-25');
  expect(wednesday).toMatchObject({ resolved: 0, closed: 1, awaitingConfirmation: 0 });
  expect(byLevel(wednesday).STATION_VILLAGE).toEqual([1, 0]);
  const both = await stats('2026-11-24', '2026-11-25');
  expect(both).toMatchObject({ resolved: 1, closed: 1, awaitingConfirmation: 0 });
});

describe('who crosses off (销号) an issue solved above the village', () => {
  test('a station or a township that handed the issue up cannot cross off the county’s work on the village’s behalf; the village can, and the city above the county', async () => {
    t.clock.set('2026-11-24T09:00:00+08:00');
    const l = await linkage('LF');
    const { as } = l;
    const id = await handed(l, [as['sec-v1'], as['staff-a'], as.township]);
    await solve(as.county, id);
    for (const by of [as['staff-a'], as.township, as.county])
      expect(codeOf(await by(CLOSE, { i: { issueId: id } }))).toBe('FORBIDDEN');
    expect(ok(await as['sec-v1'](CLOSE, { i: { issueId: id } }), 'closeIssue').issue.status).toBe('CLOSED');
    const other = await handed(l, [as['sec-v1'], as['staff-a'], as.township], undefined, '第二件');
    await solve(as.county, other);
    expect(ok(await as.city(CLOSE, { i: { issueId: other } }), 'closeIssue').issue.status).toBe('CLOSED');
  });

  test("the deployment administrator is not a level of the linkage: it confirms the county's work as the level above, never the city's", async () => {
    t.clock.set('2026-11-24T09:00:00+08:00');
    const l = await linkage('LG');
    const { as } = l;
    const county = await handed(l, [as['sec-v1'], as['staff-a'], as.township]);
    await solve(as.county, county);
    ok(await t.execute(CLOSE, { i: { issueId: county } }), 'closeIssue');
    const city = await handed(l, [as['sec-v1'], as['staff-a'], as.township, as.county], undefined, '市级');
    await solve(as.city, city);
    expect(codeOf(await t.execute(CLOSE, { i: { issueId: city } }))).toBe('FORBIDDEN');
    ok(await as['sec-v1'](CLOSE, { i: { issueId: city } }), 'closeIssue');
  });

  test('at the top, an issue the city raised and solved itself is confirmed there by someone other than who reported it solved', async () => {
    t.clock.set('2026-11-24T09:00:00+08:00');
    const l = await linkage('LH');
    const { as } = l;
    const issue = await raise(as.city, { title: '市级统筹', raisedUnitId: l.tree.city });
    await solve(as.city, issue.id);
    const refused = await as.city(CLOSE, { i: { issueId: issue.id } });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toContain('没有上级');
    expect(codeOf(await t.execute(CLOSE, { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
    expect(ok(await l.asCity2(CLOSE, { i: { issueId: issue.id } }), 'closeIssue').issue.status).toBe('CLOSED');
  });
});
