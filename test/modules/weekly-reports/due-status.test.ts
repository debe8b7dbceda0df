import { createUnit } from '../../support/tree';
import { enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { ACCEPT, at, countyWith, ok, planAt, RETURN, reportAt, startReport, submitAt } from './reports';

/**
 * OrgUnit.weeklyReportStatus: whether a unit owes a report of a week, whether it is due yet and whether
 * it came in — decided by the same reporters and deadline as reportingStatus, "now" from the ManualClock.
 * reportingStatus's orderBy is here too. The week of Monday 23 November 2026 falls due at the end of
 * Friday the 27th (+08:00).
 */
const WEEK = '2026-11-23';
const DUE_AT = new Date('2026-11-27T16:00:00.000Z');
const STATUS = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit {
  weeklyReportStatus(week: $w) { week status timeliness dueDay dueAt report { status } } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const status = async (unit: string, week = WEEK) => {
  const r = await t.execute(STATUS, { u: unit, w: week });
  expect(r.errors).toBeUndefined();
  return r.data.node.weeklyReportStatus;
};

test('no report: not yet due up to the end of Friday, missing from the first instant after it', async () => {
  const { tree } = await countyWith(t, 'DS');
  t.clock.set(at('2026-11-27', '23:59:59'));
  expect(await status(tree.village1)).toEqual({
    week: WEEK,
    status: 'NOT_YET_DUE',
    timeliness: 'PENDING',
    dueDay: '2026-11-27',
    dueAt: DUE_AT,
    report: null,
  });
  t.clock.set(at('2026-11-28', '00:00:00'));
  expect(await status(tree.village1)).toMatchObject({ status: 'MISSING', timeliness: 'MISSING', report: null });
  // A draft never submitted is missing too, with the draft to show.
  await startReport(t, at('2026-11-28', '09:00:00'), tree.village2, WEEK);
  expect(await status(tree.village2)).toMatchObject({
    status: 'MISSING',
    timeliness: 'MISSING',
    report: { status: 'DRAFT' },
  });
  // A week that has not begun yet is not yet due either.
  expect(await status(tree.village1, '2026-11-30')).toMatchObject({ status: 'NOT_YET_DUE', timeliness: 'PENDING' });
});

test('submitted on time, submitted late, returned, accepted', async () => {
  const { tree, as } = await countyWith(t, 'DT', 'staff-a');
  const items = await planAt(t, TEST_NOW, tree.stationA, WEEK, [{ title: '入户走访' }]);
  const answers = [{ itemId: items['入户走访'], outcome: 'DONE' }];
  const onTime = await reportAt(t, at('2026-11-27', '23:59:00'), tree.village1, WEEK, answers);
  expect(await status(tree.village1)).toMatchObject({ status: 'SUBMITTED', timeliness: 'ON_TIME' });

  await reportAt(t, at('2026-11-28', '08:00:00'), tree.village2, WEEK, answers);
  expect(await status(tree.village2)).toMatchObject({
    status: 'SUBMITTED',
    timeliness: 'LATE',
    report: { status: 'SUBMITTED' },
  });

  // Returned before the deadline: still in time to resubmit; after the deadline it counts as missing.
  t.clock.set(at('2026-11-27', '23:59:30'));
  ok(await as['staff-a'](RETURN, { i: { reportId: onTime, reason: '请补充' } }), 'returnWeeklyReport');
  expect(await status(tree.village1)).toMatchObject({ status: 'RETURNED', timeliness: 'PENDING' });
  t.clock.set(at('2026-11-28', '10:00:00'));
  expect(await status(tree.village1)).toMatchObject({ status: 'RETURNED', timeliness: 'MISSING' });
  await submitAt(t, at('2026-11-28', '11:00:00'), onTime);
  expect(await status(tree.village1)).toMatchObject({ status: 'SUBMITTED', timeliness: 'LATE' });
  ok(await as['staff-a'](ACCEPT, { i: { reportId: onTime } }), 'acceptWeeklyReport');
  expect(await status(tree.village1)).toMatchObject({ status: 'ACCEPTED', timeliness: 'LATE' });
});

test('units that do not report that week: not a reporter, established after it, module off', async () => {
  const { tree } = await countyWith(t, 'DU');
  // The township issues plans; it reports nothing.
  expect(await status(tree.township)).toMatchObject({ status: 'NOT_EXPECTED', timeliness: null, dueAt: DUE_AT });
  expect(await status(tree.stationA)).toMatchObject({ status: 'NOT_YET_DUE' });

  // A village established on the Wednesday owes that week's report, not the week before.
  const village = await createUnit(t, {
    code: 'DUC-V9',
    name: '新村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2026-11-25',
  });
  expect(await status(village)).toMatchObject({ status: 'NOT_YET_DUE', timeliness: 'PENDING' });
  expect(await status(village, '2026-11-16')).toMatchObject({ status: 'NOT_EXPECTED', timeliness: null });

  // Station B switches the module off on the Wednesday: while it is off the field answers
  // MODULE_DISABLED (the module gate); switched on again the next Tuesday, its village owes that
  // week's report but not the week it was off on the due day.
  await enableModule(t, tree.stationB, 'weekly-reports', false);
  const off = await t.execute(STATUS, { u: tree.village3, w: WEEK });
  expect(off.errors?.[0].extensions?.code).toBe('MODULE_DISABLED');
  t.clock.set('2026-12-01T09:00:00+08:00');
  await enableModule(t, tree.stationB, 'weekly-reports', true);
  expect(await status(tree.village3)).toMatchObject({ status: 'NOT_EXPECTED', timeliness: null });
  expect(await status(tree.village3, '2026-11-30')).toMatchObject({ status: 'NOT_YET_DUE', timeliness: 'PENDING' });
});

test('reportingStatus ordered by submission time or by code, paged back from the end', async () => {
  const { tree } = await countyWith(t, 'DO');
  const items = await planAt(t, TEST_NOW, tree.stationA, WEEK, [{ title: '入户走访' }]);
  const answers = [{ itemId: items['入户走访'], outcome: 'DONE' }];
  await reportAt(t, at('2026-11-26', '10:00:00'), tree.village2, WEEK, answers);
  await reportAt(t, at('2026-11-27', '10:00:00'), tree.village1, WEEK, answers);
  const LIST = `query($u: ID!, $w: Date!, $o: ReportingStatusOrderBy, $last: Int, $before: String) { node(id: $u) { ... on OrgUnit {
    reportingStatus(week: $w, orderBy: $o, last: $last, before: $before) {
      pageInfo { hasPreviousPage startCursor } nodes { unit { code } timeliness } } } } }`;
  const codes = async (args: Record<string, unknown>) => {
    const r = await t.execute(LIST, { u: tree.township, w: WEEK, ...args });
    expect(r.errors).toBeUndefined();
    return r.data.node.reportingStatus;
  };
  const list = (p: { nodes: { unit: { code: string } }[] }) => p.nodes.map((n) => n.unit.code);
  const bySubmission = { field: 'SUBMITTED_AT', direction: 'ASC' };
  expect(list(await codes({ o: bySubmission }))).toEqual([
    'DOC-V2',
    'DOC-V1',
    'DOC-T1-S1', // not reported: after every submission, by unit id
    'DOC-T1-S2',
    'DOC-V3',
  ]);
  const tail = await codes({ o: bySubmission, last: 3 });
  expect(list(tail)).toEqual(['DOC-T1-S1', 'DOC-T1-S2', 'DOC-V3']);
  expect(tail.pageInfo.hasPreviousPage).toBe(true);
  expect(list(await codes({ o: bySubmission, last: 3, before: tail.pageInfo.startCursor }))).toEqual([
    'DOC-V2',
    'DOC-V1',
  ]);
  expect(list(await codes({ o: { field: 'CODE', direction: 'DESC' } }))).toEqual([
    'DOC-V3',
    'DOC-V2',
    'DOC-V1',
    'DOC-T1-S2',
    'DOC-T1-S1',
  ]);
});
