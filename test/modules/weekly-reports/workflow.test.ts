import { Role } from '../../../src/auth/roles';
import { mondayOf, plusDays } from '../../../modules/weekly-reports/services/weeks';
import { decodeIntId } from '../../../src/graphql/global-id';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let thisMonday: string;
const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  thisMonday = mondayOf(t.today);
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: true }) { userErrors { code } } }`,
    { u: tree.county },
  );
  // A station staff account on station A, and a secretary on village 1.
  await t.app.db.transaction(async (tx) => {
    for (const [username, unit, role] of [
      ['staff-a', tree.stationA, Role.STATION_STAFF],
      ['sec-v1', tree.village1, Role.SECRETARY],
    ] as const) {
      const a = await t.app.auth.createAccount(tx, {
        username,
        displayName: username,
        password: 'long-enough-password',
        memberId: null,
      });
      await t.app.auth.grant(tx, a.id, decodeIntId(unit, 'OrgUnit'), role, null);
    }
  });
});
afterAll(() => t?.close());

const CREATE_PLAN = `mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { workPlan { id status items { id title } version } userErrors { code field message } } }`;
const ISSUE = `mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { workPlan { status issuedAt late } userErrors { code message } } }`;
const CREATE_REPORT = `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id status planItems { id title } } userErrors { code field message } } }`;
const SAVE = `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { weeklyReport { status version answers { outcome item { title } } otherWork problems { text category } } userErrors { code field message } } }`;
const SUBMIT = `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { weeklyReport { status firstSubmittedAt timeliness } userErrors { code message } } }`;

describe('plans (Monday, top-down)', () => {
  let townshipPlan: any;
  let stationPlan: any;

  test('a township drafts its plan: the week is a Monday, one plan a week, issuers only', async () => {
    const tuesday = await t.execute(CREATE_PLAN, { i: { unitId: tree.township, week: plusDays(thisMonday, 1) } });
    expect(tuesday.data.createWorkPlan.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'week'],
    });
    const village = await t.execute(CREATE_PLAN, { i: { unitId: tree.village1, week: thisMonday } });
    expect(village.data.createWorkPlan.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'unitId'],
    });
    const ok = await t.execute(CREATE_PLAN, {
      i: {
        unitId: tree.township,
        week: thisMonday,
        items: [
          { title: '召开支委会', category: 'ORGANISATIONAL_LIFE' },
          { title: '走访困难群众', category: 'SERVICE', targetIds: [tree.stationA] },
        ],
      },
    });
    expect(ok.data.createWorkPlan.userErrors).toEqual([]);
    townshipPlan = ok.data.createWorkPlan.workPlan;
    expect(townshipPlan.items.map((i: any) => i.title)).toEqual(['召开支委会', '走访困难群众']);
    const again = await t.execute(CREATE_PLAN, { i: { unitId: tree.township, week: thisMonday } });
    expect(again.data.createWorkPlan.userErrors[0].code).toBe('CONFLICT');
    const stray = await t.execute(CREATE_PLAN, {
      i: {
        unitId: tree.township,
        week: plusDays(thisMonday, 7),
        items: [{ title: 'x', category: 'OTHER', targetIds: [tree.village1] }],
      },
    });
    expect(stray.data.createWorkPlan.userErrors[0].message).toContain('directly under the issuer');
  });

  test('a station cannot copy from a plan that is not issued; after issue it copies the items meant for it', async () => {
    stationPlan = (await t.execute(CREATE_PLAN, { i: { unitId: tree.stationB, week: thisMonday } })).data.createWorkPlan
      .workPlan;
    const COPY = `mutation($i: CopyWorkPlanItemsInput!) { copyWorkPlanItems(input: $i) { workPlan { items { title } } userErrors { code message } } }`;
    const early = await t.execute(COPY, { i: { planId: stationPlan.id, fromItemIds: [townshipPlan.items[0].id] } });
    expect(early.data.copyWorkPlanItems.userErrors[0].code).toBe('INVALID_STATE');
    const issued = await t.execute(ISSUE, { i: { planId: townshipPlan.id } });
    expect(issued.data.issueWorkPlan.workPlan.status).toBe('ISSUED');
    const notForB = await t.execute(COPY, { i: { planId: stationPlan.id, fromItemIds: [townshipPlan.items[1].id] } });
    expect(notForB.data.copyWorkPlanItems.userErrors[0].message).toContain('not for this station');
    const ok = await t.execute(COPY, { i: { planId: stationPlan.id, fromItemIds: [townshipPlan.items[0].id] } });
    expect(ok.data.copyWorkPlanItems.workPlan.items).toEqual([{ title: '召开支委会' }]);
  });

  test('an empty plan cannot be issued; an issued plan is fixed', async () => {
    const empty = (await t.execute(CREATE_PLAN, { i: { unitId: tree.stationA, week: thisMonday } })).data.createWorkPlan
      .workPlan;
    expect((await t.execute(ISSUE, { i: { planId: empty.id } })).data.issueWorkPlan.userErrors[0].code).toBe(
      'INVALID_STATE',
    );
    const ADD = `mutation($i: AddWorkPlanItemsInput!) { addWorkPlanItems(input: $i) { workPlan { items { title } } userErrors { code } } }`;
    await t.execute(ADD, {
      i: {
        planId: empty.id,
        items: [
          { title: '入户走访', category: 'SERVICE' },
          { title: '整治环境', category: 'GOVERNANCE', targetIds: [tree.village2] },
        ],
      },
    });
    expect((await t.execute(ISSUE, { i: { planId: empty.id } })).data.issueWorkPlan.userErrors).toEqual([]);
    expect(
      (await t.execute(ADD, { i: { planId: empty.id, items: [{ title: 'late', category: 'OTHER' }] } })).data
        .addWorkPlanItems.userErrors[0].code,
    ).toBe('INVALID_STATE');
    await t.execute(ISSUE, { i: { planId: stationPlan.id } });
  });
});

describe('reports (Friday, bottom-up)', () => {
  let report: any;

  test('a report for a week that has not begun is refused; one report per unit and week', async () => {
    const next = await t.execute(CREATE_REPORT, { i: { unitId: tree.village1, week: plusDays(thisMonday, 7) } });
    expect(next.data.createWeeklyReport.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'week'],
    });
    const county = await t.execute(CREATE_REPORT, { i: { unitId: tree.township, week: thisMonday } });
    expect(county.data.createWeeklyReport.userErrors[0].field).toEqual(['input', 'unitId']);
    const ok = await (await t.as('sec-v1'))(CREATE_REPORT, { i: { unitId: tree.village1, week: thisMonday } });
    expect(ok.data.createWeeklyReport.userErrors).toEqual([]);
    report = ok.data.createWeeklyReport.weeklyReport;
    // Village 1 answers station A's items meant for it (the item for village 2 is not).
    expect(report.planItems.map((i: any) => i.title)).toEqual(['入户走访']);
    expect(
      (await t.execute(CREATE_REPORT, { i: { unitId: tree.village1, week: thisMonday } })).data.createWeeklyReport
        .userErrors[0].code,
    ).toBe('CONFLICT');
  });

  test('every item must be answered before submitting', async () => {
    const sec = await t.as('sec-v1');
    const r = await sec(SUBMIT, { i: { reportId: report.id } });
    expect(r.data.submitWeeklyReport.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('1. 入户走访'),
    });
    const saved = await sec(SAVE, {
      i: {
        reportId: report.id,
        answers: [{ itemId: report.planItems[0].id, outcome: 'PARTLY_DONE', note: '雨天' }],
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
    const foreign = await sec(SAVE, {
      i: {
        reportId: report.id,
        answers: [{ itemId: Buffer.from('WorkPlanItem:999').toString('base64url'), outcome: 'DONE' }],
        otherWork: [],
        problems: [],
      },
    });
    expect(foreign.data.saveWeeklyReport.userErrors[0].field).toEqual(['input', 'answers', '0', 'itemId']);
  });

  test('fifty simultaneous submissions: exactly one wins, the rest are INVALID_STATE', async () => {
    const sec = await t.as('sec-v1');
    const audited = async () =>
      t.app.db.query(
        `SELECT outcome, count(*)::int AS n FROM audit_event WHERE operation = 'submitWeeklyReport' GROUP BY outcome ORDER BY outcome`,
      );
    const before = await audited();
    const results = await Promise.all(Array.from({ length: 50 }, () => sec(SUBMIT, { i: { reportId: report.id } })));
    const ok = results.filter((r) => r.data?.submitWeeklyReport.userErrors.length === 0);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.data?.submitWeeklyReport.userErrors[0]?.code === 'INVALID_STATE')).toHaveLength(49);
    // The audit log says the same: one accepted submission, 49 refused.
    const rejectedBefore = before.find((r: any) => r.outcome === 'REJECTED')?.n ?? 0;
    expect(await audited()).toEqual([
      { outcome: 'OK', n: 1 },
      { outcome: 'REJECTED', n: rejectedBefore + 49 },
    ]);
  });

  test('the level above returns it with a reason or accepts it; the reporter cannot; accepted reports are locked', async () => {
    const sec = await t.as('sec-v1');
    const staff = await t.as('staff-a');
    const RETURN = `mutation($i: ReturnWeeklyReportInput!) { returnWeeklyReport(input: $i) { weeklyReport { status returnReason firstSubmittedAt } userErrors { code } } }`;
    const ACCEPT = `mutation($i: WeeklyReportActionInput!) { acceptWeeklyReport(input: $i) { weeklyReport { status acceptedAt } userErrors { code } } }`;
    expect(codeOf(await sec(ACCEPT, { i: { reportId: report.id } }))).toBe('FORBIDDEN');
    const back = await staff(RETURN, { i: { reportId: report.id, reason: '请补充说明' } });
    expect(back.data.returnWeeklyReport.weeklyReport).toMatchObject({
      status: 'DRAFT',
      returnReason: '请补充说明',
      firstSubmittedAt: expect.anything(),
    });
    expect((await sec(SUBMIT, { i: { reportId: report.id } })).data.submitWeeklyReport.weeklyReport.status).toBe(
      'SUBMITTED',
    );
    expect((await staff(ACCEPT, { i: { reportId: report.id } })).data.acceptWeeklyReport.weeklyReport.status).toBe(
      'ACCEPTED',
    );
    const locked = await sec(SAVE, { i: { reportId: report.id, answers: [], otherWork: [], problems: [] } });
    expect(locked.data.saveWeeklyReport.userErrors[0].code).toBe('INVALID_STATE');
    expect(
      (await staff(RETURN, { i: { reportId: report.id, reason: 'x' } })).data.returnWeeklyReport.userErrors[0].code,
    ).toBe('INVALID_STATE');
  });

  test('fifty simultaneous creations of the same report: one wins, the rest CONFLICT', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.execute(CREATE_REPORT, { i: { unitId: tree.village3, week: thisMonday } })),
    );
    expect(results.filter((r) => r.data.createWeeklyReport.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((r) => r.data.createWeeklyReport.userErrors[0]?.code === 'CONFLICT')).toHaveLength(49);
  });

  test('a township that switched the module off: its units answer MODULE_DISABLED, nothing is written', async () => {
    await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: false }) { userErrors { code } } }`,
      { u: tree.township },
    );
    const r = await t.execute(CREATE_REPORT, { i: { unitId: tree.village2, week: thisMonday } });
    expect(codeOf(r)).toBe('MODULE_DISABLED');
    const q = await t.execute(
      `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { name weeklyReport(week: $w) { id } } } }`,
      { u: tree.village1, w: thisMonday },
    );
    expect(q.data.node.name).toBe('东村党支部');
    expect(codeOf(q)).toBe('MODULE_DISABLED');
    await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: null }) { userErrors { code } } }`,
      { u: tree.township },
    );
  });
});
