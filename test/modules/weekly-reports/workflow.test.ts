import { plusDays } from '../../../modules/weekly-reports/services/weeks';
import { codeOf, enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import {
  ACCEPT,
  ADD_ITEMS,
  COPY_ITEMS,
  countyWith,
  CREATE_PLAN,
  CREATE_REPORT,
  ISSUE_PLAN,
  ok,
  planAt,
  RETURN,
  SAVE,
  SUBMIT,
} from './reports';

/** Every test has a county of its own and works on Wednesday 25 November 2026, in the week of the 23rd. */
const WEEK = '2026-11-23';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

/** Station A's issued plan for the week: one item for all its villages, one for village 2 only. */
async function stationPlan(tree: { stationA: string; village2: string }) {
  return planAt(t, TEST_NOW, tree.stationA, WEEK, [
    { title: '入户走访', category: 'SERVICE' },
    { title: '整治环境', category: 'GOVERNANCE', targetIds: [tree.village2] },
  ]);
}

/** Village 1's report of the week, answered in full and ready to submit. */
async function answeredReport(tree: { stationA: string; village1: string; village2: string }) {
  const items = await stationPlan(tree);
  const report = ok(await t.execute(CREATE_REPORT, { i: { unitId: tree.village1, week: WEEK } }), 'createWeeklyReport')
    .weeklyReport.id as string;
  ok(
    await t.execute(SAVE, {
      i: { reportId: report, answers: [{ itemId: items['入户走访'], outcome: 'DONE' }], otherWork: [], problems: [] },
    }),
    'saveWeeklyReport',
  );
  return report;
}

describe('plans (Monday, top-down)', () => {
  test('a township drafts its plan: the week is a Monday, one plan a week, issuers only', async () => {
    const { tree } = await countyWith(t, 'PA');
    const tuesday = await t.execute(CREATE_PLAN, { i: { unitId: tree.township, week: plusDays(WEEK, 1) } });
    expect(tuesday.data.createWorkPlan.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'week'],
    });
    const village = await t.execute(CREATE_PLAN, { i: { unitId: tree.village1, week: WEEK } });
    expect(village.data.createWorkPlan.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'unitId'],
    });
    const created = ok(
      await t.execute(CREATE_PLAN, {
        i: {
          unitId: tree.township,
          week: WEEK,
          items: [
            { title: '召开支委会', category: 'ORGANISATIONAL_LIFE' },
            { title: '走访困难群众', category: 'SERVICE', targetIds: [tree.stationA] },
          ],
        },
      }),
      'createWorkPlan',
    );
    expect(created.workPlan.items.map((i: any) => i.title)).toEqual(['召开支委会', '走访困难群众']);
    const again = await t.execute(CREATE_PLAN, { i: { unitId: tree.township, week: WEEK } });
    expect(again.data.createWorkPlan.userErrors[0].code).toBe('CONFLICT');
    const stray = await t.execute(CREATE_PLAN, {
      i: {
        unitId: tree.township,
        week: plusDays(WEEK, 7),
        items: [{ title: 'x', category: 'OTHER', targetIds: [tree.village1] }],
      },
    });
    expect(stray.data.createWorkPlan.userErrors[0].message).toContain('下发对象应是下发单位的直属下级');
  });

  test('a station cannot copy from a plan that is not issued; after issue it copies the items meant for it', async () => {
    const { tree } = await countyWith(t, 'PB');
    const township = ok(
      await t.execute(CREATE_PLAN, {
        i: {
          unitId: tree.township,
          week: WEEK,
          items: [
            { title: '召开支委会', category: 'ORGANISATIONAL_LIFE' },
            { title: '走访困难群众', category: 'SERVICE', targetIds: [tree.stationA] },
          ],
        },
      }),
      'createWorkPlan',
    ).workPlan;
    const plan = ok(
      await t.execute(CREATE_PLAN, { i: { unitId: tree.stationB, week: WEEK } }),
      'createWorkPlan',
    ).workPlan;
    const [all, forA] = township.items.map((i: any) => i.id);
    const early = await t.execute(COPY_ITEMS, { i: { planId: plan.id, fromItemIds: [all] } });
    expect(early.data.copyWorkPlanItems.userErrors[0].code).toBe('INVALID_STATE');
    expect(ok(await t.execute(ISSUE_PLAN, { i: { planId: township.id } }), 'issueWorkPlan').workPlan.status).toBe(
      'ISSUED',
    );
    const notForB = await t.execute(COPY_ITEMS, { i: { planId: plan.id, fromItemIds: [forA] } });
    expect(notForB.data.copyWorkPlanItems.userErrors[0].message).toContain('不是下发给本工作站的');
    const copied = await t.execute(COPY_ITEMS, { i: { planId: plan.id, fromItemIds: [all] } });
    expect(ok(copied, 'copyWorkPlanItems').workPlan.items).toEqual([{ title: '召开支委会' }]);
  });

  test('an empty plan cannot be issued; an issued plan is fixed', async () => {
    const { tree } = await countyWith(t, 'PC');
    const empty = ok(
      await t.execute(CREATE_PLAN, { i: { unitId: tree.stationA, week: WEEK } }),
      'createWorkPlan',
    ).workPlan;
    expect((await t.execute(ISSUE_PLAN, { i: { planId: empty.id } })).data.issueWorkPlan.userErrors[0].code).toBe(
      'INVALID_STATE',
    );
    ok(
      await t.execute(ADD_ITEMS, {
        i: {
          planId: empty.id,
          items: [
            { title: '入户走访', category: 'SERVICE' },
            { title: '整治环境', category: 'GOVERNANCE', targetIds: [tree.village2] },
          ],
        },
      }),
      'addWorkPlanItems',
    );
    ok(await t.execute(ISSUE_PLAN, { i: { planId: empty.id } }), 'issueWorkPlan');
    const late = await t.execute(ADD_ITEMS, { i: { planId: empty.id, items: [{ title: 'late', category: 'OTHER' }] } });
    expect(late.data.addWorkPlanItems.userErrors[0].code).toBe('INVALID_STATE');
  });

  test('a plan issued after the end of Monday is late; at 23:59:59 on Monday it is not', async () => {
    const { tree } = await countyWith(t, 'PD');
    const issueAt = async (unitId: string, when: string) => {
      t.clock.set(when);
      const plan = ok(
        await t.execute(CREATE_PLAN, { i: { unitId, week: WEEK, items: [{ title: '学习', category: 'OTHER' }] } }),
        'createWorkPlan',
      ).workPlan;
      return ok(await t.execute(ISSUE_PLAN, { i: { planId: plan.id } }), 'issueWorkPlan').workPlan;
    };
    expect((await issueAt(tree.stationA, `${WEEK}T23:59:59+08:00`)).late).toBe(false);
    expect((await issueAt(tree.stationB, `${plusDays(WEEK, 1)}T00:00:00+08:00`)).late).toBe(true);
  });
});

describe('reports (Friday, bottom-up)', () => {
  test('a report for a week that has not begun is refused; one report per unit and week', async () => {
    const { tree, as } = await countyWith(t, 'RA', 'sec-v1');
    await stationPlan(tree);
    const next = await as['sec-v1'](CREATE_REPORT, { i: { unitId: tree.village1, week: plusDays(WEEK, 7) } });
    expect(next.data.createWeeklyReport.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'week'],
    });
    const township = await t.execute(CREATE_REPORT, { i: { unitId: tree.township, week: WEEK } });
    expect(township.data.createWeeklyReport.userErrors[0].field).toEqual(['input', 'unitId']);
    const report = ok(
      await as['sec-v1'](CREATE_REPORT, { i: { unitId: tree.village1, week: WEEK } }),
      'createWeeklyReport',
    ).weeklyReport;
    // Village 1 answers station A's items meant for it (the item for village 2 is not).
    expect(report.planItems.map((i: any) => i.title)).toEqual(['入户走访']);
    const again = await t.execute(CREATE_REPORT, { i: { unitId: tree.village1, week: WEEK } });
    expect(again.data.createWeeklyReport.userErrors[0].code).toBe('CONFLICT');
  });

  test('every item must be answered before submitting', async () => {
    const { tree, as } = await countyWith(t, 'RB', 'sec-v1');
    const items = await stationPlan(tree);
    const sec = as['sec-v1'];
    const report = ok(await sec(CREATE_REPORT, { i: { unitId: tree.village1, week: WEEK } }), 'createWeeklyReport')
      .weeklyReport.id;
    const r = await sec(SUBMIT, { i: { reportId: report } });
    expect(r.data.submitWeeklyReport.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('1. 入户走访'),
    });
    const saved = await sec(SAVE, {
      i: {
        reportId: report,
        answers: [{ itemId: items['入户走访'], outcome: 'PARTLY_DONE', note: '雨天' }],
        otherWork: ['协助医保征缴'],
        problems: [{ text: '路灯损坏', category: 'GOVERNANCE' }],
      },
    });
    expect(saved.data.saveWeeklyReport).toMatchObject({
      weeklyReport: {
        status: 'DRAFT',
        answers: [{ outcome: 'PARTLY_DONE', item: { title: '入户走访' } }],
        otherWork: ['协助医保征缴'],
        problems: [{ text: '路灯损坏', category: 'GOVERNANCE' }],
      },
      userErrors: [],
    });
    // An item of village 2 is not one village 1 may answer.
    const foreign = await sec(SAVE, {
      i: {
        reportId: report,
        answers: [{ itemId: items['整治环境'], outcome: 'DONE' }],
        otherWork: [],
        problems: [],
      },
    });
    expect(foreign.data.saveWeeklyReport.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'answers', '0', 'itemId'],
    });
    expect(ok(await sec(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport').weeklyReport.status).toBe(
      'SUBMITTED',
    );
  });

  test('fifty simultaneous submissions: exactly one wins, the rest are INVALID_STATE; the audit log agrees', async () => {
    const { tree, as } = await countyWith(t, 'RC', 'sec-v1');
    const report = await answeredReport(tree);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => as['sec-v1'](SUBMIT, { i: { reportId: report } })),
    );
    expect(results.filter((r) => r.data?.submitWeeklyReport.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.data?.submitWeeklyReport.userErrors[0]?.code === 'INVALID_STATE')).toHaveLength(49);
    // The audit log says the same of this report: one accepted submission, 49 refused.
    const audited = await t.app.db.query(
      `SELECT outcome, count(*)::int AS n FROM audit_event
       WHERE operation = 'submitWeeklyReport' AND $1 = ANY(target_ids) GROUP BY outcome ORDER BY outcome`,
      [report],
    );
    expect(audited).toEqual([
      { outcome: 'OK', n: 1 },
      { outcome: 'REJECTED', n: 49 },
    ]);
  });

  test('the level above returns it with a reason or accepts it; the reporter cannot; accepted reports are locked', async () => {
    const { tree, as } = await countyWith(t, 'RD', 'sec-v1', 'staff-a');
    const report = await answeredReport(tree);
    const [sec, staff] = [as['sec-v1'], as['staff-a']];
    ok(await sec(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
    expect(codeOf(await sec(ACCEPT, { i: { reportId: report } }))).toBe('FORBIDDEN');
    expect(codeOf(await sec(RETURN, { i: { reportId: report, reason: 'x' } }))).toBe('FORBIDDEN');
    const noReason = await staff(RETURN, { i: { reportId: report, reason: ' ' } });
    expect(noReason.data.returnWeeklyReport.userErrors[0].code).toBe('BAD_USER_INPUT');
    const back = ok(await staff(RETURN, { i: { reportId: report, reason: '请补充说明' } }), 'returnWeeklyReport');
    expect(back.weeklyReport).toMatchObject({
      status: 'DRAFT',
      returnReason: '请补充说明',
      firstSubmittedAt: expect.any(Date),
    });
    // A draft cannot be accepted; resubmitted, it can.
    expect((await staff(ACCEPT, { i: { reportId: report } })).data.acceptWeeklyReport.userErrors[0].code).toBe(
      'INVALID_STATE',
    );
    ok(await sec(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
    expect(ok(await staff(ACCEPT, { i: { reportId: report } }), 'acceptWeeklyReport').weeklyReport.status).toBe(
      'ACCEPTED',
    );
    const locked = await sec(SAVE, { i: { reportId: report, answers: [], otherWork: [], problems: [] } });
    expect(locked.data.saveWeeklyReport.userErrors[0].code).toBe('INVALID_STATE');
    const returned = await staff(RETURN, { i: { reportId: report, reason: 'x' } });
    expect(returned.data.returnWeeklyReport.userErrors[0].code).toBe('INVALID_STATE');
  });

  test('fifty simultaneous creations of the same report: one wins, the rest CONFLICT', async () => {
    const { tree } = await countyWith(t, 'RE');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.execute(CREATE_REPORT, { i: { unitId: tree.village3, week: WEEK } })),
    );
    expect(results.filter((r) => r.data.createWeeklyReport.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.data.createWeeklyReport.userErrors[0]?.code === 'CONFLICT')).toHaveLength(49);
  });

  test('a township that switched the module off: its units answer MODULE_DISABLED, nothing is written', async () => {
    const { tree } = await countyWith(t, 'RF');
    await enableModule(t, tree.township, 'weekly-reports', false);
    const r = await t.execute(CREATE_REPORT, { i: { unitId: tree.village2, week: WEEK } });
    expect(codeOf(r)).toBe('MODULE_DISABLED');
    const q = await t.execute(
      `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { name weeklyReport(week: $w) { id } } } }`,
      { u: tree.village2, w: WEEK },
    );
    expect(q.data.node.name).toBe('西村党支部');
    expect(codeOf(q)).toBe('MODULE_DISABLED');
    // Nothing was written: switched back on, the village still has no report for the week.
    await enableModule(t, tree.township, 'weekly-reports', null);
    const after = await t.execute(
      `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { weeklyReport(week: $w) { id } } } }`,
      { u: tree.village2, w: WEEK },
    );
    expect(after.errors).toBeUndefined();
    expect(after.data.node.weeklyReport).toBeNull();
  });
});
