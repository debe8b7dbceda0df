import { Role } from '../../../src/auth/roles';
import { shareOfFen, yuan } from '../../../modules/party-dues/services/bands';
import { lastClosedMonth } from '../../../modules/party-dues/services/arrears-flag';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Party dues: the bands at each edge (pay, pension, flat amounts), rounding to the fen, a reduction,
 * payments and their refusals, closed months and an audited reopening, collection rolled up the
 * tree, the six-month arrears flag at its edge, access per role and the module switched off. The
 * clock is pinned; every file ends with the figures check (a recount compared with the kept tallies).
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const DECLARE = `mutation($i: DeclareDuesIncomeInput!) { declareDuesIncome(input: $i) {
  declaration { id effectiveMonth basis category incomeFen basisPoints dueFen } userErrors { code field message reason } } }`;
const PAY = `mutation($i: RecordDuesPaymentInput!) { recordDuesPayment(input: $i) {
  payment { id month amountFen paidOn channel version } userErrors { code field message reason } } }`;
const CORRECT = `mutation($i: CorrectDuesPaymentInput!) { correctDuesPayment(input: $i) {
  payment { id month amountFen version correctionReason } userErrors { code field message reason } } }`;
const REDUCE = `mutation($i: ApproveDuesReductionInput!) { approveDuesReduction(input: $i) {
  reduction { id fromMonth toMonth dueFen reason approvedOn approvedBy { id } } userErrors { code field message reason } } }`;
const DISCLOSE = `mutation($i: PublishDuesDisclosureInput!) { publishDuesDisclosure(input: $i) {
  disclosure { id fromMonth toMonth dueFen paidFen membersOwing } userErrors { code field message reason } } }`;
const COLLECTION = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  duesCollection(from: $f, to: $to) { dueFen paidFen settledFen collectionRate
    months { month dueFen paidFen settledFen collectionRate membersDue membersPaid membersInArrears }
    figurePeriods { start closed reopened } } } } }`;
const ACCOUNT = `query($m: ID!, $f: Date, $to: Date) { node(id: $m) { ... on Member {
  duesAccount(from: $f, to: $to) { monthsDue monthsPaid dueFen paidFen owedFen months { month dueFen paidFen owedFen status } } } } }`;
const ARREARS = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit {
  duesArrears(asOf: $d) { member { id } branch { id } since through months owedFen detail } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-06-15' });
  await at('2016-01-01', async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'party-dues');
  });
});
afterAll(() => t?.close());

/** Runs `fn` with the clock at `day`, then puts it back. */
async function at<T>(day: string, fn: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set(day);
  try {
    return await fn();
  } finally {
    t.clock.set(now);
  }
}

/** A branch of its own under station A (or `parentId`) with members of `category` who joined on `joinedOn`. */
async function branch(n = 2, o: { category?: string; joinedOn?: string; parentId?: string } = {}) {
  const k = ++seq;
  const unitId = await at('2016-01-01', () =>
    createUnit(t, {
      code: `TC-PD${k}`,
      name: `党费${k}村党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: o.parentId ?? tree.stationA,
      establishedOn: '2000-01-01',
    }),
  );
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const joinedOn = o.joinedOn ?? '2005-01-01';
    const r = await at(joinedOn > '2016-01-01' ? joinedOn : '2016-01-01', () =>
      t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `党费党员${k}-${i}`,
            idCardNumber: idFor('1971-07-07', i % 2 === 0, k * 10 + i),
            category: o.category ?? 'AGENCY_INSTITUTION',
            joinedOn,
            ...(joinedOn < '2010-01-01' ? { fullMemberSince: '2006-01-01' } : {}),
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

async function run(query: string, i: Record<string, unknown>, name: string) {
  const r = await t.execute(query, { i });
  expect(r.errors).toBeUndefined();
  return r.data[name];
}

async function declare(unitId: string, memberId: string, effectiveMonth: string, extra: object = {}) {
  const r = await run(DECLARE, { unitId, memberId, effectiveMonth, ...extra }, 'declareDuesIncome');
  expect(r.userErrors).toEqual([]);
  return r.declaration;
}

const pay = (unitId: string, memberId: string, month: string, amountFen: number, paidOn = month, extra = {}) =>
  run(PAY, { unitId, memberId, month, amountFen, paidOn, channel: 'CASH', ...extra }, 'recordDuesPayment');

async function paid(unitId: string, memberId: string, month: string, amountFen: number, paidOn = month) {
  const r = await pay(unitId, memberId, month, amountFen, paidOn);
  expect(r.userErrors).toEqual([]);
  return r.payment;
}

async function data(query: string, variables: Record<string, unknown>) {
  const r = await t.execute(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
}

test('shares of fen are rounded half up in integers; yuan are written from fen', () => {
  expect(shareOfFen(123450, 50)).toBe(617); // 617.25 fen
  expect(shareOfFen(123500, 50)).toBe(618); // 617.5 fen: half up
  expect(shareOfFen(300001, 100)).toBe(3000); // 3000.01 fen
  expect(shareOfFen(2_000_000_000, 200)).toBe(40_000_000);
  expect(yuan(1200)).toBe('12.00');
  expect(yuan(5)).toBe('0.05');
  expect(yuan('123456789012')).toBe('1234567890.12');
});

test('every band edge: pay, pension, flat amounts by category, and the month it runs from', async () => {
  const b = await branch(1);
  const cases: [string, number | null, number, number | null][] = [
    ['SALARY', 300000, 1500, 50], // 3,000.00 yuan: 0.5 %
    ['SALARY', 300001, 3000, 100], // 3,000.01: 1 % → 30.0001 yuan, 30.00
    ['SALARY', 500000, 5000, 100],
    ['SALARY', 500001, 7500, 150], // 75.00015 yuan → 75.00
    ['SALARY', 1000000, 15000, 150],
    ['SALARY', 1000001, 20000, 200],
    ['SALARY', 123500, 618, 50], // 6.175 yuan → 6.18 (half up)
    ['PENSION', 500000, 2500, 50], // retired: ≤ 5,000 0.5 %
    ['PENSION', 500001, 5000, 100], // above: 1 %
    ['FARMER', null, 20, null], // rural: 0.20 yuan (policy default)
    ['LOW_INCOME', null, 20, null], // students, unemployed, subsistence allowance
  ];
  let month = 0;
  for (const [basis, income, due, bp] of cases) {
    month += 1;
    const first = `2025-${String(month).padStart(2, '0')}-01`;
    // Declared within its month, while it is open.
    const d = await at(first.replace(/01$/, '05'), () =>
      declare(b.unitId, b.members[0], first.replace(/01$/, '10'), { basis, monthlyIncomeFen: income }),
    );
    expect([d.basis, d.dueFen, d.basisPoints, d.effectiveMonth]).toEqual([basis, due, bp, first]);
  }
  // The basis follows the category unless given: a rural member farms, a student pays the minimum.
  const rural = await branch(1, { category: 'RURAL' });
  expect((await declare(rural.unitId, rural.members[0], '2026-06-01')).basis).toBe('FARMER');
  const student = await branch(1, { category: 'STUDENT' });
  expect((await declare(student.unitId, student.members[0], '2026-06-01')).dueFen).toBe(20);
  const retired = await branch(1, { category: 'RETIRED' });
  const noIncome = await run(
    DECLARE,
    { unitId: retired.unitId, memberId: retired.members[0], effectiveMonth: '2026-06-01' },
    'declareDuesIncome',
  );
  expect(noIncome.userErrors).toEqual([
    expect.objectContaining({ field: ['input', 'monthlyIncomeFen'], reason: 'INCOME_REQUIRED' }),
  ]);
  const flatWithIncome = await run(
    DECLARE,
    { unitId: rural.unitId, memberId: rural.members[0], effectiveMonth: '2026-06-01', monthlyIncomeFen: 100 },
    'declareDuesIncome',
  );
  expect(flatWithIncome.userErrors[0].field).toEqual(['input', 'monthlyIncomeFen']);
  const future = await run(
    DECLARE,
    { unitId: b.unitId, memberId: b.members[0], effectiveMonth: '2026-07-01', monthlyIncomeFen: 100 },
    'declareDuesIncome',
  );
  expect(future.userErrors[0].reason).toBe('MONTH_IN_FUTURE');
});

test('payments: the refusals name their field; a correction is versioned and audited', async () => {
  const b = await branch(2, { joinedOn: '2026-03-20' });
  const other = await branch(1);
  await at('2026-03-25', () => declare(b.unitId, b.members[0], '2026-03-01', { monthlyIncomeFen: 400000 }));
  const reasons = async (x: Promise<any>) => (await x).userErrors.map((e: any) => [e.field.join('.'), e.reason]);
  expect(await reasons(pay(b.unitId, b.members[0], '2026-06-01', 0))).toEqual([
    ['input.amountFen', 'AMOUNT_NOT_POSITIVE'],
  ]);
  expect(await reasons(pay(b.unitId, b.members[0], '2026-06-01', -5))).toEqual([
    ['input.amountFen', 'AMOUNT_NOT_POSITIVE'],
  ]);
  expect(await reasons(pay(b.unitId, b.members[0], '2026-07-01', 4000))).toEqual([['input.month', 'MONTH_IN_FUTURE']]);
  expect(await reasons(pay(b.unitId, b.members[0], '2026-06-01', 4000, '2026-06-16'))).toEqual([
    ['input.paidOn', 'IN_FUTURE'],
  ]);
  // Probation began 20 March: nothing is owed for February, March is owed.
  expect(await reasons(at('2026-03-25', () => pay(b.unitId, b.members[0], '2026-02-01', 4000, '2026-03-25')))).toEqual([
    ['input.month', 'BEFORE_PROBATION'],
  ]);
  expect(
    (await at('2026-03-25', () => pay(b.unitId, b.members[0], '2026-03-01', 4000, '2026-03-25'))).userErrors,
  ).toEqual([]);
  expect(await reasons(pay(b.unitId, b.members[1], '2026-06-01', 4000))).toEqual([['input.month', 'NOT_ASSESSED']]);
  expect(await reasons(pay(other.unitId, b.members[0], '2026-06-01', 4000))).toEqual([
    ['input.memberId', 'DUES_NOT_OF_BRANCH'],
  ]);
  const gql = await t.execute(PAY, {
    i: {
      unitId: b.unitId,
      memberId: b.members[0],
      month: '2026-06-01',
      amountFen: 12.5,
      paidOn: '2026-06-01',
      channel: 'CASH',
    },
  });
  expect(codeOf(gql)).toBe('BAD_USER_INPUT'); // not an integer number of fen: refused before anything runs
  const p = await paid(b.unitId, b.members[0], '2026-06-15', 3000, '2026-06-15');
  expect([p.month, p.amountFen, p.version]).toEqual(['2026-06-01', 3000, 1]);
  const fixed = await run(
    CORRECT,
    {
      paymentId: p.id,
      version: 1,
      month: '2026-06-01',
      amountFen: 4000,
      paidOn: '2026-06-15',
      channel: 'ONLINE',
      reason: '金额录错',
    },
    'correctDuesPayment',
  );
  expect(fixed.userErrors).toEqual([]);
  expect([fixed.payment.amountFen, fixed.payment.version, fixed.payment.correctionReason]).toEqual([
    4000,
    2,
    '金额录错',
  ]);
  const stale = await run(
    CORRECT,
    {
      paymentId: p.id,
      version: 1,
      month: '2026-06-01',
      amountFen: 4000,
      paidOn: '2026-06-15',
      channel: 'ONLINE',
      reason: '再改',
    },
    'correctDuesPayment',
  );
  expect(stale.userErrors[0].code).toBe('CONFLICT');
  const [audit] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM audit_event WHERE operation = 'correctDuesPayment'`,
  );
  expect(audit.n).toBeGreaterThanOrEqual(1);
  const account = (await data(ACCOUNT, { m: b.members[0], f: '2026-01-01', to: '2026-06-30' })).node.duesAccount;
  expect(account).toEqual({
    monthsDue: 4,
    monthsPaid: 2,
    dueFen: 16000,
    paidFen: 8000,
    owedFen: 8000,
    months: [
      { month: '2026-03-01', dueFen: 4000, paidFen: 4000, owedFen: 0, status: 'PAID' },
      { month: '2026-04-01', dueFen: 4000, paidFen: 0, owedFen: 4000, status: 'UNPAID' },
      { month: '2026-05-01', dueFen: 4000, paidFen: 0, owedFen: 4000, status: 'UNPAID' },
      { month: '2026-06-01', dueFen: 4000, paidFen: 4000, owedFen: 0, status: 'PAID' },
    ],
  });
});

test('a closed month is refused until it is reopened (audited), and closes again', async () => {
  const b = await branch(1);
  await at('2026-04-02', () => declare(b.unitId, b.members[0], '2026-04-01', { monthlyIncomeFen: 200000 }));
  // May closes 15 days after it: 15 June is open, 16 June closed.
  expect(
    (await at('2026-06-15', () => pay(b.unitId, b.members[0], '2026-05-01', 1000, '2026-06-15'))).userErrors,
  ).toEqual([]);
  const refused = await at('2026-06-16', () => pay(b.unitId, b.members[0], '2026-05-01', 1000, '2026-06-16'));
  expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'PERIOD_CLOSED', field: ['input', 'month'] })]);
  await at('2026-06-16', async () => {
    const reopen = await t.execute(
      `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code } } }`,
      { i: { unitId: b.unitId, module: 'party-dues', from: '2026-05-01', reason: '补录五月党费' } },
    );
    expect(reopen.data.reopenPeriods.userErrors).toEqual([]);
    expect((await pay(b.unitId, b.members[0], '2026-05-01', 1000, '2026-06-16')).userErrors).toEqual([]);
    const fig = (await data(COLLECTION, { u: b.unitId, f: '2026-05-01', to: '2026-05-31' })).node.duesCollection;
    expect(fig.figurePeriods).toEqual([{ start: '2026-05-01', closed: true, reopened: true }]);
    expect(fig.paidFen).toBe('2000');
    const close = await t.execute(
      `mutation($i: CloseReopenedPeriodsInput!) { closeReopenedPeriods(input: $i) { userErrors { code } } }`,
      { i: { unitId: b.unitId, module: 'party-dues' } },
    );
    expect(close.data.closeReopenedPeriods.userErrors).toEqual([]);
    expect((await pay(b.unitId, b.members[0], '2026-05-01', 1000, '2026-06-16')).userErrors[0].code).toBe(
      'PERIOD_CLOSED',
    );
  });
});

test('collection per month, rolled up the tree: owed, paid, settled, rate and members in arrears', async () => {
  const town = await at('2016-01-01', () =>
    createUnit(t, {
      code: `TC-PDT${++seq}`,
      name: '党费镇党委',
      kind: 'TOWNSHIP_COMMITTEE',
      parentId: tree.county,
      establishedOn: '2000-01-01',
    }),
  );
  const a = await branch(2, { parentId: town });
  const b = await branch(1, { parentId: town });
  await at('2026-05-02', async () => {
    await declare(a.unitId, a.members[0], '2026-05-01', { monthlyIncomeFen: 400000 }); // 40.00 a month
    await declare(a.unitId, a.members[1], '2026-05-01', { monthlyIncomeFen: 200000 }); // 10.00
    await declare(b.unitId, b.members[0], '2026-05-01', { basis: 'FARMER' }); // 0.20
  });
  await paid(a.unitId, a.members[0], '2026-05-01', 4000, '2026-05-20');
  await paid(a.unitId, a.members[1], '2026-05-01', 500, '2026-05-20'); // half
  await paid(b.unitId, b.members[0], '2026-05-01', 100, '2026-05-20'); // five months ahead in one payment: 0.20 settles
  await paid(a.unitId, a.members[0], '2026-06-01', 4000, '2026-06-10');
  const fig = (await data(COLLECTION, { u: town, f: '2026-05-01', to: '2026-06-30' })).node.duesCollection;
  expect(fig.months).toEqual(
    [
      {
        month: '2026-05-01',
        dueFen: '5020',
        paidFen: '4600',
        settledFen: '4520',
        collectionRate: 4520 / 5020,
        membersDue: 3,
        membersPaid: 2,
        membersInArrears: 1,
      },
      {
        month: '2026-06-01',
        dueFen: '5020',
        paidFen: '4000',
        settledFen: '4000',
        collectionRate: 4000 / 5020,
        membersDue: 3,
        membersPaid: 1,
        membersInArrears: 2,
      },
    ].map((m) => ({ ...m, collectionRate: expect.closeTo(m.collectionRate, 3) })),
  );
  expect([fig.dueFen, fig.paidFen, fig.settledFen]).toEqual(['10040', '8600', '8520']);
  // The county holds the town and everything else recorded here.
  const county = (await data(COLLECTION, { u: tree.county, f: '2026-05-01', to: '2026-06-30' })).node.duesCollection;
  expect(BigInt(county.dueFen)).toBeGreaterThanOrEqual(10040n);
  const townOnly = (await data(COLLECTION, { u: a.unitId, f: '2026-05-01', to: '2026-05-31' })).node.duesCollection;
  expect([townOnly.dueFen, townOnly.paidFen]).toEqual(['5000', '4500']);
  // The branch posts its account: the figures as they stand.
  const d = await run(
    DISCLOSE,
    { unitId: a.unitId, fromMonth: '2026-05-01', toMonth: '2026-05-31', publishedOn: '2026-06-12' },
    'publishDuesDisclosure',
  );
  expect(d.userErrors).toEqual([]);
  expect([d.disclosure.dueFen, d.disclosure.paidFen, d.disclosure.membersOwing]).toEqual(['5000', '4500', 1]);
  const again = await run(
    DISCLOSE,
    { unitId: a.unitId, fromMonth: '2026-05-01', toMonth: '2026-05-31', publishedOn: '2026-06-12' },
    'publishDuesDisclosure',
  );
  expect(again.userErrors[0].code).toBe('CONFLICT');
});

test('a reduction approved above: the months owe the reduced amount; an exempted month is not unpaid', async () => {
  const b = await branch(1);
  await at('2026-01-05', () => declare(b.unitId, b.members[0], '2026-01-01', { monthlyIncomeFen: 600000 })); // 90.00
  const input = {
    unitId: b.unitId,
    memberId: b.members[0],
    committeeId: tree.township,
    fromMonth: '2026-03-01',
    toMonth: '2026-04-30',
    monthlyFen: 0,
    reason: '因病生活困难',
    approvedOn: '2026-03-02',
  };
  const notAbove = await at('2026-03-05', () =>
    run(REDUCE, { ...input, committeeId: b.unitId }, 'approveDuesReduction'),
  );
  expect(notAbove.userErrors[0].reason).toBe('NOT_ABOVE');
  const notLess = await at('2026-03-05', () => run(REDUCE, { ...input, monthlyFen: 9000 }, 'approveDuesReduction'));
  expect(notLess.userErrors[0].field).toEqual(['input', 'monthlyFen']);
  const r = await at('2026-03-05', () => run(REDUCE, input, 'approveDuesReduction'));
  expect(r.userErrors).toEqual([]);
  expect([r.reduction.fromMonth, r.reduction.toMonth, r.reduction.dueFen, r.reduction.approvedBy.id]).toEqual([
    '2026-03-01',
    '2026-04-01',
    0,
    tree.township,
  ]);
  const overlap = await at('2026-03-05', () =>
    run(REDUCE, { ...input, fromMonth: '2026-04-01', toMonth: '2026-05-01', monthlyFen: 100 }, 'approveDuesReduction'),
  );
  expect(overlap.userErrors[0].reason).toBe('OVERLAPPING');
  const account = (await data(ACCOUNT, { m: b.members[0], f: '2026-01-01', to: '2026-05-31' })).node.duesAccount;
  expect(account.months.map((m: any) => [m.month.slice(0, 7), m.dueFen, m.status])).toEqual([
    ['2026-01', 9000, 'UNPAID'],
    ['2026-02', 9000, 'UNPAID'],
    ['2026-03', 0, 'WAIVED'],
    ['2026-04', 0, 'WAIVED'],
    ['2026-05', 9000, 'UNPAID'],
  ]);
  expect([account.monthsDue, account.owedFen]).toEqual([3, 27000]);

  // A reduction lowers dues, never raises them: a later declaration that assesses less is owed as assessed.
  const c = await branch(1);
  const other = c.members[0];
  await at('2026-01-05', () => declare(c.unitId, other, '2026-01-01', { monthlyIncomeFen: 600000 })); // 90.00
  const lower = await at('2026-03-05', () =>
    run(REDUCE, { ...input, unitId: c.unitId, memberId: other, monthlyFen: 5000 }, 'approveDuesReduction'),
  );
  expect(lower.userErrors).toEqual([]);
  await at('2026-04-02', () => declare(c.unitId, other, '2026-04-01', { monthlyIncomeFen: 200000 })); // 10.00
  const after = (await data(ACCOUNT, { m: other, f: '2026-02-01', to: '2026-05-31' })).node.duesAccount;
  expect(after.months.map((m: any) => [m.month.slice(0, 7), m.dueFen])).toEqual([
    ['2026-02', 9000],
    ['2026-03', 5000],
    ['2026-04', 1000],
    ['2026-05', 1000],
  ]);
});

test('six consecutive unpaid months: five are not flagged, six are, a payment or a waived month breaks the run', async () => {
  expect([lastClosedMonth('2026-06-15'), lastClosedMonth('2026-06-16')]).toEqual(['2026-04-01', '2026-05-01']);
  const b = await branch(3);
  await at('2025-11-05', async () => {
    for (const m of b.members) await declare(b.unitId, m, '2025-11-01', { monthlyIncomeFen: 200000 }); // 10.00
    for (const m of b.members) await paid(b.unitId, m, '2025-11-01', 1000, '2025-11-05');
  });
  // members[1] pays December; members[2] is exempted for February.
  await at('2025-12-05', () => paid(b.unitId, b.members[1], '2025-12-01', 1000, '2025-12-05'));
  await at('2026-01-05', () =>
    run(
      REDUCE,
      {
        unitId: b.unitId,
        memberId: b.members[2],
        committeeId: tree.township,
        fromMonth: '2026-02-01',
        toMonth: '2026-02-01',
        monthlyFen: 0,
        reason: '失业',
        approvedOn: '2026-01-04',
      },
      'approveDuesReduction',
    ),
  );
  const flagged = async (asOf: string) =>
    (await data(ARREARS, { u: b.unitId, d: asOf })).node.duesArrears.map((x: any) => [
      x.member.id,
      x.since,
      x.months,
      x.owedFen,
    ]);
  // 15 June: April is the last closed month, December to April is five months.
  expect(await flagged('2026-06-15')).toEqual([]);
  // 16 June: May closed; December to May is six.
  expect(await flagged('2026-06-16')).toEqual([[b.members[0], '2025-12-01', 6, 6000]]);
  const [row] = (await data(ARREARS, { u: tree.county, d: '2026-06-16' })).node.duesArrears.filter(
    (x: any) => x.member.id === b.members[0],
  );
  expect(row.detail).toBe('2025-12 至 2026-05 未交，共 6 个月 欠 60.00 元');
  expect(row.branch.id).toBe(b.unitId);
  // members[1] (December paid) reaches six in July's close; members[2]'s exempted February breaks its run until later.
  expect((await flagged('2026-07-16')).map((x: any[]) => x[0])).toEqual([b.members[0], b.members[1]]);
  // A payment for one month of the run ends it (the month reopened to record it late).
  await at('2026-06-16', async () => {
    await t.execute(`mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code } } }`, {
      i: { unitId: b.unitId, module: 'party-dues', from: '2026-05-01', reason: '补录党费' },
    });
    await paid(b.unitId, b.members[0], '2026-05-01', 1000, '2026-06-16');
    await t.execute(
      `mutation($i: CloseReopenedPeriodsInput!) { closeReopenedPeriods(input: $i) { userErrors { code } } }`,
      {
        i: { unitId: b.unitId, module: 'party-dues' },
      },
    );
  });
  expect(await flagged('2026-06-16')).toEqual([]);
  // The core's one list of flagged members carries it, beside organisational life's kind.
  const listed = await at('2026-07-16', () =>
    t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit {
        flaggedMembers(kinds: [DUES_ARREARS]) { member { id } branch { id } kind module since detail } } } }`,
      { u: b.unitId },
    ),
  );
  expect(listed.errors).toBeUndefined();
  // On 16 July members[0]'s run is June alone (May paid); members[1] has January to June.
  expect(listed.data.node.flaggedMembers).toEqual([
    {
      member: { id: b.members[1] },
      branch: { id: b.unitId },
      kind: 'DUES_ARREARS',
      module: 'party-dues',
      // The day the sixth month (June) closed: the flag holds from then.
      since: '2026-07-16',
      detail: '2026-01 至 2026-06 未交，共 6 个月 欠 60.00 元',
    },
  ]);
});

test('a member who moves: the receiving branch declares, the old branch owes no more from that month', async () => {
  const a = await branch(1);
  const b = await branch(0);
  const m = a.members[0];
  await at('2026-03-02', () => declare(a.unitId, m, '2026-03-01', { monthlyIncomeFen: 200000 })); // 10.00
  await at('2026-05-02', async () => {
    const moved = await t.execute(
      `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`,
      { i: { memberId: m, toBranchId: b.unitId, effectiveOn: '2026-05-02' } },
    );
    expect(moved.data.transferMember.userErrors).toEqual([]);
    await declare(b.unitId, m, '2026-05-01', { monthlyIncomeFen: 300000 }); // 15.00
  });
  const due = async (u: string) =>
    (await data(COLLECTION, { u, f: '2026-03-01', to: '2026-06-30' })).node.duesCollection.months.map(
      (x: any) => x.dueFen,
    );
  expect(await due(a.unitId)).toEqual(['1000', '1000', '0', '0']);
  expect(await due(b.unitId)).toEqual(['0', '0', '1500', '1500']);
  // Payments for April go to the old branch, for May to the new one.
  expect((await pay(b.unitId, m, '2026-04-01', 1000, '2026-06-01')).userErrors[0].reason).toBe('DUES_NOT_OF_BRANCH');
  expect((await pay(b.unitId, m, '2026-05-01', 1500, '2026-06-01')).userErrors).toEqual([]);
});

test('access per role: the branch records, the station above too, the county reads, others see nothing', async () => {
  const b = await branch(1);
  await at('2026-06-01', () => declare(b.unitId, b.members[0], '2026-06-01', { monthlyIncomeFen: 200000 }));
  await accountWith(t, 'pd-sec', Role.SECRETARY, b.unitId);
  await accountWith(t, 'pd-staff', Role.STATION_STAFF, tree.stationA);
  await accountWith(t, 'pd-analyst', Role.ANALYST, tree.county);
  await accountWith(t, 'pd-admin', Role.ADMIN, tree.county);
  await accountWith(t, 'pd-member', Role.MEMBER, b.unitId, b.members[0]);
  await accountWith(t, 'pd-otherstaff', Role.STATION_STAFF, tree.stationB);
  const payAs = async (who: string) => {
    const r = await (
      await t.as(who)
    )(PAY, {
      i: {
        unitId: b.unitId,
        memberId: b.members[0],
        month: '2026-06-01',
        amountFen: 100,
        paidOn: '2026-06-10',
        channel: 'ONLINE',
      },
    });
    return r.data?.recordDuesPayment?.userErrors?.[0]?.code ?? codeOf(r) ?? 'OK';
  };
  expect(await payAs('pd-sec')).toBe('OK');
  expect(await payAs('pd-staff')).toBe('OK');
  expect(await payAs('pd-admin')).toBe('OK');
  expect(await payAs('pd-analyst')).toBe('FORBIDDEN');
  expect(await payAs('pd-member')).toBe('FORBIDDEN');
  expect(await payAs('pd-otherstaff')).toBe('NOT_FOUND');
  const payment = (
    await data(`query($u: ID!) { node(id: $u) { ... on OrgUnit { duesPayments(month: "2026-06-01") { id } } } }`, {
      u: b.unitId,
    })
  ).node.duesPayments[0].id;
  const read = async (who: string) =>
    (await (await t.as(who))(`query($id: ID!) { node(id: $id) { id } }`, { id: payment })).data?.node;
  expect(await read('pd-analyst')).toEqual({ id: payment });
  expect(await read('pd-otherstaff')).toBeNull();
  const fig = await (await t.as('pd-analyst'))(COLLECTION, { u: tree.county, f: '2026-06-01', to: '2026-06-30' });
  expect(fig.errors).toBeUndefined();
  // A member reads the branch's posted dues account (the list and the node), not its collection figures.
  const published = await at('2026-06-15', () =>
    run(
      DISCLOSE,
      { unitId: b.unitId, fromMonth: '2026-05-01', toMonth: '2026-05-31', publishedOn: '2026-06-12' },
      'publishDuesDisclosure',
    ),
  );
  expect(published.userErrors).toEqual([]);
  const posted = await (
    await t.as('pd-member')
  )(`query($u: ID!) { node(id: $u) { ... on OrgUnit { duesDisclosures { id } } } }`, { u: b.unitId });
  expect(posted.errors).toBeUndefined();
  expect(posted.data.node.duesDisclosures).toEqual([{ id: published.disclosure.id }]);
  expect(
    (await (await t.as('pd-member'))(`query($id: ID!) { node(id: $id) { id } }`, { id: published.disclosure.id })).data
      .node,
  ).toEqual({ id: published.disclosure.id });
  const theirs = await (await t.as('pd-member'))(COLLECTION, { u: b.unitId, f: '2026-06-01', to: '2026-06-30' });
  expect(theirs.data?.node?.duesCollection ?? null).toBeNull();
});

test('switched off: MODULE_DISABLED for the mutations and the fields; the rest answers', async () => {
  const town = await at('2016-01-01', () =>
    createUnit(t, {
      code: `TC-PDX${++seq}`,
      name: '停用党费镇党委',
      kind: 'TOWNSHIP_COMMITTEE',
      parentId: tree.county,
      establishedOn: '2000-01-01',
    }),
  );
  const b = await branch(1, { parentId: town });
  await at('2016-01-01', () => enableModule(t, town, 'party-dues', false));
  const r = await t.execute(DECLARE, {
    i: { unitId: b.unitId, memberId: b.members[0], effectiveMonth: '2026-06-01', monthlyIncomeFen: 100 },
  });
  expect(codeOf(r)).toBe('MODULE_DISABLED');
  const q = await t.execute(`query($u: ID!) { node(id: $u) { ... on OrgUnit { name duesArrears { months } } } }`, {
    u: town,
  });
  expect(q.data.node.name).toBe('停用党费镇党委');
  expect(codeOf(q)).toBe('MODULE_DISABLED');
});
