import { codeOf } from '../../support/helpers';
import { createTestApp, type TestApp } from '../../support/test-app';
import { ASSIGN, CLOSE, countyWith, ESCALATE, ok, raise, RESOLVE, START, STATS, type Exec } from './issues';

/**
 * 市-县-镇-站(村)四级联动: an issue the village cannot solve is handed up level by level, to the
 * county and to the city. Each test has a city of its own (city → county → township → stations →
 * villages) and moves the clock itself.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-24' });
});
afterAll(() => t?.close());

type Levels = Awaited<ReturnType<typeof fourLevels>>;
async function fourLevels(prefix: string) {
  return countyWith(t, prefix, { city: true }, 'sec-v1', 'staff-a', 'township', 'county', 'city');
}

const WHERE = `query($id: ID!) { node(id: $id) { ... on Issue { status level handlingUnit { code } } } }`;
const where = async (id: string) => (await t.execute(WHERE, { id })).data.node;

/** Raised by village 1 and handed up by each level in turn until it reaches `to`. */
async function handedUpTo(l: Levels, to: 'township' | 'county' | 'city', title = '跨村道路修缮') {
  const issue = await raise(l.as['sec-v1'], { title, category: 'INFRASTRUCTURE', raisedUnitId: l.tree.village1 });
  const chain: Exec[] = [l.as['sec-v1'], l.as['staff-a'], l.as.township, l.as.county];
  const steps = { township: 2, county: 3, city: 4 }[to];
  for (const by of chain.slice(0, steps))
    ok(await by(ESCALATE, { i: { issueId: issue.id, reason: '本级无法解决' } }), 'escalateIssue');
  return issue.id as string;
}

/** The handler works on it and reports it solved. */
async function solve(by: Exec, id: string) {
  ok(await by(ASSIGN, { i: { issueId: id, responsiblePerson: '牵头人' } }), 'assignIssue');
  ok(await by(START, { i: { issueId: id } }), 'startIssue');
  return ok(await by(RESOLVE, { i: { issueId: id } }), 'resolveIssue').issue;
}

test('an issue travels up level by level to the county and the city; at each level only that level works on it', async () => {
  t.clock.set('2026-11-24');
  const l = await fourLevels('EA');
  const { tree, as } = l;
  const id = (
    await raise(as['sec-v1'], { title: '跨村道路修缮', category: 'INFRASTRUCTURE', raisedUnitId: tree.village1 })
  ).id;
  const hops: [Exec, Exec, string, string][] = [
    [as['sec-v1'], as['staff-a'], 'EAC-T1-S1', 'STATION_VILLAGE'],
    [as['staff-a'], as.township, 'EAC-T1', 'TOWNSHIP'],
    [as.township, as.county, 'EAC', 'COUNTY'],
    [as.county, as.city, 'EACITY', 'CITY'],
  ];
  for (const [from, to, code, level] of hops) {
    const up = ok(await from(ESCALATE, { i: { issueId: id, reason: '本级无法解决' } }), 'escalateIssue');
    expect(up.issue).toMatchObject({ status: 'OPEN', level, responsibleUnit: null, responsiblePerson: null });
    expect(await where(id)).toEqual({ status: 'OPEN', level, handlingUnit: { code } });
    // The level that handed it up no longer works on it; the level that received it does.
    expect(codeOf(await from(ASSIGN, { i: { issueId: id, responsiblePerson: '经办人' } }))).toBe('FORBIDDEN');
    expect(ok(await to(ASSIGN, { i: { issueId: id, responsiblePerson: '经办人' } }), 'assignIssue').issue.status).toBe(
      'ASSIGNED',
    );
  }
  // The city is the top: there is no level above it.
  const top = await as.city(ESCALATE, { i: { issueId: id, reason: 'x' } });
  expect(top.data.escalateIssue.userErrors[0]).toMatchObject({
    code: 'INVALID_STATE',
    message: expect.stringContaining('没有上级'),
  });
  const timeline = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on Issue { timeline { kind fromUnit { code } toUnit { code } } } } }`,
    { id },
  );
  expect(
    timeline.data.node.timeline
      .filter((e: any) => e.kind === 'ESCALATED')
      .map((e: any) => [e.fromUnit.code, e.toUnit.code]),
  ).toEqual([
    ['EAC-V1', 'EAC-T1-S1'],
    ['EAC-T1-S1', 'EAC-T1'],
    ['EAC-T1', 'EAC'],
    ['EAC', 'EACITY'],
  ]);
  // The raising village still sees its issue and at which level it is handled, not the city's unit.
  const seen = await as['sec-v1'](WHERE, { id });
  expect(seen.data.node).toEqual({ status: 'ASSIGNED', level: 'CITY', handlingUnit: null });
  // The county's list finds it among the issues handled at city level.
  const cityLevel = await as.county(`query($u: ID!) { issueList(under: $u, levels: [CITY]) { nodes { id } } }`, {
    u: tree.county,
  });
  expect(cityLevel.data.issueList.nodes).toEqual([{ id }]);
});

test('solved at the county: the county never confirms its own work, even through its rights over the village; the city above it does', async () => {
  t.clock.set('2026-11-24');
  const l = await fourLevels('EB');
  const id = await handedUpTo(l, 'county');
  expect(await solve(l.as.county, id)).toMatchObject({ status: 'RESOLVED', level: 'COUNTY' });
  expect(codeOf(await l.as.county(CLOSE, { i: { issueId: id } }))).toBe('FORBIDDEN');
  expect(ok(await l.as.city(CLOSE, { i: { issueId: id, note: '核实' } }), 'closeIssue').issue.status).toBe('CLOSED');
});

test('solved at the city: the city has no level above it and cannot confirm; the raising village does', async () => {
  t.clock.set('2026-11-24');
  const l = await fourLevels('EC');
  const id = await handedUpTo(l, 'city');
  expect(await solve(l.as.city, id)).toMatchObject({ status: 'RESOLVED', level: 'CITY' });
  expect(codeOf(await l.as.city(CLOSE, { i: { issueId: id } }))).toBe('FORBIDDEN');
  expect(ok(await l.as['sec-v1'](CLOSE, { i: { issueId: id } }), 'closeIssue').issue.status).toBe('CLOSED');
});

test('issue figures by level: each issue counts at the level of the list that solved it, in every unit it was raised or handled under, on the Shanghai day it was solved', async () => {
  t.clock.set('2026-11-24T08:00:00+08:00');
  const l = await fourLevels('ED');
  const { tree, as } = l;
  const village = (await raise(as['sec-v1'], { title: '村内路灯', raisedUnitId: tree.village1 })).id;
  const township = await handedUpTo(l, 'township', '镇级协调');
  const county = await handedUpTo(l, 'county', '县级资金');
  const city = await handedUpTo(l, 'city', '市级审批');
  // Solved on Tuesday 24 November: at the village in the morning, at the township in its last second;
  // at the county in the first second of Wednesday, at the city that morning.
  t.clock.set('2026-11-24T10:00:00+08:00');
  await solve(as['sec-v1'], village);
  t.clock.set('2026-11-24T23:59:59+08:00');
  await solve(as.township, township);
  t.clock.set('2026-11-25T00:00:00+08:00');
  await solve(as.county, county);
  t.clock.set('2026-11-25T10:00:00+08:00');
  await solve(as.city, city);

  const stats = async (exec: Exec, u: string, from: string, to: string) =>
    (await exec(STATS, { u, from, to })).data.node.issueStats;
  // By level: [closed, awaiting confirmation]. Nothing is crossed off yet: all four await confirmation.
  const byLevel = (s: any) =>
    Object.fromEntries(s.resolvedByLevel.map((b: any) => [b.level, [b.closed, b.awaitingConfirmation]]));
  // Every issue was raised by village 1: the station, the township, the county and the city count all four.
  for (const [exec, unit] of [
    [as['staff-a'], tree.stationA],
    [as.township, tree.township],
    [as.county, tree.county],
    [as.city, tree.city!],
  ] as const) {
    const both = await stats(exec, unit, '2026-11-24', '2026-11-25');
    expect(both).toMatchObject({ raised: 4, resolved: 4, closed: 0, awaitingConfirmation: 4, overdueNow: 0 });
    expect(byLevel(both)).toEqual({
      STATION_VILLAGE: [0, 1],
      TOWNSHIP: [0, 1],
      COUNTY: [0, 1],
      CITY: [0, 1],
    });
    // No share of the crossed-off issues while none is crossed off.
    expect(both.resolvedByLevel.map((b: any) => b.share)).toEqual([null, null, null, null]);
  }
  const tuesday = await stats(as.county, tree.county, '2026-11-24', '2026-11-24');
  expect(tuesday.resolved).toBe(2);
  expect(byLevel(tuesday)).toMatchObject({ STATION_VILLAGE: [0, 1], TOWNSHIP: [0, 1], COUNTY: [0, 0] });
  const wednesday = await stats(as.county, tree.county, '2026-11-25', '2026-11-25');
  expect(wednesday).toMatchObject({ raised: 0, resolved: 2 });
  expect(byLevel(wednesday)).toMatchObject({ TOWNSHIP: [0, 0], COUNTY: [0, 1], CITY: [0, 1] });
  // The lists by level follow the level handling each issue now.
  const LEVEL = `query($u: ID!, $l: [HandlingLevel!]) { issueList(under: $u, levels: $l) { nodes { title } } }`;
  const titles = async (levels: string[]) =>
    (await as.county(LEVEL, { u: tree.county, l: levels })).data.issueList.nodes.map((n: any) => n.title);
  expect(await titles(['COUNTY', 'CITY'])).toEqual(['市级审批', '县级资金']);
  expect(await titles(['STATION_VILLAGE'])).toEqual(['村内路灯']);
});
