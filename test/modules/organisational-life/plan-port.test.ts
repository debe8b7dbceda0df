import { fromGlobalId } from '../../../src/graphql/global-id';
import { WeeklyReportAnswerClaims1765900000000 } from '../../../modules/weekly-reports/migrations/1765900000000-answer-claims';
import { idFor } from '../../support/people';
import { accountWith, codeOf, enableModule, onDay } from '../../support/helpers';
import { Role } from '../../../src/auth/roles';
import { smallCounty } from '../../support/tree';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * A weekly-plan item marked done by the meeting record, through weekly reports' port: on, refused for
 * an item not the branch's or not of organisational life, refused where weekly reports are off, and
 * undone when the meeting is cancelled. The week of Monday 18 May 2026; today is its Wednesday.
 */
jest.setTimeout(120_000);

const WEEK = '2026-05-18';
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let member: Record<string, string>;
let items: { orgLife: string; service: string; otherStation: string };

const RECORD = `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { code field message } } }`;
const ANSWERS = `query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit {
  weeklyReport(week: $w) { status version answers { item { id } outcome note sourceRef } } } } }`;

async function must(query: string, i: object, field: string) {
  const r = await t.execute(query, { i });
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors).toEqual([]);
  return r.data[field];
}

async function plan(unitId: string, list: { title: string; category: string }[], week = WEEK): Promise<string[]> {
  const p = await must(
    `mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { workPlan { id items { id } } userErrors { code message } } }`,
    { unitId, week, items: list },
    'createWorkPlan',
  );
  await must(
    `mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { userErrors { code message } } }`,
    { planId: p.workPlan.id },
    'issueWorkPlan',
  );
  return p.workPlan.items.map((x: { id: string }) => x.id);
}

const meeting = (unit: 'village1' | 'village2', extra: object = {}) => ({
  unitId: tree[unit],
  kind: 'THEME_DAY',
  heldOn: '2026-05-19',
  place: '村党群服务中心',
  topic: '重温入党誓词',
  attendance: [{ memberId: member[unit], status: 'PRESENT' }],
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp({ now: '2026-05-20T10:00:00+08:00' });
  member = {};
  await onDay(t, '2016-01-04', async () => {
    tree = await smallCounty(t, 'PP');
    for (const m of ['organisational-life', 'weekly-reports']) await enableModule(t, tree.county, m);
    for (const [i, unit] of (['village1', 'village2'] as const).entries()) {
      const r = await must(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          name: `计划党员${i}`,
          idCardNumber: idFor('1975-03-03', true, 410 + i),
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          branchId: tree[unit],
        },
        'createMember',
      );
      member[unit] = r.member.id;
    }
  });
  const [orgLife, service] = await plan(tree.stationA, [
    { title: '开展主题党日', category: 'ORGANISATIONAL_LIFE' },
    { title: '走访困难群众', category: 'SERVICE' },
  ]);
  const [otherStation] = await plan(tree.stationB, [{ title: '开展主题党日', category: 'ORGANISATIONAL_LIFE' }]);
  items = { orgLife, service, otherStation };
});
afterAll(() => t?.close());

test('the meeting marks the item done in the branch’s report of the week, naming itself; cancelling it undoes that', async () => {
  const m = (await must(RECORD, meeting('village1', { planItemId: items.orgLife }), 'recordMeeting')).meeting.id;
  const report = async () => (await t.execute(ANSWERS, { u: tree.village1, w: WEEK })).data.node.weeklyReport;
  const r = await report();
  expect(r.status).toBe('DRAFT');
  expect(r.answers).toEqual([
    { item: { id: items.orgLife }, outcome: 'DONE', note: '组织生活 meeting 2026-05-19: 重温入党誓词', sourceRef: m },
  ]);
  // The branch saves its report answering the item done: it still names the meeting.
  const rid = (
    await t.execute(`query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { weeklyReport(week: $w) { id } } } }`, {
      u: tree.village1,
      w: WEEK,
    })
  ).data.node.weeklyReport.id;
  await must(
    `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { userErrors { code message } } }`,
    {
      reportId: rid,
      answers: [
        { itemId: items.orgLife, outcome: 'DONE' },
        { itemId: items.service, outcome: 'PARTLY_DONE' },
      ],
      otherWork: [],
      problems: [],
    },
    'saveWeeklyReport',
  );
  expect((await report()).answers.map((a: any) => [a.outcome, a.sourceRef])).toEqual([
    ['DONE', m],
    ['PARTLY_DONE', null],
  ]);
  await must(
    `mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { userErrors { code message } } }`,
    { meetingId: m, reason: '重复登记' },
    'cancelMeeting',
  );
  expect((await report()).answers.map((a: any) => a.item.id)).toEqual([items.service]);
});

test('refused on planItemId, nothing saved: an item not of organisational life, another station’s, a meeting before the week', async () => {
  const refusal = async (extra: object) => {
    const r = await t.execute(RECORD, { i: meeting('village1', extra) });
    expect(r.errors).toBeUndefined();
    return r.data.recordMeeting.userErrors.map((e: any) => [e.code, e.field.join('.'), e.message]);
  };
  expect(await refusal({ planItemId: items.service })).toEqual([
    ['BAD_USER_INPUT', 'input.planItemId', '只有“组织生活”类事项可由会议记录标为完成'],
  ]);
  expect(await refusal({ planItemId: items.otherStation })).toEqual([
    ['BAD_USER_INPUT', 'input.planItemId', '这个事项不在东村党支部本周所答复的计划中'],
  ]);
  expect(await refusal({ planItemId: items.orgLife, heldOn: '2026-05-15' })).toEqual([
    ['BAD_USER_INPUT', 'input.planItemId', '2026-05-15 早于该事项所在计划的一周（2026-05-18 起）'],
  ]);
  const meetings = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { meetings(first: 10) { nodes { id status } } } } }`,
    { u: tree.village1 },
  );
  expect(meetings.data.node.meetings.nodes.filter((x: any) => x.status !== 'CANCELLED')).toEqual([]);
});

const CORRECT = `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { meeting { id version } userErrors { code field message } } }`;
const CANCEL = `mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { userErrors { code message } } }`;
const SAVE = `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { userErrors { code message } } }`;
const answersOf = async (unit: 'village1' | 'village2') =>
  ((await t.execute(ANSWERS, { u: tree[unit], w: WEEK })).data.node.weeklyReport?.answers ?? []).map((a: any) => [
    a.item.id,
    a.outcome,
    a.note,
    a.sourceRef,
  ]);
const errors = (r: any, field: string) => {
  expect(r.errors).toBeUndefined();
  return r.data[field].userErrors.map((e: any) => [e.code, e.field.join('.'), e.message]);
};

test('an item the branch answered itself is refused (INVALID_STATE, naming the item), nothing of the meeting saved; a cancel leaves that answer', async () => {
  const rid = (
    await must(
      `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id } userErrors { code message } } }`,
      { unitId: tree.village2, week: WEEK },
      'createWeeklyReport',
    )
  ).weeklyReport.id;
  const refused = [
    [
      'INVALID_STATE',
      'input.planItemId',
      '西村党支部已在2026-05-18 那一周的周报中自行答复“开展主题党日”，会议记录不覆盖该答复；如需改动，请在周报中修改',
    ],
  ];
  for (const own of [
    { outcome: 'NOT_DONE', note: '雨天改期' },
    { outcome: 'DONE', note: '已自行开展' },
  ]) {
    await must(
      SAVE,
      { reportId: rid, answers: [{ itemId: items.orgLife, ...own }], otherWork: [], problems: [] },
      'saveWeeklyReport',
    );
    expect(
      errors(await t.execute(RECORD, { i: meeting('village2', { planItemId: items.orgLife }) }), 'recordMeeting'),
    ).toEqual(refused);
    expect(await answersOf('village2')).toEqual([[items.orgLife, own.outcome, own.note, null]]);
  }
  const listed = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { meetings(first: 10) { nodes { id } } } } }`,
    { u: tree.village2 },
  );
  expect(listed.data.node.meetings.nodes).toEqual([]);
  // A meeting recorded without the item, then cancelled: the branch's answer stays as it gave it.
  const m = (await must(RECORD, meeting('village2'), 'recordMeeting')).meeting.id;
  await must(CANCEL, { meetingId: m, reason: '录入有误' }, 'cancelMeeting');
  expect(await answersOf('village2')).toEqual([[items.orgLife, 'DONE', '已自行开展', null]]);
});

test('an item a meeting answered is answered again by a second meeting, which then names itself', async () => {
  const first = (await must(RECORD, meeting('village1', { planItemId: items.orgLife }), 'recordMeeting')).meeting.id;
  const second = (
    await must(RECORD, meeting('village1', { planItemId: items.orgLife, topic: '学习党章' }), 'recordMeeting')
  ).meeting.id;
  expect((await answersOf('village1')).find((a: string[]) => a[0] === items.orgLife)).toEqual([
    items.orgLife,
    'DONE',
    '组织生活 meeting 2026-05-19: 学习党章',
    second,
  ]);
  for (const id of [second, first]) await must(CANCEL, { meetingId: id, reason: '录入有误' }, 'cancelMeeting');
});

test('a correction moves the answer: a new topic or day rewrites it, null withdraws it, an id moves it; refusals as when recording; a report sent up refuses', async () => {
  const base = meeting('village1', { planItemId: items.orgLife });
  const m = (await must(RECORD, base, 'recordMeeting')).meeting.id;
  const { unitId: _unit, planItemId: _item, ...facts } = base as any;
  let version = 1;
  const correct = (extra: object) => t.execute(CORRECT, { i: { ...facts, meetingId: m, version, ...extra } });
  const ok = async (extra: object) => {
    expect(errors(await correct(extra), 'correctMeeting')).toEqual([]);
    version++;
  };
  const orgLife = async () => (await answersOf('village1')).find((a: string[]) => a[0] === items.orgLife) ?? null;
  await ok({ topic: '学习新党章' });
  expect(await orgLife()).toEqual([items.orgLife, 'DONE', '组织生活 meeting 2026-05-19: 学习新党章', m]);
  await ok({ topic: '学习新党章', heldOn: '2026-05-20' });
  expect(await orgLife()).toEqual([items.orgLife, 'DONE', '组织生活 meeting 2026-05-20: 学习新党章', m]);
  await ok({ topic: '学习新党章', heldOn: '2026-05-20', planItemId: null });
  expect(await orgLife()).toBeNull();
  await ok({ topic: '学习新党章', heldOn: '2026-05-20', planItemId: items.orgLife });
  expect(await orgLife()).toEqual([items.orgLife, 'DONE', '组织生活 meeting 2026-05-20: 学习新党章', m]);
  // Refused as recording is, on planItemId, and nothing of the correction written.
  expect(errors(await correct({ planItemId: items.service }), 'correctMeeting')).toEqual([
    ['BAD_USER_INPUT', 'input.planItemId', '只有“组织生活”类事项可由会议记录标为完成'],
  ]);
  expect(errors(await correct({ heldOn: '2026-05-15' }), 'correctMeeting')).toEqual([
    ['BAD_USER_INPUT', 'input.planItemId', '2026-05-15 早于该事项所在计划的一周（2026-05-18 起）'],
  ]);
  expect(await orgLife()).toEqual([items.orgLife, 'DONE', '组织生活 meeting 2026-05-20: 学习新党章', m]);
  // Sent up: a correction that would change the answer is refused; one that leaves it alone saves.
  const report = (await t.execute(ANSWERS, { u: tree.village1, w: WEEK })).data.node.weeklyReport;
  const rid = (
    await t.execute(`query($u: ID!, $w: Date!) { node(id: $u) { ... on OrgUnit { weeklyReport(week: $w) { id } } } }`, {
      u: tree.village1,
      w: WEEK,
    })
  ).data.node.weeklyReport.id;
  await must(
    `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { userErrors { code message } } }`,
    { reportId: rid, version: report.version },
    'submitWeeklyReport',
  );
  expect(errors(await correct({ topic: '学习党章', heldOn: '2026-05-20' }), 'correctMeeting')).toEqual([
    [
      'INVALID_STATE',
      'input.planItemId',
      '东村党支部2026-05-18 那一周的周报已上报，其中“开展主题党日”的答复不能随会议更正而改动；请上级先退回周报',
    ],
  ]);
  await ok({ topic: '学习新党章', heldOn: '2026-05-20', place: '村委会' });
  expect(await orgLife()).toEqual([items.orgLife, 'DONE', '组织生活 meeting 2026-05-20: 学习新党章', m]);
});

test('weekly reports switched off after a meeting answered: a correction that does not name the item saves and leaves the answer', async () => {
  const created = await must(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      name: '计划党员3',
      idCardNumber: idFor('1976-04-04', true, 413),
      category: 'RURAL',
      joinedOn: '2005-01-01',
      fullMemberSince: '2006-01-01',
      branchId: tree.village3,
    },
    'createMember',
  );
  const facts = {
    kind: 'THEME_DAY',
    heldOn: '2026-05-19',
    place: '村党群服务中心',
    topic: '重温入党誓词',
    attendance: [{ memberId: created.member.id, status: 'PRESENT' }],
  };
  const m = (await must(RECORD, { ...facts, unitId: tree.village3, planItemId: items.otherStation }, 'recordMeeting'))
    .meeting.id;
  await enableModule(t, tree.village3, 'weekly-reports', false);
  const corrected = await t.execute(CORRECT, { i: { ...facts, meetingId: m, version: 1, topic: '学习新党章' } });
  expect(errors(corrected, 'correctMeeting')).toEqual([]);
  await enableModule(t, tree.village3, 'weekly-reports', true);
  const answers = (await t.execute(ANSWERS, { u: tree.village3, w: WEEK })).data.node.weeklyReport.answers;
  expect(answers).toEqual([
    {
      item: { id: items.otherStation },
      outcome: 'DONE',
      note: '组织生活 meeting 2026-05-19: 重温入党誓词',
      sourceRef: m,
    },
  ]);
});

test('weekly reports off for the branch: planItemId is refused (MODULE_DISABLED), the meeting without it records', async () => {
  await enableModule(t, tree.village2, 'weekly-reports', false);
  const r = await t.execute(RECORD, { i: meeting('village2', { planItemId: items.orgLife }) });
  expect(codeOf(r) ?? r.data?.recordMeeting?.userErrors?.[0]?.code).toBe('MODULE_DISABLED');
  await must(RECORD, meeting('village2'), 'recordMeeting');
});

describe('two meetings answering one item each keep their claim (the week before, its own plan)', () => {
  const week = '2026-05-11';
  let x: string, y: string, z: string, rid: string;
  // The branch's own answer, on an item no record may answer: untouched throughout.
  const own = () => [z, 'NOT_DONE', '下周补做', null];
  const save = (answers: object[]) =>
    must(
      SAVE,
      {
        reportId: rid,
        answers: [...answers, { itemId: z, outcome: 'NOT_DONE', note: '下周补做' }],
        otherWork: [],
        problems: [],
      },
      'saveWeeklyReport',
    );
  const answers = async () =>
    ((await t.execute(ANSWERS, { u: tree.village1, w: week })).data.node.weeklyReport.answers as any[])
      .map((a) => [a.item.id, a.outcome, a.note, a.sourceRef])
      .sort((a, b) => [x, y, z].indexOf(a[0]) - [x, y, z].indexOf(b[0]));
  const record = async (heldOn: string, topic: string, planItemId: string) =>
    (await must(RECORD, meeting('village1', { heldOn, topic, planItemId }), 'recordMeeting')).meeting.id as string;
  const cancel = (id: string) => must(CANCEL, { meetingId: id, reason: '录入有误' }, 'cancelMeeting');
  const done = (item: string, id: string, heldOn: string, topic: string) => [
    item,
    'DONE',
    `组织生活 meeting ${heldOn}: ${topic}`,
    id,
  ];

  beforeAll(async () => {
    [x, y, z] = await plan(
      tree.stationA,
      [
        { title: '开展主题党日', category: 'ORGANISATIONAL_LIFE' },
        { title: '讲授党课', category: 'ORGANISATIONAL_LIFE' },
        { title: '走访困难群众', category: 'SERVICE' },
      ],
      week,
    );
    rid = (
      await must(
        `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id } userErrors { code message } } }`,
        { unitId: tree.village1, week },
        'createWeeklyReport',
      )
    ).weeklyReport.id;
    await save([]);
  });

  test('the migration gives an answer made before it the claim of the record it names', async () => {
    const a = await record('2026-05-12', '重温入党誓词', x);
    // As a database before the claims: the table made again from the answers alone.
    const migration = new WeeklyReportAnswerClaims1765900000000();
    const runner = t.app.db.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const b = await record('2026-05-13', '学习党章', x);
    await cancel(b);
    expect(await answers()).toEqual([done(x, a, '2026-05-12', '重温入党誓词'), own()]);
    await cancel(a);
    expect(await answers()).toEqual([own()]);
  });

  test('A then B answer X: cancelling B leaves X done by A; cancelling A too leaves it unanswered', async () => {
    const a = await record('2026-05-12', '重温入党誓词', x);
    const b = await record('2026-05-13', '学习党章', x);
    expect(await answers()).toEqual([done(x, b, '2026-05-13', '学习党章'), own()]);
    await cancel(b);
    expect(await answers()).toEqual([done(x, a, '2026-05-12', '重温入党誓词'), own()]);
    await cancel(a);
    expect(await answers()).toEqual([own()]);
  });

  test('B corrected to item Y: X stays done by A, Y names B', async () => {
    const a = await record('2026-05-12', '重温入党誓词', x);
    const b = await record('2026-05-13', '学习党章', x);
    const { unitId: _unit, ...facts } = meeting('village1', { heldOn: '2026-05-13', topic: '学习党章' }) as any;
    const corrected = await t.execute(CORRECT, { i: { ...facts, meetingId: b, version: 1, planItemId: y } });
    expect(errors(corrected, 'correctMeeting')).toEqual([]);
    expect(await answers()).toEqual([
      done(x, a, '2026-05-12', '重温入党誓词'),
      done(y, b, '2026-05-13', '学习党章'),
      own(),
    ]);
    for (const id of [a, b]) await cancel(id);
    expect(await answers()).toEqual([own()]);
  });

  test('the branch saving X done keeps the claims; answering Y in its own words drops them for good', async () => {
    const a = await record('2026-05-12', '重温入党誓词', x);
    const b = await record('2026-05-13', '讲授党课', y);
    await save([
      { itemId: x, outcome: 'DONE', note: '支部补充说明' },
      { itemId: y, outcome: 'PARTLY_DONE', note: '只讲了一半' },
    ]);
    const partly = [y, 'PARTLY_DONE', '只讲了一半', null];
    expect(await answers()).toEqual([[x, 'DONE', '支部补充说明', a], partly, own()]);
    // A later record on X, cancelled: X falls back to A's claim (its note: the answer is A's again).
    const c = await record('2026-05-14', '观看教育片', x);
    expect(await answers()).toEqual([done(x, c, '2026-05-14', '观看教育片'), partly, own()]);
    await cancel(c);
    expect(await answers()).toEqual([done(x, a, '2026-05-12', '重温入党誓词'), partly, own()]);
    // The branch takes back its answer to Y: B's claim went with it, so a record answering Y, then
    // cancelled, leaves Y unanswered rather than done by B.
    await save([{ itemId: x, outcome: 'DONE', note: null }]);
    const d = await record('2026-05-14', '讲授党课', y);
    expect(await answers()).toEqual([[x, 'DONE', null, a], done(y, d, '2026-05-14', '讲授党课'), own()]);
    await cancel(d);
    expect(await answers()).toEqual([[x, 'DONE', null, a], own()]);
    for (const id of [a, b]) await cancel(id);
    expect(await answers()).toEqual([own()]);
  });

  test('sent up: correcting the earlier meeting, whose claim stands behind the later one, is refused as for the answer shown', async () => {
    const a = await record('2026-05-12', '重温入党誓词', x);
    const b = await record('2026-05-13', '学习党章', x);
    await save([
      { itemId: x, outcome: 'DONE' },
      { itemId: y, outcome: 'NOT_DONE', note: '改到下周' },
    ]);
    const version = (await t.execute(ANSWERS, { u: tree.village1, w: week })).data.node.weeklyReport.version;
    await must(
      `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { userErrors { code message } } }`,
      { reportId: rid, version },
      'submitWeeklyReport',
    );
    const { unitId: _unit, ...facts } = meeting('village1', { heldOn: '2026-05-12', topic: '学习新党章' }) as any;
    expect(errors(await t.execute(CORRECT, { i: { ...facts, meetingId: a, version: 1 } }), 'correctMeeting')).toEqual([
      [
        'INVALID_STATE',
        'input.planItemId',
        '东村党支部2026-05-11 那一周的周报已上报，其中“开展主题党日”的答复不能随会议更正而改动；请上级先退回周报',
      ],
    ]);
    expect(await answers()).toEqual([[x, 'DONE', null, b], [y, 'NOT_DONE', '改到下周', null], own()]);
  });

  test('sent up: cancelling the earlier meeting leaves the report as sent, and its claim never comes back', async () => {
    // Continues the report sent up above: X shows B, A's claim behind it.
    const [a, b] = (
      await t.app.db.query(`SELECT source_ref FROM wr_report_claim WHERE report_id = $1 ORDER BY id`, [
        Number(fromGlobalId(rid)!.key),
      ])
    ).map((r: { source_ref: string }) => r.source_ref);
    await cancel(a);
    expect(await answers()).toEqual([[x, 'DONE', null, b], [y, 'NOT_DONE', '改到下周', null], own()]);
    // Returned by its station's staff (level by level, the station it went to).
    await accountWith(t, 'pp-staff-a', Role.STATION_STAFF, tree.stationA);
    const returned = await (
      await t.as('pp-staff-a')
    )(`mutation($i: ReturnWeeklyReportInput!) { returnWeeklyReport(input: $i) { userErrors { code message } } }`, {
      i: { reportId: rid, reason: '请补充说明' },
    });
    expect(returned.errors ?? returned.data.returnWeeklyReport.userErrors).toEqual([]);
    // Returned, B cancelled: nothing stands behind X, not the meeting cancelled while the report was away.
    await cancel(b);
    expect(await answers()).toEqual([[y, 'NOT_DONE', '改到下周', null], own()]);
  });
});
