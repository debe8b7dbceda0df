import { idFor } from '../../support/people';
import { createTestApp, type ExecResult, type TestApp } from '../../support/test-app';
import { enableModule } from '../../support/helpers';
import { smallCounty } from '../../support/tree';

/**
 * Figures of members away (README "Figures"): months close 10 days after their last day; moving a
 * village or switching the module off today leaves every past month's figure where it was; a
 * backdated write into a closed month is refused until an administrator reopens it; concurrent
 * writers lose no count. `t.close()` checks every tally against a recount of the facts.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const MODULE = 'mobile-members';
const AWAY = `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } userErrors { code field message } } }`;
const CONTACT = `mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { userErrors { code field message } } }`;
const REPORT_IN = `mutation($i: LogMobileReportInInput!) { logMobileReportIn(input: $i) { userErrors { code field message } } }`;
const DECIDE = `mutation($i: RecordMobileDecisionInput!) { recordMobileDecision(input: $i) { userErrors { code field message } } }`;
const RETURNED = `mutation($i: RecordMemberReturnedInput!) { recordMemberReturned(input: $i) { userErrors { code field message } } }`;
const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code field message } } }`;
const SWITCH = `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code field message } } }`;
const REOPEN = `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`;
const MONTHS = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  mobileMonths(from: $from, to: $to) { period { kind start closed reopened } departures returns contacts contactsReached reportIns suspensions restorations removals } } } }`;
const STATS = `query($u: ID!) { node(id: $u) { ... on OrgUnit { mobileStats { asOf away lost searchDue suspended reachedLast90Days reportInsOverdue } } } }`;

async function newMember(branchId: string): Promise<string> {
  const r = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: `流动党员${++seq}`,
        idCardNumber: idFor('1986-06-06', seq % 2 === 0, 200 + seq),
        category: 'RURAL',
        joinedOn: '2010-01-01',
        fullMemberSince: '2011-01-01',
        branchId,
      },
    },
  );
  expect(r.data.createMember.userErrors).toEqual([]);
  return r.data.createMember.member.id;
}

const awayInput = (memberId: string, leftOn: string) => ({
  memberId,
  leftOn,
  province: '广东省',
  city: '广州市',
  kind: 'CERTIFICATE_LETTER',
  reason: 'MIGRANT_WORK',
});

async function away(branchId: string, leftOn: string): Promise<string> {
  const r = await t.execute(AWAY, { i: awayInput(await newMember(branchId), leftOn) });
  expect(r.data.recordMemberAway.userErrors).toEqual([]);
  return r.data.recordMemberAway.record.id;
}

const ok = async (query: string, i: object) => {
  const r = await t.execute(query, { i });
  expect(r.errors).toBeUndefined();
  expect(Object.values(r.data as object)[0].userErrors).toEqual([]);
};

/** The months June–November under a unit. */
const months = async (unit: string) =>
  (await t.execute(MONTHS, { u: unit, from: '2026-06-01', to: '2026-11-30' })).data.node.mobileMonths;

const reopen = (unitId: string, from: string, module = MODULE) =>
  t.execute(REOPEN, { i: { unitId, module, from, reason: '补录 — late entry' } });

const refusedClosed = (r: any, field: string) => {
  expect(r.errors).toBeUndefined();
  expect(Object.values(r.data as object)[0].userErrors).toEqual([
    expect.objectContaining({ code: 'PERIOD_CLOSED', field: ['input', field] }),
  ]);
};

let lostRecord: string;
let returningRecord: string;

beforeAll(async () => {
  // The history is written as it happened: each fact while its month was open.
  t = await createTestApp({ now: '2026-03-02' });
  tree = await smallCounty(t, 'MF');
  await enableModule(t, tree.county, MODULE);
  lostRecord = await away(tree.village1, '2026-03-01');
  t.clock.set('2026-09-15');
  const r1 = await away(tree.village1, '2026-09-01');
  returningRecord = await away(tree.village2, '2026-09-02');
  await ok(CONTACT, { recordId: lostRecord, contactedOn: '2026-09-03', channel: 'PHONE', reached: false });
  await ok(CONTACT, { recordId: lostRecord, contactedOn: '2026-09-10', channel: 'WECHAT', reached: false });
  await ok(CONTACT, { recordId: r1, contactedOn: '2026-09-12', channel: 'PHONE', reached: true });
  t.clock.set('2026-10-20');
  await ok(REPORT_IN, { recordId: r1, reportedOn: '2026-10-18', channel: 'WECHAT' });
  await away(tree.village2, '2026-10-19');
  // Today: September and October are closed (10 days after their last day); November is open.
  t.clock.set('2026-11-30');
});
afterAll(() => t?.close());

test('the months say which they are and whether they are closed; current figures say their day', async () => {
  const county = await months(tree.county);
  expect(county.map((m: any) => [m.period.start, m.period.closed, m.period.reopened])).toEqual([
    ['2026-06-01', true, false],
    ['2026-07-01', true, false],
    ['2026-08-01', true, false],
    ['2026-09-01', true, false],
    ['2026-10-01', true, false],
    ['2026-11-01', false, false],
  ]);
  expect(county[3]).toMatchObject({ departures: 2, contacts: 3, contactsReached: 1, reportIns: 0 });
  expect(county[4]).toMatchObject({ departures: 1, contacts: 1, contactsReached: 1, reportIns: 1 });
  const stats = (await t.execute(STATS, { u: tree.county })).data.node.mobileStats;
  expect(stats).toEqual({
    asOf: '2026-11-30',
    away: 4,
    lost: 1,
    searchDue: 0,
    suspended: 0,
    reachedLast90Days: 1,
    reportInsOverdue: 0,
  });
});

test('moving a village today leaves every past month unchanged at station, township and county', async () => {
  const units = [tree.stationA, tree.stationB, tree.township, tree.county];
  const before = await Promise.all(units.map(months));
  expect(before[0][3].departures).toBe(2); // villages 1 and 2 under station A
  const stationA = (await t.execute(STATS, { u: tree.stationA })).data.node.mobileStats.away;

  await ok(MOVE, { id: tree.village1, newParentId: tree.stationB });
  const after = await Promise.all(units.map(months));
  // Every month: unchanged everywhere (the events happened under station A). The current state
  // follows today's tree.
  expect(after).toEqual(before);
  expect((await t.execute(STATS, { u: tree.stationA })).data.node.mobileStats.away).toBe(stationA - 2);

  // A move dated in a closed month: refused, then allowed after an administrator reopens it (for
  // every module that keeps figures and has that month closed, since a move changes them all).
  const backdated = { id: tree.village3, newParentId: tree.stationA, effectiveOn: '2026-10-15' };
  refusedClosed(await t.execute(MOVE, { i: backdated }), 'effectiveOn');
  expect(await Promise.all(units.map(months))).toEqual(before);
  expect((await reopen(tree.county, '2026-10-01')).data.reopenPeriods.userErrors).toEqual([]);
  for (const { name } of t.app.figures.keeping) if (name !== MODULE) await reopen(tree.county, '2026-10-01', name);
  await ok(MOVE, backdated);
  const reopened = await Promise.all(units.map(months));
  const counts = (list: any[]) => list.map((m) => ({ ...m, period: null }));
  for (let u = 0; u < units.length; u++) {
    expect(reopened[u].slice(0, 4)).toEqual(before[u].slice(0, 4));
    // Village 3 had no events: October's counts are the same, and the month says it was reopened.
    expect(counts(reopened[u])).toEqual(counts(before[u]));
  }
  expect(reopened[3][4].period).toMatchObject({ start: '2026-10-01', closed: true, reopened: true });
});

test('switching the module off for a township today leaves past months unchanged; a switch dated in a closed month is refused', async () => {
  const before = await months(tree.county);
  const closedSwitch = await t.execute(SWITCH, {
    i: { unitId: tree.township, module: MODULE, enabled: false, effectiveOn: '2026-08-15' },
  });
  refusedClosed(closedSwitch, 'effectiveOn');
  await ok(SWITCH, { unitId: tree.township, module: MODULE, enabled: false, effectiveOn: '2026-11-30' });
  expect(await months(tree.county)).toEqual(before);
  await ok(SWITCH, { unitId: tree.township, module: MODULE, enabled: null, effectiveOn: '2026-11-30' });
  expect(await months(tree.county)).toEqual(before);
});

test('every backdated write into a closed month is refused, the figures unchanged; allowed after reopening, the month marked', async () => {
  const village = tree.village2;
  const fresh = await away(village, '2026-11-02');
  const before = await months(village);
  const beforeCounty = await months(tree.county);
  const member = await newMember(village);
  const tries = async (): Promise<[ExecResult, string][]> => [
    [await t.execute(AWAY, { i: awayInput(member, '2026-08-20') }), 'leftOn'],
    [
      await t.execute(CONTACT, {
        i: { recordId: returningRecord, contactedOn: '2026-09-05', channel: 'PHONE', reached: true },
      }),
      'contactedOn',
    ],
    [
      await t.execute(REPORT_IN, { i: { recordId: returningRecord, reportedOn: '2026-09-25', channel: 'PHONE' } }),
      'reportedOn',
    ],
    [await t.execute(RETURNED, { i: { recordId: returningRecord, returnedOn: '2026-09-28' } }), 'returnedOn'],
  ];
  // Village 1's lost member (searched twice in September): a suspension approved in September
  // (October was reopened above).
  const suspend = () =>
    t.execute(DECIDE, {
      i: {
        recordId: lostRecord,
        kind: 'SUSPEND',
        meetingOn: '2026-09-18',
        approvedOn: '2026-09-20',
        approvingUnitId: tree.township,
      },
    });
  for (const [r, field] of await tries()) refusedClosed(r, field);
  refusedClosed(await suspend(), 'approvedOn');
  // A write dated today is open.
  await ok(CONTACT, { recordId: fresh, contactedOn: '2026-11-30', channel: 'PHONE', reached: true });
  const now = await months(village);
  expect(now.slice(0, 5)).toEqual(before.slice(0, 5));
  expect(now[5].contacts).toBe(before[5].contacts + 1);
  expect((await months(tree.county)).slice(0, 5)).toEqual(beforeCounty.slice(0, 5));

  // Reopened for the township (village 1 and 2 are under it) from August.
  expect((await reopen(tree.township, '2026-08-01')).data.reopenPeriods.userErrors).toEqual([]);
  // Decide first: the return below ends village 2's record, not village 1's.
  await ok(DECIDE, {
    recordId: lostRecord,
    kind: 'SUSPEND',
    meetingOn: '2026-09-18',
    approvedOn: '2026-09-20',
    approvingUnitId: tree.township,
  });
  for (const [r, field] of await tries()) {
    expect([field, Object.values(r.data as object)[0].userErrors]).toEqual([field, []]);
  }
  const after = await months(village);
  expect(after[2]).toMatchObject({
    period: { start: '2026-08-01', closed: true, reopened: true },
    departures: 1,
    contacts: 0,
  });
  expect(after[3]).toMatchObject({
    period: { start: '2026-09-01', reopened: true },
    departures: before[3].departures,
    returns: 1,
    reportIns: 1,
    // The contact, and the report-in (also a successful contact).
    contacts: before[3].contacts + 2,
    contactsReached: before[3].contactsReached + 2,
  });
  const county = await months(tree.county);
  expect(county[3].suspensions).toBe(1);
  expect(county[3].period.reopened).toBe(true);
  expect((await t.execute(STATS, { u: tree.county })).data.node.mobileStats).toMatchObject({ suspended: 1 });
});

test('50 concurrent writers on one village lose no count', async () => {
  const village = tree.village2;
  const members: string[] = [];
  for (let i = 0; i < 50; i++) members.push(await newMember(village));
  const before = (await t.execute(STATS, { u: village })).data.node.mobileStats.away;
  const beforeMonth = (await months(village))[5].departures;
  const results = await Promise.all(members.map((m) => t.execute(AWAY, { i: awayInput(m, '2026-11-30') })));
  for (const r of results) expect(r.data.recordMemberAway.userErrors).toEqual([]);
  expect((await t.execute(STATS, { u: village })).data.node.mobileStats.away - before).toBe(50);
  expect((await months(village))[5].departures - beforeMonth).toBe(50);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});
