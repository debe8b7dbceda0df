import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Deadlines } from '../../../modules/weekly-reports/services/calendar';
import { weeklyReportsPolicy } from '../../../modules/weekly-reports/services/policy';
import { defaultPolicy } from '../../../src/policy';
import { createTestApp, type TestApp } from '../../support/test-app';
import { ACCEPT, at, countyWith, ok, RATE, reportAt, RETURN, saveReport, startReport, submitAt } from './reports';

/**
 * The policies of issue 15, items 1 and 5, set the other way in a policy file: timeliness judged on
 * the first submission; deadlines on a day off moved to the next working day; a locality's own
 * holiday (Friday 13 November 2026) and make-up working day (Saturday 14 November).
 */
let t: TestApp;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weekly-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      modules: {
        'weekly-reports': {
          timelinessJudgedOn: 'FIRST_SUBMISSION',
          calendar: { deadlineOnDayOff: 'NEXT_WORKING_DAY', holidays: ['2026-11-13'], workdays: ['2026-11-14'] },
        },
      },
    }),
  );
  const saved = process.env.JICENG_POLICY_FILE;
  process.env.JICENG_POLICY_FILE = file;
  t = await createTestApp({ now: '2026-11-25' }).finally(() => {
    if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
    else process.env.JICENG_POLICY_FILE = saved;
  });
});
afterAll(() => t?.close());

const REPORT = `query($id: ID!) { node(id: $id) { ... on WeeklyReport { status timeliness deadline judgedSubmittedAt } } }`;
const report = async (id: string) => (await t.execute(REPORT, { id })).data.node;
const iso = (s: string) => new Date(s).toISOString();

test('judged on the first submission: returned after the deadline and resubmitted late stays on time; returned and not resubmitted is missing', async () => {
  const W = '2026-11-16';
  const { tree, as } = await countyWith(t, 'FS', 'staff-a', 'sec-v1', 'sec-v2');
  const ids: string[] = [];
  for (const [v, sec] of [
    [tree.village1, as['sec-v1']],
    [tree.village2, as['sec-v2']],
  ] as const) {
    const id = await startReport(t, at('2026-11-20', '09:00:00'), v, W, sec);
    await saveReport(t, id, [], sec);
    await submitAt(t, at('2026-11-20', '10:00:00'), id, sec);
    ids.push(id);
  }
  t.clock.set(at('2026-11-21', '09:00:00'));
  for (const id of ids)
    ok(await as['staff-a'](RETURN, { i: { reportId: id, reason: '请补充' } }), 'returnWeeklyReport');
  expect((await report(ids[0])).timeliness).toBe('MISSING');
  await submitAt(t, at('2026-11-23', '10:00:00'), ids[0], as['sec-v1']);
  t.clock.set(at('2026-11-24', '09:00:00'));
  ok(await as['staff-a'](ACCEPT, { i: { reportId: ids[0] } }), 'acceptWeeklyReport');
  expect(await report(ids[0])).toMatchObject({
    status: 'ACCEPTED',
    timeliness: 'ON_TIME',
    judgedSubmittedAt: new Date(at('2026-11-20', '10:00:00')),
  });
  expect(await report(ids[1])).toMatchObject({ status: 'DRAFT', timeliness: 'MISSING', judgedSubmittedAt: null });
  const rate = (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(rate).toMatchObject({ expected: 3, submitted: 1, onTime: 1, late: 0, missing: 2, returned: 1 });
});

test("the next working day: a locality's holiday Friday moves the deadline to its make-up Saturday", async () => {
  const W = '2026-11-09';
  const { tree } = await countyWith(t, 'NW');
  const onTime = await reportAt(t, at('2026-11-14', '23:59:59'), tree.village1, W);
  const late = await reportAt(t, at('2026-11-15', '00:00:00'), tree.village2, W);
  expect(await report(onTime)).toMatchObject({
    timeliness: 'ON_TIME',
    deadline: new Date(at('2026-11-15', '00:00:00')),
  });
  expect((await report(late)).timeliness).toBe('LATE');
});

test('the next working day over the national holidays: National Day reports on 8 October, the holiday-Monday plan too, Mid-Autumn on 28 September', () => {
  const d = new Deadlines(
    weeklyReportsPolicy({
      ...defaultPolicy(),
      modules: { 'weekly-reports': { calendar: { deadlineOnDayOff: 'NEXT_WORKING_DAY' } } },
    }),
    'Asia/Shanghai',
  );
  expect([d.reportDay('2026-09-28'), d.planDay('2026-10-05'), d.reportDay('2026-09-21')]).toEqual([
    '2026-10-08',
    '2026-10-08',
    '2026-09-28',
  ]);
  expect(iso(d.report('2026-09-28').deadline.toISOString())).toBe(iso(at('2026-10-09', '00:00:00')));
});

test('the calendar switched to the calendar day (UNCHANGED), or to weekends and local days only (national: false)', () => {
  const with_ = (calendar: object) =>
    new Deadlines(weeklyReportsPolicy({ ...defaultPolicy(), modules: { 'weekly-reports': { calendar } } }), 'UTC');
  const unchanged = with_({ deadlineOnDayOff: 'UNCHANGED' });
  expect([unchanged.reportDay('2026-09-28'), unchanged.planDay('2026-10-05')]).toEqual(['2026-10-02', '2026-10-05']);
  const local = with_({ national: false, holidays: ['2026-11-27'] });
  expect([local.reportDay('2026-09-28'), local.reportDay('2026-11-23')]).toEqual(['2026-10-02', '2026-11-26']);
  // A local working day overrides the package's holiday.
  expect(with_({ workdays: ['2026-10-02'] }).reportDay('2026-09-28')).toBe('2026-10-02');
});

test('a bad calendar in the policy file stops the start, naming every problem', () => {
  const bad = (calendar: object) => () =>
    weeklyReportsPolicy({ ...defaultPolicy(), modules: { 'weekly-reports': { calendar } } });
  expect(bad({ holidays: ['2026-02-30'] })).toThrow('calendar.holidays.0: must be a calendar date, YYYY-MM-DD');
  expect(bad({ holidays: ['2026-10-10'], workdays: ['2026-10-10'] })).toThrow(
    'calendar.workdays: both a holiday and a working day: 2026-10-10',
  );
  expect(bad({ deadlineOnDayOff: 'AFTER' })).toThrow('calendar.deadlineOnDayOff');
  expect(() =>
    weeklyReportsPolicy({ ...defaultPolicy(), modules: { 'weekly-reports': { timelinessJudgedOn: 'LAST' } } }),
  ).toThrow('timelinessJudgedOn');
});
