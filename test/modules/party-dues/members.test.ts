import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Party dues and the member's record: a transfer or a departure ends the dues the old branch's
 * tallies count from the month after, in the writing transaction; the receiving branch's declaration
 * counts there. The declared income is personal data, shown as the phone is; a reduction is approved
 * by a party committee above the branch. The file ends with the figures check (a recount compared
 * with the kept tallies).
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const DECLARE = `mutation($i: DeclareDuesIncomeInput!) { declareDuesIncome(input: $i) {
  declaration { id dueFen } userErrors { code field message reason } } }`;
const COLLECTION = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  duesCollection(from: $f, to: $to) { months { month dueFen membersDue } } } } }`;
const ACCOUNT = `query($m: ID!, $f: Date, $to: Date) { node(id: $m) { ... on Member {
  duesAccount(from: $f, to: $to) { months { month dueFen } } } } }`;
const ARREARS = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { duesArrears(asOf: $d) { member { id } } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-06-15' });
  await at('2016-01-01', async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'party-dues');
  });
});
afterAll(() => t?.close());

async function at<T>(day: string, fn: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set(day);
  try {
    return await fn();
  } finally {
    t.clock.set(now);
  }
}

/** A branch of its own under station A (or `parentId`) with `n` salaried members who joined in 2005. */
async function branch(n = 2, parentId?: string) {
  const k = ++seq;
  const unitId = await at('2016-01-01', () =>
    createUnit(t, {
      code: `TC-PM${k}`,
      name: `党费转接${k}村党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: parentId ?? tree.stationA,
      establishedOn: '2000-01-01',
    }),
  );
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await at('2016-01-01', () =>
      t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `转接党员${k}-${i}`,
            idCardNumber: idFor('1972-03-03', i % 2 === 0, 300 + k * 10 + i),
            category: 'AGENCY_INSTITUTION',
            joinedOn: '2005-01-01',
            fullMemberSince: '2006-01-01',
            branchId: unitId,
          },
        },
      ),
    );
    expect(r.data.createMember.userErrors).toEqual([]);
    members.push(r.data.createMember.member.id);
  }
  return { unitId, members };
}

async function declare(unitId: string, memberId: string, effectiveMonth: string, monthlyIncomeFen: number) {
  const r = await t.execute(DECLARE, { i: { unitId, memberId, effectiveMonth, monthlyIncomeFen } });
  expect(r.errors).toBeUndefined();
  expect(r.data.declareDuesIncome.userErrors).toEqual([]);
}

async function data(query: string, variables: Record<string, unknown>) {
  const r = await t.execute(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
}

/** Dues owed under a unit per month, January to June 2026: [month, fen, members]. */
async function owed(unitId: string) {
  const d = await data(COLLECTION, { u: unitId, f: '2026-01-01', to: '2026-06-30' });
  return d.node.duesCollection.months.map((m: { month: string; dueFen: string; membersDue: number }) => [
    m.month.slice(0, 7),
    Number(m.dueFen),
    m.membersDue,
  ]);
}

test('a departure ends the dues at the branch after its month; the months before keep their figure', async () => {
  const a = await branch(2);
  await at('2026-01-05', async () => {
    await declare(a.unitId, a.members[0], '2026-01-01', 300000); // 15.00 yuan a month
    await declare(a.unitId, a.members[1], '2026-01-01', 300000);
  });
  const before = await owed(a.unitId);
  expect(before).toEqual([
    ['2026-01', 3000, 2],
    ['2026-02', 3000, 2],
    ['2026-03', 3000, 2],
    ['2026-04', 3000, 2],
    ['2026-05', 3000, 2],
    ['2026-06', 3000, 2],
  ]);
  const DEPART = `mutation($i: RecordMemberDepartureInput!) {
    recordMemberDeparture(input: $i) { userErrors { code field reason } } }`;
  // Recorded on 15 June, a departure of 10 March would change April, closed since 15 May: refused, nothing changed.
  const late = await t.execute(DEPART, { i: { memberId: a.members[0], reason: 'DECEASED', departedOn: '2026-03-10' } });
  expect(late.data.recordMemberDeparture.userErrors).toEqual([
    { code: 'PERIOD_CLOSED', field: ['input', 'departedOn'], reason: expect.any(String) },
  ]);
  expect(await owed(a.unitId)).toEqual(before);
  // Recorded on 20 March, while April on are open.
  const gone = await at('2026-03-20', () =>
    t.execute(DEPART, { i: { memberId: a.members[0], reason: 'DECEASED', departedOn: '2026-03-10' } }),
  );
  expect(gone.data.recordMemberDeparture.userErrors).toEqual([]);
  // March is owed in full where the member was (a month is owed whatever day it ends); April on, not.
  expect(await owed(a.unitId)).toEqual([
    ['2026-01', 3000, 2],
    ['2026-02', 3000, 2],
    ['2026-03', 3000, 2],
    ['2026-04', 1500, 1],
    ['2026-05', 1500, 1],
    ['2026-06', 1500, 1],
  ]);
  // The roll-up above the branch follows in the same write.
  const station = await owed(tree.stationA);
  expect(station.find((m: [string, number, number]) => m[0] === '2026-04')[1]).toBeLessThan(
    station.find((m: [string, number, number]) => m[0] === '2026-03')[1],
  );
  const account = await data(ACCOUNT, { m: a.members[0], f: '2026-01-01', to: '2026-06-30' });
  expect(account.node.duesAccount.months.map((m: { month: string }) => m.month.slice(0, 7))).toEqual([
    '2026-01',
    '2026-02',
    '2026-03',
  ]);
});

test('a transfer: the old branch owes to the month of the move, the receiving branch from its declaration', async () => {
  const a = await branch(1);
  const b = await branch(0, tree.stationB);
  await at('2025-09-05', () => declare(a.unitId, a.members[0], '2025-09-01', 300000));
  // Recorded on 20 February, while March on are open.
  const moved = await at('2026-02-20', () =>
    t.execute(`mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`, {
      i: { memberId: a.members[0], toBranchId: b.unitId, effectiveOn: '2026-02-10' },
    }),
  );
  expect(moved.data.transferMember.userErrors).toEqual([]);
  expect(await owed(a.unitId)).toEqual([
    ['2026-01', 1500, 1],
    ['2026-02', 1500, 1],
    ['2026-03', 0, 0],
    ['2026-04', 0, 0],
    ['2026-05', 0, 0],
    ['2026-06', 0, 0],
  ]);
  // Nothing paid since September, yet the member is not listed at the branch left: its months there stop in
  // February, before the last closed month (April).
  expect((await data(ARREARS, { u: a.unitId, d: '2026-06-15' })).node.duesArrears).toEqual([]);
  await at('2026-05-20', () => declare(b.unitId, a.members[0], '2026-05-01', 500000)); // 50.00 yuan a month
  expect(await owed(b.unitId)).toEqual([
    ['2026-01', 0, 0],
    ['2026-02', 0, 0],
    ['2026-03', 0, 0],
    ['2026-04', 0, 0],
    ['2026-05', 5000, 1],
    ['2026-06', 5000, 1],
  ]);
  expect(await owed(a.unitId)).toEqual([
    ['2026-01', 1500, 1],
    ['2026-02', 1500, 1],
    ['2026-03', 0, 0],
    ['2026-04', 0, 0],
    ['2026-05', 0, 0],
    ['2026-06', 0, 0],
  ]);
});

/** A member of `unitId` who joined (the branch meeting's vote) on `joinedOn`, created that day. */
async function joiner(unitId: string, joinedOn: string, n: number): Promise<string> {
  const r = await at(joinedOn, () =>
    t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`, {
      i: {
        name: `入党日期党员${n}`,
        idCardNumber: idFor('1990-04-04', n % 2 === 0, 400 + n),
        category: 'AGENCY_INSTITUTION',
        joinedOn,
        branchId: unitId,
      },
    }),
  );
  expect(r.data.createMember.userErrors).toEqual([]);
  return r.data.createMember.member.id;
}

const UPDATE = `mutation($i: UpdateMemberInput!) {
  updateMember(input: $i) { member { joinedOn } userErrors { code field reason } } }`;

test('a corrected joining day moves the months owed at the branch, in the same write', async () => {
  const a = await branch(0);
  const m = await joiner(a.unitId, '2026-05-03', 1);
  await at('2026-05-10', () => declare(a.unitId, m, '2026-05-01', 300000));
  const months = (may: number) => [
    ['2026-01', 0, 0],
    ['2026-02', 0, 0],
    ['2026-03', 0, 0],
    ['2026-04', 0, 0],
    ['2026-05', may, may ? 1 : 0],
    ['2026-06', 1500, 1],
  ];
  expect(await owed(a.unitId)).toEqual(months(1500));
  // Recorded on 15 June (May still open): joined in June after all, so May is not owed.
  const later = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-06-02' } });
  expect(later.data.updateMember.userErrors).toEqual([]);
  expect(await owed(a.unitId)).toEqual(months(0));
  // And back to May: owed again.
  const earlier = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-05-03' } });
  expect(earlier.data.updateMember.userErrors).toEqual([]);
  expect(await owed(a.unitId)).toEqual(months(1500));
});

test('a joining day moved across a closed month is refused, and the member stays as recorded', async () => {
  const a = await branch(0);
  const m = await joiner(a.unitId, '2025-11-05', 2);
  await at('2025-11-10', () => declare(a.unitId, m, '2025-11-01', 300000));
  const before = await owed(a.unitId);
  expect(before).toEqual([
    ['2026-01', 1500, 1],
    ['2026-02', 1500, 1],
    ['2026-03', 1500, 1],
    ['2026-04', 1500, 1],
    ['2026-05', 1500, 1],
    ['2026-06', 1500, 1],
  ]);
  // On 15 June, November to April are closed: joining in May would take them off.
  const r = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-05-03' } });
  expect(r.data.updateMember).toEqual({
    member: null,
    userErrors: [{ code: 'PERIOD_CLOSED', field: ['input', 'joinedOn'], reason: expect.any(String) }],
  });
  const kept = await data(`query($m: ID!) { node(id: $m) { ... on Member { joinedOn version } } }`, { m });
  expect(kept.node).toEqual({ joinedOn: '2025-11-05', version: 1 });
  expect(await owed(a.unitId)).toEqual(before);
  // A day moved earlier than every declaration changes no month owed: accepted though those months are closed.
  const earlier = await t.execute(UPDATE, { i: { id: m, joinedOn: '2025-10-20' } });
  expect(earlier.data.updateMember.userErrors).toEqual([]);
  expect(await owed(a.unitId)).toEqual(before);
});

const HISTORY = `query($m: ID!) { node(id: $m) { ... on Member { membershipHistory { validFrom validTo } } } }`;

test('a joining day moved earlier moves the first membership period: the months it adds are declared and owed', async () => {
  const a = await branch(0);
  const m = await joiner(a.unitId, '2026-06-02', 3);
  await at('2026-06-05', () => declare(a.unitId, m, '2026-06-01', 300000));
  const moved = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-05-20' } });
  expect(moved.data.updateMember.userErrors).toEqual([]);
  expect((await data(HISTORY, { m })).node.membershipHistory).toEqual([{ validFrom: '2026-05-20', validTo: null }]);
  // A member since 20 May belonged to the branch in May: the branch declares for May, and May is owed.
  await declare(a.unitId, m, '2026-05-01', 300000);
  expect((await owed(a.unitId)).slice(3)).toEqual([
    ['2026-04', 0, 0],
    ['2026-05', 1500, 1],
    ['2026-06', 1500, 1],
  ]);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('a joining day moved later across closed months is accepted once they are reopened; the period and the months owed follow', async () => {
  const a = await branch(0);
  const m = await joiner(a.unitId, '2026-03-03', 4);
  await at('2026-03-05', () => declare(a.unitId, m, '2026-03-01', 300000));
  const closed = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-05-04' } });
  expect(closed.data.updateMember.userErrors).toEqual([
    { code: 'PERIOD_CLOSED', field: ['input', 'joinedOn'], reason: expect.any(String) },
  ]);
  expect((await data(HISTORY, { m })).node.membershipHistory).toEqual([{ validFrom: '2026-03-03', validTo: null }]);
  const reopened = await t.execute(
    `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`,
    { i: { unitId: a.unitId, module: 'party-dues', from: '2026-03-01', reason: '更正入党日期' } },
  );
  expect(reopened.data.reopenPeriods.userErrors).toEqual([]);
  const moved = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-05-04' } });
  expect(moved.data.updateMember.userErrors).toEqual([]);
  expect((await data(HISTORY, { m })).node.membershipHistory).toEqual([{ validFrom: '2026-05-04', validTo: null }]);
  expect((await owed(a.unitId)).slice(2)).toEqual([
    ['2026-03', 0, 0],
    ['2026-04', 0, 0],
    ['2026-05', 1500, 1],
    ['2026-06', 1500, 1],
  ]);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

const TRANSFER = `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`;

test('a joining day moved to the day the first period ended is refused, even in the same month: the closed month keeps its figure', async () => {
  const a = await branch(0);
  const b = await branch(0);
  const m = await joiner(a.unitId, '2026-01-02', 5);
  await at('2026-01-05', () => declare(a.unitId, m, '2026-01-01', 300000));
  const moved = await at('2026-01-12', () =>
    t.execute(TRANSFER, { i: { memberId: m, toBranchId: b.unitId, effectiveOn: '2026-01-10' } }),
  );
  expect(moved.data.transferMember.userErrors).toEqual([]);
  const before = await owed(a.unitId);
  expect(before[0]).toEqual(['2026-01', 1500, 1]);
  // 15 June, January closed: a first period from 10 January to 10 January would hold no day at the branch.
  const u = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-01-10' } });
  expect(u.data.updateMember.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', field: ['input', 'joinedOn'], reason: 'NOT_BEFORE' },
  ]);
  expect(await owed(a.unitId)).toEqual(before);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('an empty first period (a transfer on the joining day) moved earlier in the same month: the month is owed there, recounted', async () => {
  const a = await branch(0);
  const b = await branch(0);
  const m = await joiner(a.unitId, '2026-06-03', 6);
  await declare(a.unitId, m, '2026-06-01', 300000);
  const moved = await t.execute(TRANSFER, { i: { memberId: m, toBranchId: b.unitId, effectiveOn: '2026-06-03' } });
  expect(moved.data.transferMember.userErrors).toEqual([]);
  expect((await owed(a.unitId))[5]).toEqual(['2026-06', 0, 0]);
  const u = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-06-01' } });
  expect(u.data.updateMember.userErrors).toEqual([]);
  expect((await data(HISTORY, { m })).node.membershipHistory).toEqual([
    { validFrom: '2026-06-01', validTo: '2026-06-03' },
    { validFrom: '2026-06-03', validTo: null },
  ]);
  // A member of the branch from 1 to 3 June owes June there, as a member who left in June does.
  expect((await owed(a.unitId))[5]).toEqual(['2026-06', 1500, 1]);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('the declared income only to those who see personal data at the branch; the dues assessed to every reader', async () => {
  const a = await branch(1);
  await at('2026-06-01', () => declare(a.unitId, a.members[0], '2026-06-01', 300000));
  await accountWith(t, 'pm-admin', Role.ADMIN, tree.county);
  await accountWith(t, 'pm-sec', Role.SECRETARY, a.unitId);
  await accountWith(t, 'pm-analyst', Role.ANALYST, tree.county);
  await accountWith(t, 'pm-staff', Role.STATION_STAFF, tree.stationA);
  await accountWith(t, 'pm-townsec', Role.SECRETARY, tree.township);
  const seen: Record<string, unknown> = {};
  for (const who of ['pm-admin', 'pm-sec', 'pm-analyst', 'pm-staff', 'pm-townsec']) {
    const r = await (
      await t.as(who)
    )(`query($m: ID!) { node(id: $m) { ... on Member { duesDeclarations { incomeFen dueFen } } } }`, {
      m: a.members[0],
    });
    expect(r.errors).toBeUndefined();
    seen[who] = r.data.node.duesDeclarations;
  }
  const full = [{ incomeFen: '300000', dueFen: 1500 }];
  const masked = [{ incomeFen: null, dueFen: 1500 }];
  expect(seen).toEqual({
    'pm-admin': full,
    'pm-sec': full,
    'pm-analyst': masked,
    'pm-staff': masked,
    'pm-townsec': masked,
  });
});

test('a reduction approved by a work station is refused, naming the rule; the township committee approves', async () => {
  const a = await branch(1);
  await at('2026-06-01', () => declare(a.unitId, a.members[0], '2026-06-01', 600000)); // 90.00 yuan a month
  const REDUCE = `mutation($i: ApproveDuesReductionInput!) { approveDuesReduction(input: $i) {
    reduction { id approvedBy { id } } userErrors { code field message reason } } }`;
  const input = {
    unitId: a.unitId,
    memberId: a.members[0],
    committeeId: tree.stationA,
    fromMonth: '2026-06-01',
    toMonth: '2026-06-30',
    monthlyFen: 0,
    reason: '因病生活困难',
    approvedOn: '2026-06-10',
  };
  const station = await t.execute(REDUCE, { i: input });
  expect(station.data.approveDuesReduction.reduction).toBeNull();
  expect(station.data.approveDuesReduction.userErrors).toEqual([
    {
      code: 'BAD_USER_INPUT',
      field: ['input', 'committeeId'],
      reason: 'NOT_ABOVE',
      message: expect.stringMatching(
        /^第一工作站不是党费转接\d+村党支部的上级党委：党费减免由党支部研究后报上级党委批准/,
      ),
    },
  ]);
  const township = await t.execute(REDUCE, { i: { ...input, committeeId: tree.township } });
  expect(township.data.approveDuesReduction.userErrors).toEqual([]);
  expect(township.data.approveDuesReduction.reduction.approvedBy.id).toBe(tree.township);
});

test('flags on a past day: the tree and the switches as they were, not as they are', async () => {
  // Two members with nothing paid since September 2025: on 15 June 2026 (April the last closed month) flagged.
  const moved = await branch(1);
  const switched = await branch(1, tree.stationB);
  await at('2025-09-05', async () => {
    await declare(moved.unitId, moved.members[0], '2025-09-01', 300000);
    await declare(switched.unitId, switched.members[0], '2025-09-01', 300000);
  });
  const FLAGGED = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit {
    flaggedMembers(asOf: $d, kinds: [DUES_ARREARS]) { member { id } branch { id } since } } } }`;
  const FLAGS = `query($m: ID!, $d: Date) { node(id: $m) { ... on Member { flags(asOf: $d) { kind since } } } }`;
  const day = '2026-06-15';
  const ask = async () => ({
    county: (await data(FLAGGED, { u: tree.county, d: day })).node.flaggedMembers
      .map((f: { member: { id: string } }) => f.member.id)
      .filter((id: string) => id === moved.members[0] || id === switched.members[0])
      .sort(),
    station: (await data(FLAGGED, { u: tree.stationA, d: day })).node.flaggedMembers
      .map((f: { member: { id: string } }) => f.member.id)
      .filter((id: string) => id === moved.members[0]),
    moved: (await data(FLAGS, { m: moved.members[0], d: day })).node.flags,
    switched: (await data(FLAGS, { m: switched.members[0], d: day })).node.flags,
  });
  const before = await at('2026-06-20', ask);
  expect(before.county).toEqual([moved.members[0], switched.members[0]].sort());
  expect(before.station).toEqual([moved.members[0]]);
  expect(before.moved).toEqual([{ kind: 'DUES_ARREARS', since: '2026-03-16' }]);
  expect(before.switched).toEqual([{ kind: 'DUES_ARREARS', since: '2026-03-16' }]);
  // After the day: one branch moves to a township with the module off, the other's station switches it off.
  const off = await at('2016-01-01', () =>
    createUnit(t, {
      code: `TC-PMOFF${++seq}`,
      name: '未启用党费镇党委',
      kind: 'TOWNSHIP_COMMITTEE',
      parentId: tree.county,
      establishedOn: '2000-01-01',
    }),
  );
  await at('2016-01-01', () => enableModule(t, off, 'party-dues', false));
  await at('2026-06-20', async () => {
    const r = await t.execute(
      `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
      { i: { id: moved.unitId, newParentId: off, effectiveOn: '2026-06-20' } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.moveOrgUnit.userErrors).toEqual([]);
    await enableModule(t, tree.stationB, 'party-dues', false, '2026-06-20');
  });
  expect(await at('2026-06-20', ask)).toEqual(before);
  // Today, the tree and the switches as they are: neither is flagged.
  const now = await at('2026-06-20', async () => ({
    moved: (await data(FLAGS, { m: moved.members[0], d: null })).node.flags,
    switched: (await data(FLAGS, { m: switched.members[0], d: null })).node.flags,
  }));
  expect(now).toEqual({ moved: [], switched: [] });
});

test("a past day's flag whose branch the viewer cannot read is left out, not an error", async () => {
  const a = await branch(1);
  const b = await branch(0, tree.stationB);
  await at('2025-09-05', () => declare(a.unitId, a.members[0], '2025-09-01', 300000));
  await at('2026-06-20', async () => {
    const r = await t.execute(
      `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`,
      { i: { memberId: a.members[0], toBranchId: b.unitId, effectiveOn: '2026-06-20' } },
    );
    expect(r.data.transferMember.userErrors).toEqual([]);
  });
  const FLAGS = `query($m: ID!, $d: Date) { node(id: $m) { ... on Member { flags(asOf: $d) { kind branch { id } } } } }`;
  await accountWith(t, 'pm-staff-b', Role.STATION_STAFF, tree.stationB);
  await accountWith(t, 'pm-admin-all', Role.ADMIN, tree.county);
  const ask = async (who: string) =>
    at('2026-06-20', async () => (await t.as(who))(FLAGS, { m: a.members[0], d: '2026-06-15' }));
  // The county sees the flag on 15 June, at the branch the member then belonged to.
  const admin = await ask('pm-admin-all');
  expect(admin.errors).toBeUndefined();
  expect(admin.data.node.flags).toEqual([{ kind: 'DUES_ARREARS', branch: { id: a.unitId } }]);
  // Station B reads the member now, not the branch of that day under station A.
  const staff = await ask('pm-staff-b');
  expect(staff.errors).toBeUndefined();
  expect(staff.data.node.flags).toEqual([]);
});
