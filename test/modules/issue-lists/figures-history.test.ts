import { loadModules } from '../../../src/module-system/loader';
import { issueFigures } from '../../../modules/issue-lists/services/figures';
import { createTestApp, type TestApp } from '../../support/test-app';
import { ASSIGN, CLOSE, countyWith, ok, raise, REOPEN, RESOLVE, START, type Exec } from './issues';

/**
 * Issue 16 for the issue lists: figures are kept per unit and day as the tree was on each day, months
 * close 10 days after their last day, and what a closed month counted stays counted — a move or a
 * module switch today changes no past figure, a backdated write into a closed month is refused
 * PERIOD_CLOSED until an administrator reopens it, and concurrent writers lose no count. The check at
 * `t.close()` compares every tally with a recount of the facts.
 */
let t: TestApp;

beforeAll(async () => {
  // This module alone: the refusals and reopenings below are its own closed months.
  t = await createTestApp({
    now: '2026-10-05',
    modules: loadModules(undefined).filter((m) => m.name === 'issue-lists'),
  });
});
afterAll(() => t?.close());

const FIGURES = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  issueStats(from: $from, to: $to) { raised resolved closed awaitingConfirmation medianDaysToClose
    resolvedByLevel { level closed awaitingConfirmation } periods { kind start closed closesOn reopened } }
  inspectionCoverage(from: $from, to: $to) { inspections townships villages villagesInspected periods { start closed reopened } } } } }`;
const COUNTS_ONLY = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  issueStats(from: $from, to: $to) { raised resolved closed overdueNow } } } }`;
const WITH_DETAIL = COUNTS_ONLY.replace('overdueNow }', 'overdueNow awaitingConfirmation }');
const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code field message } } }`;
const SWITCH = `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code field message } } }`;
const REOPEN_PERIODS = `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code field message } } }`;
const INSPECT = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { userErrors { code field message } } }`;
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

const figures = async (u: string, range = OCTOBER) => {
  const r = await t.execute(FIGURES, { u, ...range });
  expect(r.errors).toBeUndefined();
  return r.data.node;
};
/** The figures without the period states (which a reopening changes). */
const counts = ({ issueStats, inspectionCoverage }: any) => ({
  issueStats: { ...issueStats, periods: undefined },
  inspectionCoverage: { ...inspectionCoverage, periods: undefined },
});

async function solve(by: Exec, id: string) {
  ok(await by(ASSIGN, { i: { issueId: id, responsiblePerson: '村主任' } }), 'assignIssue');
  ok(await by(START, { i: { issueId: id } }), 'startIssue');
  ok(await by(RESOLVE, { i: { issueId: id } }), 'resolveIssue');
}

/** A county whose village 1 raised, solved and had crossed off issues in October, and was inspected. */
async function october(prefix: string) {
  t.clock.set('2026-10-05');
  const l = await countyWith(t, prefix, {}, 'sec-v1', 'staff-a', 'township');
  const { tree, as } = l;
  t.clock.set('2026-10-12T10:00:00+08:00');
  const closed = await raise(as['sec-v1'], { title: '路灯损坏', raisedUnitId: tree.village1 });
  await solve(as['sec-v1'], closed.id);
  t.clock.set('2026-10-14T10:00:00+08:00');
  ok(await as['staff-a'](CLOSE, { i: { issueId: closed.id } }), 'closeIssue');
  const awaiting = await raise(as['sec-v1'], { title: '水渠堵塞', raisedUnitId: tree.village1 });
  await solve(as['sec-v1'], awaiting.id);
  await raise(as['sec-v1'], { title: '活动室漏雨', raisedUnitId: tree.village1, deadline: '2026-10-30' });
  const inspected = await t.execute(INSPECT, {
    i: {
      unitId: tree.village1,
      byUnitId: tree.township,
      inspectedOn: '2026-10-14',
      inspectors: ['组织委员'],
      unannounced: true,
      findings: [],
    },
  });
  expect(inspected.data.recordInspection.userErrors).toEqual([]);
  // October closes on 11 November (its last day and 10 days' grace).
  t.clock.set('2026-11-20T10:00:00+08:00');
  return { ...l, awaiting: awaiting.id as string };
}

test('a move today changes no past figure at station, township or county; a move dated in a closed month is refused until reopened', async () => {
  const { tree, as, awaiting } = await october('FA');
  const units = [tree.stationA, tree.stationB, tree.township, tree.county];
  const before = await Promise.all(units.map((u) => figures(u)));
  expect(before[0].issueStats).toMatchObject({ raised: 3, resolved: 2, closed: 1, awaitingConfirmation: 1 });
  expect(before[0].issueStats.medianDaysToClose).toBe(2);
  expect(before[0].issueStats.periods).toEqual([
    { kind: 'MONTH', start: '2026-10-01', closed: true, closesOn: '2026-11-11', reopened: false },
  ]);
  expect(before[2].inspectionCoverage).toMatchObject({ inspections: 1, villagesInspected: 1 });

  // Village 1 moves to station B today; the awaiting issue is crossed off today.
  ok(await t.execute(MOVE, { i: { id: tree.village1, newParentId: tree.stationB } }), 'moveOrgUnit');
  ok(await as.township(CLOSE, { i: { issueId: awaiting } }), 'closeIssue');
  const after = await Promise.all(units.map((u) => figures(u)));
  expect(after.map(counts)).toEqual(before.map(counts));
  // Asked without the finer figures, the counts come from the coarser roll-up: the same numbers.
  for (const u of units) {
    const coarse = (await t.execute(COUNTS_ONLY, { u, ...OCTOBER })).data.node.issueStats;
    const fine = (await t.execute(WITH_DETAIL, { u, ...OCTOBER })).data.node.issueStats;
    expect(fine.awaitingConfirmation).toBeDefined();
    expect(coarse).toEqual({
      raised: fine.raised,
      resolved: fine.resolved,
      closed: fine.closed,
      overdueNow: fine.overdueNow,
    });
  }
  // Crossed off today, it counts in November, at its new station.
  const november = { from: '2026-11-01', to: '2026-11-30' };
  expect((await figures(tree.stationB, november)).issueStats).toMatchObject({ raised: 0, closed: 1 });
  expect((await figures(tree.stationA, november)).issueStats).toMatchObject({ closed: 0 });

  // Village 2 moved with a date in closed October: refused, nothing changed.
  const back = { i: { id: tree.village2, newParentId: tree.stationB, effectiveOn: '2026-10-20' } };
  const refused = (await t.execute(MOVE, back)).data.moveOrgUnit.userErrors;
  expect(refused[0]).toMatchObject({ code: 'PERIOD_CLOSED', field: ['input', 'effectiveOn'] });
  expect((await Promise.all(units.map((u) => figures(u)))).map(counts)).toEqual(before.map(counts));
  // Reopened for the county (every module's October, since a move changes them all), it is allowed.
  for (const { name } of t.app.figures.keeping)
    if (t.app.figures.firstOpenDay(name, t.today)! > '2026-10-20')
      ok(
        await t.execute(REOPEN_PERIODS, {
          i: { unitId: tree.county, module: name, from: '2026-10-20', reason: '区划调整补录' },
        }),
        'reopenPeriods',
      );
  expect((await t.execute(MOVE, back)).data.moveOrgUnit.userErrors).toEqual([]);
  expect((await figures(tree.county)).issueStats.periods[0]).toMatchObject({ closed: true, reopened: true });
});

test('switching the module off for a township today changes no past figure; switching it off in a closed month is refused', async () => {
  const { tree } = await october('FB');
  const units = [tree.stationA, tree.township, tree.county];
  const before = await Promise.all(units.map((u) => figures(u)));
  expect(before[2].inspectionCoverage).toMatchObject({ townships: 1, villages: 3, villagesInspected: 1 });
  const past = await t.execute(SWITCH, {
    i: { unitId: tree.township, module: 'issue-lists', enabled: false, effectiveOn: '2026-10-20' },
  });
  expect(past.data.setModuleEnabled.userErrors[0]).toMatchObject({
    code: 'PERIOD_CLOSED',
    field: ['input', 'effectiveOn'],
  });
  const off = await t.execute(SWITCH, {
    i: { unitId: tree.township, module: 'issue-lists', enabled: false, effectiveOn: t.today },
  });
  expect(off.data.setModuleEnabled.userErrors).toEqual([]);
  // The county still sees October as it was (the township's own figures are not answered while off).
  expect(counts(await figures(tree.county))).toEqual(counts(before[2]));
  const now = await figures(tree.county, { from: '2026-11-01', to: t.today });
  expect(now.inspectionCoverage).toMatchObject({ townships: 0, villages: 0 });
});

test('an inspection dated in a closed month is refused PERIOD_CLOSED and changes nothing; after reopening it is recorded and the month shows it was reopened', async () => {
  const { tree } = await october('FC');
  const before = await Promise.all([tree.township, tree.county].map((u) => figures(u)));
  const late = {
    i: {
      unitId: tree.village2,
      byUnitId: tree.township,
      inspectedOn: '2026-10-28',
      inspectors: ['组织委员'],
      unannounced: true,
      findings: [{ title: '台账不全', category: 'PARTY_BUILDING', deadline: '2026-12-15' }],
    },
  };
  const refused = (await t.execute(INSPECT, late)).data.recordInspection.userErrors;
  expect(refused[0]).toMatchObject({ code: 'PERIOD_CLOSED', field: ['input', 'inspectedOn'] });
  expect(await Promise.all([tree.township, tree.county].map((u) => figures(u)))).toEqual(before);

  ok(
    await t.execute(REOPEN_PERIODS, {
      i: { unitId: tree.township, module: 'issue-lists', from: '2026-10-01', reason: '补录督导记录' },
    }),
    'reopenPeriods',
  );
  expect((await t.execute(INSPECT, late)).data.recordInspection.userErrors).toEqual([]);
  const after = await figures(tree.county);
  expect(after.inspectionCoverage).toMatchObject({ inspections: 2, villagesInspected: 2 });
  expect(after.inspectionCoverage.periods).toEqual([{ start: '2026-10-01', closed: true, reopened: true }]);
  expect(after.issueStats.periods[0]).toMatchObject({ start: '2026-10-01', closed: true, reopened: true });
  // Its finding is raised today: it counts in November, not in the reopened October.
  expect(after.issueStats).toMatchObject({ raised: before[1].issueStats.raised });
});

test('50 concurrent writers on one village: every issue raised is counted', async () => {
  t.clock.set('2026-11-20');
  const { tree } = await countyWith(t, 'FD', {});
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, k) =>
      t.execute(
        `mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { issue { id } userErrors { code message } } }`,
        {
          i: {
            title: `问题${k}`,
            category: 'OTHER',
            source: 'OTHER',
            raisedUnitId: tree.village3,
            deadline: '2026-11-30',
          },
        },
      ),
    ),
  );
  expect(results.flatMap((r) => r.errors ?? r.data.raiseIssue.userErrors)).toEqual([]);
  const day = { from: t.today, to: t.today };
  for (const u of [tree.village3, tree.stationB, tree.township, tree.county])
    expect((await figures(u, day)).issueStats.raised).toBe(50);
  // The tallies equal a recount of the facts (also checked at the end of the file).
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('a report of solving settled after its month closed leaves that month as it was: crossed off or returned today, October stays, the check agrees', async () => {
  t.clock.set('2026-10-05');
  const { tree, as } = await countyWith(t, 'FE', {}, 'sec-v1', 'township');
  t.clock.set('2026-10-12T10:00:00+08:00');
  const crossed = await raise(as['sec-v1'], { title: '路灯损坏', raisedUnitId: tree.village1 });
  await solve(as['sec-v1'], crossed.id);
  const returned = await raise(as['sec-v1'], { title: '水渠堵塞', raisedUnitId: tree.village1 });
  await solve(as['sec-v1'], returned.id);
  const inGrace = await raise(as['sec-v1'], { title: '活动室漏雨', raisedUnitId: tree.village1 });
  await solve(as['sec-v1'], inGrace.id);
  // Crossed off on 5 November, before October closes (11 November): October's report is settled in October's rows.
  t.clock.set('2026-11-05T10:00:00+08:00');
  ok(await as.township(CLOSE, { i: { issueId: inGrace.id } }), 'closeIssue');
  expect(await t.app.figures.check(t.app.db)).toEqual([]);

  t.clock.set('2026-11-20T10:00:00+08:00');
  const units = [tree.stationA, tree.township, tree.county];
  const october = async () => (await Promise.all(units.map((u) => figures(u)))).map((f) => f.issueStats);
  const rows = () =>
    t.app.db.query(
      `SELECT unit_id, period::text, path, kind, level, settled::text, days, n FROM il_tally_issue
       WHERE period < '2026-11-01' ORDER BY unit_id, period, path, kind, level, settled, days`,
    );
  const before = await october();
  expect(before[0]).toMatchObject({ raised: 3, resolved: 3, closed: 0, awaitingConfirmation: 3 });
  const keptRows = await rows();

  // Today, after October closed: one report crossed off, the other returned.
  ok(await as.township(CLOSE, { i: { issueId: crossed.id } }), 'closeIssue');
  ok(await as.township(REOPEN, { i: { issueId: returned.id, note: '水渠仍未疏通' } }), 'reopenIssue');

  expect(await october()).toEqual(before);
  expect(await rows()).toEqual(keptRows);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
  // The settlements count in their own month: November crosses off two (one in the grace, one today),
  // and from October through November nothing is left awaiting confirmation.
  const november = await figures(tree.county, { from: '2026-11-01', to: '2026-11-30' });
  expect(november.issueStats).toMatchObject({ raised: 0, resolved: 0, closed: 2, awaitingConfirmation: 0 });
  for (const u of units)
    expect((await figures(u, { from: '2026-10-01', to: '2026-11-30' })).issueStats).toMatchObject({
      resolved: 3,
      closed: 2,
      awaitingConfirmation: 0,
    });
  // On 19 November (after October closed) the two were still awaiting; on 5 November, two of three.
  const upTo = async (to: string) =>
    (await figures(tree.county, { from: '2026-10-01', to })).issueStats.awaitingConfirmation;
  expect(await upTo('2026-11-19')).toBe(2);
  expect(await upTo('2026-11-05')).toBe(2);
  expect(await upTo('2026-11-04')).toBe(3);

  // Where the policy lets October stay open 30 days (until 1 December), today's settlements are October's.
  const runner = t.app.db.createQueryRunner();
  await runner.startTransaction();
  try {
    const policy = { ...t.app.policy, figures: { ...t.app.policy.figures, closeAfterDays: { 'issue-lists': 30 } } };
    await issueFigures.recount(
      runner.manager,
      { units: null, from: null },
      { policy, timeZone: t.app.config.timeZone },
    );
    const late = await runner.query(
      `SELECT kind, settled::text, sum(n)::int AS n FROM il_tally_issue WHERE path LIKE $1 AND kind IN ('RESOLVED', 'SETTLED')
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [`${(await runner.query(`SELECT path FROM org_unit WHERE code = 'FEC-V1'`))[0].path}%`],
    );
    expect(late).toEqual([
      { kind: 'RESOLVED', settled: '2026-11-05', n: 1 },
      { kind: 'RESOLVED', settled: '2026-11-20', n: 2 },
    ]);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
});
