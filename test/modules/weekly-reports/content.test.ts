import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { countyWith, CREATE_REPORT, ok, planAt, RATE, SAVE, SUBMIT } from './reports';

/**
 * Issue 15, item 2: a report must say something. Every item of the plan it answers is answered
 * (as before), and it states work done — an item done or partly done, or other work — or says
 * "nothing this week" with a reason. A blank report is refused at submission, with the reason, and
 * nothing is written; "nothing this week" beside work done is a contradiction, refused on saving.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const WEEK = '2026-11-23';
const REPORT = `query($id: ID!) { node(id: $id) { ... on WeeklyReport { status firstSubmittedAt submittedAt noWorkReason version } } }`;

async function draft(unitId: string) {
  return ok(await t.execute(CREATE_REPORT, { i: { unitId, week: WEEK } }), 'createWeeklyReport').weeklyReport
    .id as string;
}
const save = (reportId: string, content: Record<string, unknown>) =>
  t.execute(SAVE, { i: { reportId, answers: [], otherWork: [], problems: [], ...content } });
const submit = (reportId: string) => t.execute(SUBMIT, { i: { reportId } });

test('a blank report — no answers, no work, no problems — submitted early on Monday is refused, and nothing is written', async () => {
  const { tree } = await countyWith(t, 'CB');
  t.clock.set(`${WEEK}T08:00:00+08:00`);
  const id = await draft(tree.village1);
  const before = (await t.execute(REPORT, { id })).data.node;
  const r = await submit(id);
  expect(r.data.submitWeeklyReport).toEqual({
    weeklyReport: null,
    userErrors: [
      {
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining('周报没有内容'),
      },
    ],
  });
  expect((await t.execute(REPORT, { id })).data.node).toEqual(before);
  expect(before).toMatchObject({ status: 'DRAFT', firstSubmittedAt: null });
  // Problems alone are not work done.
  ok(await save(id, { problems: [{ text: '路灯损坏', category: 'GOVERNANCE' }] }), 'saveWeeklyReport');
  expect((await submit(id)).data.submitWeeklyReport.userErrors[0].code).toBe('BAD_USER_INPUT');
  // After Friday the blank week is missing, not on time.
  t.clock.set('2026-11-28T00:00:00+08:00');
  const rate = (await t.execute(RATE, { u: tree.village1, from: WEEK, to: WEEK })).data.node.reportingRate;
  expect(rate).toMatchObject({ expected: 1, submitted: 0, missing: 1 });
});

test('work done is stated by other work, or by an item done or partly done; items all not done need other work or "nothing this week"', async () => {
  const { tree } = await countyWith(t, 'CW');
  const items = await planAt(t, TEST_NOW, tree.stationA, WEEK, [{ title: '入户走访' }, { title: '整治环境' }]);
  // Village 1: both items not done, nothing else: refused, naming the way out.
  const v1 = await draft(tree.village1);
  const notDone = [
    { itemId: items['入户走访'], outcome: 'NOT_DONE', note: '雨天' },
    { itemId: items['整治环境'], outcome: 'NOT_DONE' },
  ];
  ok(await save(v1, { answers: notDone }), 'saveWeeklyReport');
  const refused = await submit(v1);
  expect(refused.data.submitWeeklyReport.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', message: expect.stringContaining('“本周无工作”及原因（noWorkReason）') },
  ]);
  // The same answers with "nothing this week" and a reason: submitted, the reason kept.
  expect(
    ok(await save(v1, { answers: notDone, noWorkReason: '  全体村干部参加县委组织部培训  ' }), 'saveWeeklyReport')
      .weeklyReport.status,
  ).toBe('DRAFT');
  ok(await submit(v1), 'submitWeeklyReport');
  expect((await t.execute(REPORT, { id: v1 })).data.node).toMatchObject({
    status: 'SUBMITTED',
    noWorkReason: '全体村干部参加县委组织部培训',
  });
  // Village 2: one item partly done is work done.
  const v2 = await draft(tree.village2);
  ok(
    await save(v2, {
      answers: [
        { itemId: items['入户走访'], outcome: 'PARTLY_DONE' },
        { itemId: items['整治环境'], outcome: 'NOT_DONE' },
      ],
    }),
    'saveWeeklyReport',
  );
  ok(await submit(v2), 'submitWeeklyReport');
  // Station B (no plan above it this week): other work alone is enough.
  const s = await draft(tree.stationB);
  ok(await save(s, { otherWork: ['督导南村三会一课'] }), 'saveWeeklyReport');
  ok(await submit(s), 'submitWeeklyReport');
});

test('"nothing this week" needs a reason and cannot stand beside work done; the refused save changes nothing', async () => {
  const { tree } = await countyWith(t, 'CN');
  const items = await planAt(t, TEST_NOW, tree.stationA, WEEK, [{ title: '入户走访' }]);
  const id = await draft(tree.village1);
  ok(
    await save(id, { answers: [{ itemId: items['入户走访'], outcome: 'NOT_DONE' }], otherWork: ['日常走访'] }),
    'saveWeeklyReport',
  );
  const before = (await t.execute(REPORT, { id })).data.node;
  const blank = await save(id, { answers: [{ itemId: items['入户走访'], outcome: 'NOT_DONE' }], noWorkReason: '   ' });
  // (Refused by the module — "say why" — or already by the core's input validation of blank strings.)
  expect(blank.data.saveWeeklyReport.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', field: ['input', 'noWorkReason'], message: expect.any(String) },
  ]);
  const withWork = await save(id, { otherWork: ['日常走访'], noWorkReason: '放假' });
  expect(withWork.data.saveWeeklyReport.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', field: ['input', 'noWorkReason'], message: expect.stringContaining('矛盾') },
  ]);
  const withDone = await save(id, { answers: [{ itemId: items['入户走访'], outcome: 'DONE' }], noWorkReason: '放假' });
  expect(withDone.data.saveWeeklyReport.userErrors[0]).toMatchObject({ field: ['input', 'noWorkReason'] });
  expect((await t.execute(REPORT, { id })).data.node).toEqual(before);
});
