import { codeOf } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import {
  ACCEPT,
  at,
  countyWith,
  moveOn,
  ok,
  planAt,
  RATE,
  reopenWeeks,
  reportAt,
  RETURN,
  saveReport,
  startReport,
  STATUS,
  SUBMIT,
  submitAt,
} from './reports';

/**
 * The rules the module README promises, each on a county of its own, at the edges of the clock:
 * Friday 23:59:59 and Saturday 00:00:00 in Shanghai (weeks of November 2026: no holidays).
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const REPORT = `query($id: ID!) { node(id: $id) { ... on WeeklyReport { status timeliness firstSubmittedAt submittedAt judgedSubmittedAt returnReason } } }`;
const report = async (id: string) => (await t.execute(REPORT, { id })).data.node;
const instant = (s: string) => new Date(s);

test('returned means not reported: missing until resubmitted, then judged on the resubmission the level above accepts', async () => {
  const W = '2026-11-16';
  const { tree, as } = await countyWith(t, 'LR', 'sec-v1', 'sec-v2', 'staff-a');
  // Village 1 submits in the last second of Friday; village 2 in the first second of Saturday.
  const onTime = await startReport(t, at('2026-11-20', '23:00:00'), tree.village1, W, as['sec-v1']);
  await saveReport(t, onTime, [], as['sec-v1']);
  expect((await submitAt(t, at('2026-11-20', '23:59:59'), onTime, as['sec-v1'])).timeliness).toBe('ON_TIME');
  const late = await startReport(t, at('2026-11-20', '23:00:00'), tree.village2, W, as['sec-v2']);
  await saveReport(t, late, [], as['sec-v2']);
  expect((await submitAt(t, at('2026-11-21', '00:00:00'), late, as['sec-v2'])).timeliness).toBe('LATE');

  // The station returns both on Saturday morning, after the deadline: neither is reported any more.
  t.clock.set(at('2026-11-21', '09:00:00'));
  for (const id of [onTime, late])
    ok(await as['staff-a'](RETURN, { i: { reportId: id, reason: '请补充' } }), 'returnWeeklyReport');
  expect(await report(onTime)).toMatchObject({
    status: 'DRAFT',
    timeliness: 'MISSING',
    returnReason: '请补充',
    judgedSubmittedAt: null,
    firstSubmittedAt: instant(at('2026-11-20', '23:59:59')),
  });
  expect(await report(late)).toMatchObject({ status: 'DRAFT', timeliness: 'MISSING' });
  const whileReturned = (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(whileReturned).toMatchObject({ expected: 3, submitted: 0, onTime: 0, late: 0, missing: 3, returned: 2 });
  const missing = await t.execute(STATUS, { u: tree.stationA, w: W, only: ['MISSING'] });
  expect(missing.data.node.reportingStatus.nodes.map((n: any) => [n.unit.code, n.report?.status ?? null])).toEqual([
    ['LRC-T1-S1', null],
    ['LRC-V1', 'DRAFT'],
    ['LRC-V2', 'DRAFT'],
  ]);

  // Resubmitted on Monday, after the deadline: the resubmission is what the station reviews, so both are late,
  // whatever the first submission was; it stays the first submission on record.
  const monday = at('2026-11-23', '10:00:00');
  expect(await submitAt(t, monday, onTime, as['sec-v1'])).toMatchObject({
    status: 'SUBMITTED',
    timeliness: 'LATE',
    firstSubmittedAt: instant(at('2026-11-20', '23:59:59')),
    submittedAt: instant(monday),
  });
  expect(await submitAt(t, monday, late, as['sec-v2'])).toMatchObject({
    timeliness: 'LATE',
    firstSubmittedAt: instant(at('2026-11-21', '00:00:00')),
    submittedAt: instant(monday),
  });
  // Accepted two days later: acceptance does not move the timeliness; the accepted submission is Monday's.
  t.clock.set(at('2026-11-25', '09:00:00'));
  expect(ok(await as['staff-a'](ACCEPT, { i: { reportId: onTime } }), 'acceptWeeklyReport').weeklyReport.status).toBe(
    'ACCEPTED',
  );
  expect(await report(onTime)).toMatchObject({ timeliness: 'LATE', judgedSubmittedAt: instant(monday) });

  // The figures agree: of station A's three expected reports, two late (one accepted, one under review),
  // the station's own missing.
  t.clock.set(TEST_NOW);
  const rate = (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(rate).toMatchObject({
    weeks: 1,
    expected: 3,
    submitted: 2,
    onTime: 0,
    late: 2,
    missing: 1,
    awaitingReview: 1,
    returned: 0,
  });
  const status = (await t.execute(STATUS, { u: tree.stationA, w: W })).data.node.reportingStatus.nodes;
  expect(status).toEqual([
    { unit: { code: 'LRC-T1-S1' }, timeliness: 'MISSING', report: null },
    { unit: { code: 'LRC-V1' }, timeliness: 'LATE', report: { status: 'ACCEPTED' } },
    { unit: { code: 'LRC-V2' }, timeliness: 'LATE', report: { status: 'SUBMITTED' } },
  ]);
});

test('returned before the deadline: pending until Friday ends, on time if resubmitted by then, missing from Saturday 00:00', async () => {
  const W = '2026-11-16';
  const { tree, as } = await countyWith(t, 'RB', 'sec-v1', 'sec-v2', 'staff-a');
  const v1 = await startReport(t, at('2026-11-18', '09:00:00'), tree.village1, W, as['sec-v1']);
  await saveReport(t, v1, [], as['sec-v1']);
  await submitAt(t, at('2026-11-18', '10:00:00'), v1, as['sec-v1']);
  const v2 = await startReport(t, at('2026-11-18', '09:00:00'), tree.village2, W, as['sec-v2']);
  await saveReport(t, v2, [], as['sec-v2']);
  await submitAt(t, at('2026-11-18', '10:00:00'), v2, as['sec-v2']);
  t.clock.set(at('2026-11-19', '09:00:00'));
  for (const id of [v1, v2])
    ok(await as['staff-a'](RETURN, { i: { reportId: id, reason: '请写明未完成原因' } }), 'returnWeeklyReport');
  // Village 1 resubmits in the last second of Friday: on time. Village 2 never does.
  expect((await submitAt(t, at('2026-11-20', '23:59:59'), v1, as['sec-v1'])).timeliness).toBe('ON_TIME');
  expect(await report(v2)).toMatchObject({ status: 'DRAFT', timeliness: 'PENDING' });
  t.clock.set(at('2026-11-21', '00:00:00'));
  expect(await report(v2)).toMatchObject({ status: 'DRAFT', timeliness: 'MISSING' });
  const rate = (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(rate).toMatchObject({ expected: 3, submitted: 1, onTime: 1, missing: 2, returned: 1, awaitingReview: 1 });
});

test('under review at the deadline: reported, on time by the submission under review; accepted weeks later, still on time', async () => {
  const W = '2026-11-02';
  const { tree, as } = await countyWith(t, 'UR', 'sec-v1', 'staff-a');
  const v1 = await startReport(t, at('2026-11-06', '09:00:00'), tree.village1, W, as['sec-v1']);
  await saveReport(t, v1, [], as['sec-v1']);
  await submitAt(t, at('2026-11-06', '18:00:00'), v1, as['sec-v1']);
  t.clock.set(at('2026-11-07', '00:00:00'));
  const rate = async () => (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(await rate()).toMatchObject({ submitted: 1, onTime: 1, awaitingReview: 1, missing: 2 });
  t.clock.set(at('2026-11-25', '09:00:00'));
  // The week closed on 16 November: a review this late needs the administrator to reopen it first.
  const refused = await as['staff-a'](ACCEPT, { i: { reportId: v1 } });
  expect(refused.data.acceptWeeklyReport.userErrors.map((e: any) => e.code)).toEqual(['PERIOD_CLOSED']);
  expect(await report(v1)).toMatchObject({ status: 'SUBMITTED' });
  await reopenWeeks(t, tree.county, W);
  ok(await as['staff-a'](ACCEPT, { i: { reportId: v1 } }), 'acceptWeeklyReport');
  expect(await report(v1)).toMatchObject({ status: 'ACCEPTED', timeliness: 'ON_TIME' });
  expect(await rate()).toMatchObject({ submitted: 1, onTime: 1, awaitingReview: 0, missing: 2 });
});

test("plan completion counts the answers of reported reports only: a returned report's answers leave until it is resubmitted", async () => {
  const W = '2026-11-16';
  const { tree, as } = await countyWith(t, 'PC', 'sec-v1', 'staff-a');
  const items = await planAt(t, at(W, '09:00:00'), tree.stationA, W, [{ title: '入户走访' }, { title: '整治环境' }]);
  const v1 = await startReport(t, at('2026-11-19', '09:00:00'), tree.village1, W, as['sec-v1']);
  await saveReport(
    t,
    v1,
    [
      { itemId: items['入户走访'], outcome: 'DONE' },
      { itemId: items['整治环境'], outcome: 'NOT_DONE' },
    ],
    as['sec-v1'],
  );
  await submitAt(t, at('2026-11-19', '10:00:00'), v1, as['sec-v1']);
  const completion = async () =>
    (
      await t.execute(
        `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { planCompletion(from: $w, to: $w) { answered done notDone } } } }`,
        { u: tree.stationA, w: W },
      )
    ).data.node.planCompletion;
  expect(await completion()).toEqual({ answered: 2, done: 1, notDone: 1 });
  t.clock.set(at('2026-11-19', '15:00:00'));
  ok(await as['staff-a'](RETURN, { i: { reportId: v1, reason: '请补充' } }), 'returnWeeklyReport');
  expect(await completion()).toEqual({ answered: 0, done: 0, notDone: 0 });
  await submitAt(t, at('2026-11-20', '09:00:00'), v1, as['sec-v1']);
  expect(await completion()).toEqual({ answered: 2, done: 1, notDone: 1 });
});

test('open weeks are not counted: until the end of Friday nothing is missing; from Saturday 00:00 the week counts', async () => {
  const [previous, W] = ['2026-11-16', '2026-11-23'];
  const { tree } = await countyWith(t, 'OW');
  await reportAt(t, at('2026-11-27', '09:00:00'), tree.village1, W);

  // Friday 23:59:59: the week is open. It adds no week, no expected report and nothing missing.
  t.clock.set(at('2026-11-27', '23:59:59'));
  const open = (await t.execute(RATE, { u: tree.township, from: W, to: W })).data.node.reportingRate;
  expect(open).toEqual({
    weeks: 0,
    expected: 0,
    submitted: 0,
    onTime: 0,
    late: 0,
    missing: 0,
    awaitingReview: 0,
    returned: 0,
    submissionRate: null,
    onTimeRate: null,
    byWeek: [],
  });
  const withPrevious = (await t.execute(RATE, { u: tree.township, from: previous, to: W })).data.node.reportingRate;
  expect(withPrevious).toMatchObject({ weeks: 1, expected: 5, submitted: 0, missing: 5 });
  expect(withPrevious.byWeek.map((w: any) => w.week)).toEqual([previous]);
  const pending = (await t.execute(STATUS, { u: tree.township, w: W })).data.node.reportingStatus;
  expect(pending.nodes.map((n: any) => [n.unit.code, n.timeliness])).toEqual([
    ['OWC-T1-S1', 'PENDING'],
    ['OWC-V1', 'ON_TIME'],
    ['OWC-V2', 'PENDING'],
    ['OWC-T1-S2', 'PENDING'],
    ['OWC-V3', 'PENDING'],
  ]);
  expect(
    (await t.execute(STATUS, { u: tree.township, w: W, only: ['MISSING'] })).data.node.reportingStatus.totalCount,
  ).toBe(0);

  // Saturday 00:00:00: the deadline has passed. Village 2 submits that very second: late.
  const v2 = await startReport(t, at('2026-11-27', '20:00:00'), tree.village2, W);
  await saveReport(t, v2);
  expect((await submitAt(t, at('2026-11-28', '00:00:00'), v2)).timeliness).toBe('LATE');
  const closed = (await t.execute(RATE, { u: tree.township, from: W, to: W })).data.node.reportingRate;
  expect(closed).toMatchObject({ weeks: 1, expected: 5, submitted: 2, onTime: 1, late: 1, missing: 3 });
  const missing = (await t.execute(STATUS, { u: tree.township, w: W, only: ['MISSING'] })).data.node.reportingStatus;
  expect(missing.nodes.map((n: any) => n.unit.code)).toEqual(['OWC-T1-S1', 'OWC-T1-S2', 'OWC-V3']);
  // Stations and villages apart, alone or with a timeliness; and the list pages backwards like any other.
  const BY_KIND = `query($u: ID!, $w: Date!, $k: [OrgUnitKind!], $only: [ReportingTimeliness!], $last: Int) { node(id: $u) {
    ... on OrgUnit { reportingStatus(week: $w, kinds: $k, timeliness: $only, last: $last) { totalCount nodes { unit { code } } } } } }`;
  const codes = async (v: Record<string, unknown>) =>
    (await t.execute(BY_KIND, { u: tree.township, w: W, ...v })).data.node.reportingStatus.nodes.map(
      (n: any) => n.unit.code,
    );
  expect(await codes({ k: ['WORK_STATION'] })).toEqual(['OWC-T1-S1', 'OWC-T1-S2']);
  expect(await codes({ k: ['BRANCH'] })).toEqual(['OWC-V1', 'OWC-V2', 'OWC-V3']);
  expect(await codes({ k: ['BRANCH'], only: ['MISSING'] })).toEqual(['OWC-V3']);
  expect(await codes({ last: 2 })).toEqual(['OWC-T1-S2', 'OWC-V3']);
});

describe('returning and accepting: the station the village sat under on that week’s due day, not the one it sits under now', () => {
  const [W1, W2] = ['2026-11-09', '2026-11-16'];
  const signIn = async (prefix: string) => ({
    a: await t.as(`${prefix}-staff-a`),
    b: await t.as(`${prefix}-staff-b`),
    v2: await t.as(`${prefix}-sec-v2`),
  });

  test('moved on the Saturday after the due day: that week is the old station’s, the next week the new one’s', async () => {
    const { tree } = await countyWith(t, 'MS', 'staff-a', 'staff-b', 'sec-v2');
    const first = await reportAt(t, at('2026-11-13', '09:00:00'), tree.village2, W1);
    await moveOn(t, tree.village2, tree.stationB, '2026-11-14');
    const second = await reportAt(t, at('2026-11-20', '09:00:00'), tree.village2, W2);
    t.clock.set(TEST_NOW);
    // The week of the first report has closed: its late review needs it reopened (issue 16).
    await reopenWeeks(t, tree.county, W1);
    // Signed in after the move: a session's grants are read per request, with the tree as it is.
    const as = await signIn('ms');

    // The old station still reads the report it received; not the village's reports of the weeks after the move.
    const read = async (exec: typeof as.a, id: string) => (await exec(REPORT, { id })).data.node?.status ?? null;
    expect([await read(as.a, first), await read(as.a, second), await read(as.b, first)]).toEqual([
      'SUBMITTED',
      null,
      'SUBMITTED',
    ]);

    // The new station may neither return nor accept the week before the move.
    expect(codeOf(await as.b(RETURN, { i: { reportId: first, reason: '请补充' } }))).toBe('FORBIDDEN');
    expect(codeOf(await as.b(ACCEPT, { i: { reportId: first } }))).toBe('FORBIDDEN');
    expect(await report(first)).toMatchObject({ status: 'SUBMITTED' });
    // The old station may: it returns the report, the village resubmits, the old station accepts.
    expect(
      (await as.a(RETURN, { i: { reportId: first, reason: '请补充' } })).data.returnWeeklyReport.userErrors,
    ).toEqual([]);
    expect(await report(first)).toMatchObject({ status: 'DRAFT', returnReason: '请补充' });
    ok(await as.v2(SUBMIT, { i: { reportId: first } }), 'submitWeeklyReport');
    expect((await as.a(ACCEPT, { i: { reportId: first } })).data.acceptWeeklyReport.userErrors).toEqual([]);
    // Resubmitted today, two weeks after its deadline: the accepted submission is late.
    expect(await report(first)).toMatchObject({ status: 'ACCEPTED', timeliness: 'LATE' });

    // The week after the move is the new station's alone.
    // Station A may not even see that report: refused as FORBIDDEN, or as NOT_FOUND where the core checks every
    // input id against what the viewer may see (as node(id) shows it) before the mutation runs.
    const refusal = (r: any, field: string) => codeOf(r) ?? r.data?.[field]?.userErrors?.[0]?.code;
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
      refusal(await as.a(ACCEPT, { i: { reportId: second } }), 'acceptWeeklyReport'),
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
      refusal(await as.a(RETURN, { i: { reportId: second, reason: 'x' } }), 'returnWeeklyReport'),
    );
    expect(await report(second)).toMatchObject({ status: 'SUBMITTED' });
    expect(ok(await as.b(ACCEPT, { i: { reportId: second } }), 'acceptWeeklyReport').weeklyReport.status).toBe(
      'ACCEPTED',
    );

    // Each station's figures expect the village in the weeks it owed them a report.
    const rate = async (exec: typeof as.a, u: string) =>
      (await exec(RATE, { u, from: W1, to: W2 })).data.node.reportingRate.byWeek.map((w: any) => [
        w.expected,
        w.submitted,
      ]);
    expect(await rate(as.a, tree.stationA)).toEqual([
      [3, 1],
      [2, 0],
    ]);
    expect(await rate(as.b, tree.stationB)).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });

  test('moved on the due day itself (Friday): that week already goes to the new station', async () => {
    const { tree } = await countyWith(t, 'MF', 'staff-a', 'staff-b', 'sec-v2');
    // Village 2 reports on Friday morning; the move is dated that Friday.
    const report1 = await reportAt(t, at('2026-11-13', '09:00:00'), tree.village2, W1);
    await moveOn(t, tree.village2, tree.stationB, '2026-11-13');
    t.clock.set(TEST_NOW);
    await reopenWeeks(t, tree.county, W1);
    const as = await signIn('mf');

    expect(codeOf(await as.a(ACCEPT, { i: { reportId: report1 } }))).toBe('FORBIDDEN');
    expect(ok(await as.b(ACCEPT, { i: { reportId: report1 } }), 'acceptWeeklyReport').weeklyReport.status).toBe(
      'ACCEPTED',
    );
    const expected = async (u: string) =>
      (await t.execute(RATE, { u, from: W1, to: W1 })).data.node.reportingRate.byWeek[0].expected;
    expect([await expected(tree.stationA), await expected(tree.stationB)]).toEqual([2, 3]);
  });
});
