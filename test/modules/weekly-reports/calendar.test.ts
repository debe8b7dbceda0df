import { createTestApp, type TestApp } from '../../support/test-app';
import { at, countyWith, CREATE_PLAN, ISSUE_PLAN, ok, planAt, RATE, reportAt, startReport } from './reports';

/**
 * Issue 15, item 5: deadlines follow the working-day calendar — the national holidays and make-up
 * working days (调休) of the `chinese-days` package, which the policy file may add to or override. By
 * default a deadline that falls on a day off moves to the last working day before it (a report never
 * before its own Monday). 2026: Mid-Autumn Festival 25–27 September; National Day 1–7 October, with
 * make-up working days Sunday 20 September and Saturday 10 October; Spring Festival 15–23 February,
 * with make-up Saturdays 14 and 28 February.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-09-21' });
});
afterAll(() => t?.close());

const DEADLINES = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit {
  weeklyReport(week: $w) { deadline timeliness } workPlan(week: $w) { deadline late } } } }`;
const PLAN_RATE = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit {
  planIssuingRate(from: $w, to: $w) { weeks expected issued onTime late byWeek { dueOn } } } } }`;
const iso = (s: string) => new Date(s).toISOString();

test('the National Day week: Thursday and Friday are holidays, so reports fall due at the end of Wednesday 30 September', async () => {
  const W = '2026-09-28';
  const { tree } = await countyWith(t, 'ND');
  await reportAt(t, at('2026-09-30', '23:59:59'), tree.village1, W);
  await reportAt(t, at('2026-10-01', '00:00:00'), tree.village2, W);
  const v1 = (await t.execute(DEADLINES, { u: tree.village1, w: W })).data.node.weeklyReport;
  expect({ deadline: iso(v1.deadline), timeliness: v1.timeliness }).toEqual({
    deadline: iso(at('2026-10-01', '00:00:00')),
    timeliness: 'ON_TIME',
  });
  expect((await t.execute(DEADLINES, { u: tree.village2, w: W })).data.node.weeklyReport.timeliness).toBe('LATE');
  // The week closes when Wednesday ends, not when the holiday Friday does.
  t.clock.set(at('2026-09-30', '23:59:59'));
  expect((await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate.weeks).toBe(0);
  t.clock.set(at('2026-10-01', '00:00:00'));
  const rate = (await t.execute(RATE, { u: tree.stationA, from: W, to: W })).data.node.reportingRate;
  expect(rate).toMatchObject({ weeks: 1, expected: 3, submitted: 2, onTime: 1, late: 1, missing: 1 });
  expect(rate.byWeek[0].dueOn).toBe('2026-09-30');
});

test('the Mid-Autumn week: the holiday Friday moves the deadline to the end of Thursday 24 September', async () => {
  const W = '2026-09-21';
  const { tree } = await countyWith(t, 'MA');
  await reportAt(t, at('2026-09-24', '23:59:59'), tree.village1, W);
  await reportAt(t, at('2026-09-25', '09:00:00'), tree.village2, W);
  const q = async (u: string) => (await t.execute(DEADLINES, { u, w: W })).data.node.weeklyReport;
  expect(iso((await q(tree.village1)).deadline)).toBe(iso(at('2026-09-25', '00:00:00')));
  expect([(await q(tree.village1)).timeliness, (await q(tree.village2)).timeliness]).toEqual(['ON_TIME', 'LATE']);
});

test('the Monday plan of a holiday week (5 October is a holiday): due at the end of the last working day before it, 30 September', async () => {
  const W = '2026-10-05';
  const { tree } = await countyWith(t, 'HP');
  await planAt(t, at('2026-09-30', '23:59:59'), tree.township, W, [{ title: '节后复工部署' }]);
  await planAt(t, at('2026-10-01', '00:00:00'), tree.stationA, W, [{ title: '入户走访' }]);
  const township = (await t.execute(DEADLINES, { u: tree.township, w: W })).data.node.workPlan;
  expect({ deadline: iso(township.deadline), late: township.late }).toEqual({
    deadline: iso(at('2026-10-01', '00:00:00')),
    late: false,
  });
  expect((await t.execute(DEADLINES, { u: tree.stationA, w: W })).data.node.workPlan.late).toBe(true);
  // The week's plans count from 1 October, before the week itself begins.
  t.clock.set(at('2026-09-30', '23:59:59'));
  expect((await t.execute(PLAN_RATE, { u: tree.township, w: W })).data.node.planIssuingRate.weeks).toBe(0);
  t.clock.set(at('2026-10-01', '00:00:00'));
  expect((await t.execute(PLAN_RATE, { u: tree.township, w: W })).data.node.planIssuingRate).toEqual({
    weeks: 1,
    expected: 3,
    issued: 2,
    onTime: 1,
    late: 1,
    byWeek: [{ dueOn: '2026-09-30' }],
  });
});

test('a make-up Saturday (10 October) is a working day, but not the due day: the Friday deadline stands, a report that day is late', async () => {
  const W = '2026-10-05';
  const { tree } = await countyWith(t, 'MS');
  await reportAt(t, at('2026-10-09', '23:59:59'), tree.village1, W);
  await reportAt(t, at('2026-10-10', '09:00:00'), tree.village2, W);
  const q = async (u: string) => (await t.execute(DEADLINES, { u, w: W })).data.node.weeklyReport;
  expect(iso((await q(tree.village1)).deadline)).toBe(iso(at('2026-10-10', '00:00:00')));
  expect([(await q(tree.village1)).timeliness, (await q(tree.village2)).timeliness]).toEqual(['ON_TIME', 'LATE']);
});

test('the Spring Festival week has no working day: its report falls due on the next working day after it (Tuesday 24 February), its plan on the make-up Saturday before (14 February)', async () => {
  const W = '2026-02-16';
  const { tree } = await countyWith(t, 'SF');
  t.clock.set(at('2026-02-14', '17:00:00'));
  const plan = ok(
    await t.execute(CREATE_PLAN, {
      i: { unitId: tree.stationA, week: W, items: [{ title: '节日值班', category: 'OTHER' }] },
    }),
    'createWorkPlan',
  ).workPlan;
  ok(await t.execute(ISSUE_PLAN, { i: { planId: plan.id } }), 'issueWorkPlan');
  await startReport(t, at('2026-02-24', '09:00:00'), tree.village1, W);
  const q = (await t.execute(DEADLINES, { u: tree.stationA, w: W })).data.node.workPlan;
  expect({ deadline: iso(q.deadline), late: q.late }).toEqual({
    deadline: iso(at('2026-02-15', '00:00:00')),
    late: false,
  });
  const report = (await t.execute(DEADLINES, { u: tree.village1, w: W })).data.node.weeklyReport;
  expect({ deadline: iso(report.deadline), timeliness: report.timeliness }).toEqual({
    deadline: iso(at('2026-02-25', '00:00:00')),
    timeliness: 'PENDING',
  });
});
