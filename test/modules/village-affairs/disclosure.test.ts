import { Role } from '../../../src/auth/roles';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * 村务公开 judged against the schedule (README: finance monthly, the rest quarterly, each within 10
 * days of the period's end; on or before the due day ON_TIME, after it LATE, nothing and the due day
 * passed MISSING, nothing yet NOT_YET_DUE). Every test sets the clock itself and counts villages of
 * its own, so no figure depends on the day the suite runs or on another test.
 */
const TODAY = '2026-11-25';
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const DISCLOSE = `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { id category categoryTitle channels attachments { name url } } userErrors { code field message } } }`;
const FEEDBACK = `mutation($i: RegisterVillageFeedbackInput!) { registerVillageFeedback(input: $i) { feedback { id overdue replyDueOn } userErrors { code field message } } }`;
const REPLY = `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { feedback { reply repliedOn replier overdue } userErrors { code field message } } }`;
const COMPLIANCE = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  disclosureCompliance(from: $f, to: $to) { villages villagesWithMissing due onTime late missing notYetDue onTimeRate byCategory { category due onTime late missing notYetDue } } } } }`;
const DUE = `query($u: ID!, $f: Date!, $to: Date!, $s: [DisclosureDueStatus!]) { node(id: $u) { ... on OrgUnit {
  dueDisclosures(from: $f, to: $to, statuses: $s) { category periodStart periodEnd dueOn publishedOn status } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'village-affairs');
  await accountWith(t, 'sec-v1', Role.SECRETARY, tree.village1);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A work station of the test's own under the township, with `n` villages established on `establishedOn`. */
async function newVillages(n: number, establishedOn = '2000-01-01') {
  const k = ++seq;
  const station = await createUnit(t, {
    code: `TC-DS${k}`,
    name: `公开工作站${k}`,
    kind: 'WORK_STATION',
    parentId: tree.township,
    establishedOn: '2015-01-01',
  });
  const villages: string[] = [];
  for (let i = 0; i < n; i++)
    villages.push(
      await createUnit(t, {
        code: `TC-DS${k}-V${i}`,
        name: `公开村${k}-${i}党支部`,
        kind: 'BRANCH',
        sector: i % 2 ? 'COMMUNITY' : 'RURAL',
        parentId: station,
        establishedOn,
      }),
    );
  return { station, villages };
}

async function disclose(unitId: string, i: Record<string, unknown>) {
  const r = await t.execute(DISCLOSE, { i: { unitId, channels: ['BOARD'], summary: '公开', ...i } });
  expect(r.data.recordVillageDisclosure.userErrors).toEqual([]);
  return r.data.recordVillageDisclosure.disclosure;
}

const compliance = async (unit: string, from: string, to: string) => {
  const r = await t.execute(COMPLIANCE, { u: unit, f: from, to });
  expect(r.errors).toBeUndefined();
  return r.data.node.disclosureCompliance;
};

const due = async (village: string, from: string, to: string, category?: string) => {
  const r = await t.execute(DUE, { u: village, f: from, to });
  expect(r.errors).toBeUndefined();
  return r.data.node.dueDisclosures.filter((d: any) => !category || d.category === category);
};

describe('disclosures and the schedule', () => {
  test("a disclosure is a village's, of a known category, for a period that has begun, on named channels", async () => {
    const bad = async (i: Record<string, unknown>) =>
      (
        await t.execute(DISCLOSE, {
          i: {
            unitId: tree.village1,
            category: 'FINANCE',
            periodStart: '2024-01-01',
            periodEnd: '2024-01-31',
            publishedOn: '2024-02-05',
            channels: ['BOARD'],
            summary: 's',
            ...i,
          },
        })
      ).data.recordVillageDisclosure.userErrors[0];
    expect(await bad({ unitId: tree.stationA })).toMatchObject({ field: ['input', 'unitId'] });
    expect(await bad({ category: 'GOSSIP' })).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'category'] });
    expect(await bad({ periodEnd: '2023-12-31' })).toMatchObject({ field: ['input', 'periodEnd'] });
    expect(await bad({ publishedOn: '2026-11-26' })).toMatchObject({ field: ['input', 'publishedOn'] });
    expect(await bad({ publishedOn: '2023-12-31' })).toMatchObject({ field: ['input', 'publishedOn'] });
    expect(await bad({ channels: [] })).toMatchObject({ field: ['input', 'channels'] });
    expect(await bad({ summary: ' ' })).toMatchObject({ field: ['input', 'summary'] });
    expect(await bad({ attachments: [{ name: '照片', url: 'not a url' }] })).toMatchObject({
      field: ['input', 'attachments', '0'],
    });
    // Published today is not in the future.
    expect(await bad({ publishedOn: TODAY })).toBeUndefined();
    const cats = await t.execute(`{ disclosureCategories { category everyMonths withinDays } }`);
    expect(cats.data.disclosureCategories).toHaveLength(8);
    expect(cats.data.disclosureCategories.find((c: any) => c.category === 'FINANCE')).toEqual({
      category: 'FINANCE',
      everyMonths: 1,
      withinDays: 10,
    });
  });

  test('compliance of a whole year: due, on time (the due day itself counts), late, missing; a half-year disclosure covers two quarters; villages where the module is off are not counted', async () => {
    const { station, villages } = await newVillages(3);
    const [v] = villages;
    await enableModule(t, villages[2], 'village-affairs', false);
    const first = await disclose(v, {
      category: 'FINANCE',
      periodStart: '2024-01-01',
      periodEnd: '2024-01-31',
      publishedOn: '2024-02-05',
      attachments: [{ name: '收支明细.pdf', url: 'https://files.example/x.pdf' }],
    });
    expect(first).toMatchObject({
      categoryTitle: expect.stringContaining('财务'),
      attachments: [{ name: '收支明细.pdf', url: 'https://files.example/x.pdf' }],
    });
    // 2024 is a leap year: February's period ends on the 29th and is due on 10 March.
    await disclose(v, {
      category: 'FINANCE',
      periodStart: '2024-02-01',
      periodEnd: '2024-02-29',
      publishedOn: '2024-03-15',
    });
    await disclose(v, {
      category: 'FINANCE',
      periodStart: '2024-03-01',
      periodEnd: '2024-03-31',
      publishedOn: '2024-04-10',
    });
    await disclose(v, {
      category: 'FEES',
      periodStart: '2024-01-01',
      periodEnd: '2024-06-30',
      publishedOn: '2024-07-05',
    });
    const c = await compliance(station, '2024-01-01', '2024-12-31');
    // Two villages with the module on, 12 monthly + 7 × 4 quarterly each.
    expect(c).toMatchObject({
      villages: 2,
      villagesWithMissing: 2,
      due: 80,
      onTime: 3,
      late: 2,
      missing: 75,
      notYetDue: 0,
      onTimeRate: 0.0375,
    });
    expect(c.byCategory.find((x: any) => x.category === 'FINANCE')).toEqual({
      category: 'FINANCE',
      due: 24,
      onTime: 2,
      late: 1,
      missing: 21,
      notYetDue: 0,
    });
    expect(c.byCategory.find((x: any) => x.category === 'FEES')).toEqual({
      category: 'FEES',
      due: 8,
      onTime: 1,
      late: 1,
      missing: 6,
      notYetDue: 0,
    });
    const late = await t.execute(DUE, { u: v, f: '2024-01-01', to: '2024-12-31', s: ['LATE'] });
    expect(late.data.node.dueDisclosures).toEqual([
      {
        category: 'FINANCE',
        periodStart: '2024-02-01',
        periodEnd: '2024-02-29',
        dueOn: '2024-03-10',
        publishedOn: '2024-03-15',
        status: 'LATE',
      },
      {
        category: 'FEES',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
        dueOn: '2024-04-10',
        publishedOn: '2024-07-05',
        status: 'LATE',
      },
    ]);
    expect(codeOf(await t.execute(DUE, { u: station, f: '2024-01-01', to: '2024-12-31' }))).toBe('BAD_USER_INPUT');
  });

  test('a period is met only by a disclosure covering all of it: a February ending on the 28th does not cover February 2028, a month does not cover a quarter', async () => {
    t.clock.set('2028-04-15');
    const { villages } = await newVillages(2);
    const [a, b] = villages;
    await disclose(a, {
      category: 'FINANCE',
      periodStart: '2028-02-01',
      periodEnd: '2028-02-28',
      publishedOn: '2028-03-01',
    });
    await disclose(a, {
      category: 'MATERIALS',
      periodStart: '2028-02-01',
      periodEnd: '2028-02-29',
      publishedOn: '2028-03-01',
    });
    await disclose(a, {
      category: 'FEES',
      periodStart: '2028-01-01',
      periodEnd: '2028-03-31',
      publishedOn: '2028-04-10',
    });
    await disclose(a, {
      category: 'ELECTRICITY',
      periodStart: '2028-01-01',
      periodEnd: '2028-03-31',
      publishedOn: '2028-04-11',
    });
    await disclose(b, {
      category: 'FINANCE',
      periodStart: '2028-02-01',
      periodEnd: '2028-02-29',
      publishedOn: '2028-03-10',
    });
    const period = (category: string, periodStart: string, periodEnd: string, dueOn: string) => ({
      category,
      periodStart,
      periodEnd,
      dueOn,
    });
    expect(await due(a, '2028-02-01', '2028-03-31', 'FINANCE')).toEqual([
      { ...period('FINANCE', '2028-02-01', '2028-02-29', '2028-03-10'), publishedOn: null, status: 'MISSING' },
      { ...period('FINANCE', '2028-03-01', '2028-03-31', '2028-04-10'), publishedOn: null, status: 'MISSING' },
    ]);
    expect(await due(b, '2028-02-01', '2028-02-29', 'FINANCE')).toEqual([
      { ...period('FINANCE', '2028-02-01', '2028-02-29', '2028-03-10'), publishedOn: '2028-03-10', status: 'ON_TIME' },
    ]);
    const q1 = Object.fromEntries(
      (await due(a, '2028-03-31', '2028-03-31')).map((d: any) => [d.category, [d.periodStart, d.dueOn, d.status]]),
    );
    expect(q1).toMatchObject({
      FEES: ['2028-01-01', '2028-04-10', 'ON_TIME'],
      ELECTRICITY: ['2028-01-01', '2028-04-10', 'LATE'],
      MATERIALS: ['2028-01-01', '2028-04-10', 'MISSING'],
      FINANCE: ['2028-03-01', '2028-04-10', 'MISSING'],
    });
    expect(Object.keys(q1)).toHaveLength(8);
  });

  test('on the due day nothing is missing yet; from the day after it is, and a disclosure then is late — at a month end and at the turn of the year', async () => {
    const { station, villages } = await newVillages(1);
    const [v] = villages;
    // The fourth quarter of 2027 ends on 31 December and is due on 10 January 2028.
    const q4 = async () => (await due(v, '2027-12-31', '2027-12-31', 'FEES'))[0];
    t.clock.set('2028-01-10');
    expect(await q4()).toMatchObject({ periodStart: '2027-10-01', dueOn: '2028-01-10', status: 'NOT_YET_DUE' });
    t.clock.set('2028-01-11');
    expect(await q4()).toMatchObject({ status: 'MISSING' });

    // February 2028 ends on the 29th and is due on 10 March.
    const feb = async () => (await due(v, '2028-02-01', '2028-02-29', 'FINANCE'))[0];
    t.clock.set('2028-03-10');
    expect(await feb()).toMatchObject({ periodEnd: '2028-02-29', dueOn: '2028-03-10', status: 'NOT_YET_DUE' });
    expect(await compliance(station, '2028-02-01', '2028-02-29')).toMatchObject({ due: 0, notYetDue: 1 });
    t.clock.set('2028-03-11');
    expect(await feb()).toMatchObject({ status: 'MISSING', publishedOn: null });
    expect(await compliance(station, '2028-02-01', '2028-02-29')).toMatchObject({ due: 1, missing: 1, notYetDue: 0 });
    await disclose(v, {
      category: 'FINANCE',
      periodStart: '2028-02-01',
      periodEnd: '2028-02-29',
      publishedOn: '2028-03-11',
    });
    expect(await feb()).toMatchObject({ status: 'LATE', publishedOn: '2028-03-11' });
  });

  test('a village owes what falls due while it exists: from its establishment, not after its dissolution', async () => {
    t.clock.set('2024-06-01');
    const late = await newVillages(1, '2024-02-29');
    const gone = await newVillages(1);
    const r = await t.execute(
      `mutation($i: DissolveOrgUnitInput!) { dissolveOrgUnit(input: $i) { userErrors { code message } } }`,
      { i: { id: gone.villages[0], dissolvedOn: '2024-03-31' } },
    );
    expect(r.data.dissolveOrgUnit.userErrors).toEqual([]);
    // Established on 29 February: February (which ends that day) and March are owed, January is not; so is the quarter.
    expect(await compliance(late.station, '2024-01-01', '2024-03-31')).toMatchObject({ villages: 1, due: 9 });
    expect((await due(late.villages[0], '2024-01-01', '2024-03-31', 'FINANCE')).map((d: any) => d.periodEnd)).toEqual([
      '2024-02-29',
      '2024-03-31',
    ]);
    // Dissolved on 31 March: January and February are owed; March and the first quarter end on a day
    // it no longer exists.
    expect(await compliance(gone.station, '2024-01-01', '2024-03-31')).toMatchObject({ villages: 1, due: 2 });
  });

  test('the current month is not yet due; a quarter end adds the quarterly categories; ranges are checked', async () => {
    const { station } = await newVillages(2);
    t.clock.set('2026-11-25');
    expect(await compliance(station, '2026-11-01', '2026-11-30')).toMatchObject({ due: 0, notYetDue: 2 });
    t.clock.set('2026-12-15');
    expect(await compliance(station, '2026-12-01', '2026-12-31')).toMatchObject({ due: 0, notYetDue: 2 * 8 });
    const bad = async (from: string, to: string) =>
      codeOf(
        await t.execute(
          `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { disclosureCompliance(from: $f, to: $to) { due } } } }`,
          { u: station, f: from, to },
        ),
      );
    expect(await bad('2024-02-01', '2024-01-01')).toBe('BAD_USER_INPUT');
    expect(await bad('2018-01-01', '2024-01-01')).toBe('BAD_USER_INPUT');
    expect(await bad('2024-02-30', '2024-03-01')).toBe('BAD_USER_INPUT');
  });
});

describe('the feedback register', () => {
  /** A village of the test's own with an electricity disclosure of the third quarter of 2026. */
  async function villageWithDisclosure() {
    const { villages } = await newVillages(1);
    const d = await disclose(villages[0], {
      category: 'ELECTRICITY',
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
      publishedOn: '2026-10-05',
    });
    return { village: villages[0], disclosureId: d.id as string };
  }

  test("feedback concerns this village's disclosure or matter; answered once; unanswered past 15 days is flagged", async () => {
    const { village, disclosureId } = await villageWithDisclosure();
    const other = await villageWithDisclosure();
    const elsewhere = await t.execute(FEEDBACK, {
      i: { unitId: other.village, disclosureId, receivedOn: TODAY, channel: 'IN_PERSON', content: 'x' },
    });
    expect(elsewhere.data.registerVillageFeedback.userErrors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'disclosureId'],
    });
    const future = await t.execute(FEEDBACK, {
      i: { unitId: village, receivedOn: '2026-11-26', channel: 'PHONE', content: 'x' },
    });
    expect(future.data.registerVillageFeedback.userErrors[0].field).toEqual(['input', 'receivedOn']);
    const old = await t.execute(FEEDBACK, {
      i: {
        unitId: village,
        disclosureId,
        name: '王大爷',
        receivedOn: '2026-11-05',
        channel: 'SUGGESTION_BOX',
        content: '电费分摊怎么算的？',
      },
    });
    expect(old.data.registerVillageFeedback.feedback).toMatchObject({ overdue: true, replyDueOn: '2026-11-20' });
    const oldId = old.data.registerVillageFeedback.feedback.id;
    const recent = await t.execute(FEEDBACK, {
      i: { unitId: village, receivedOn: '2026-11-22', channel: 'PHONE', content: '公开栏太远' },
    });
    expect(recent.data.registerVillageFeedback.feedback).toMatchObject({ overdue: false, replyDueOn: '2026-12-07' });
    const flagged = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedback(overdue: true) { nodes { name content } } } } }`,
      { u: village },
    );
    expect(flagged.data.node.villageFeedback.nodes).toEqual([{ name: '王大爷', content: '电费分摊怎么算的？' }]);
    const early = await t.execute(REPLY, {
      i: { feedbackId: oldId, reply: 'x', repliedOn: '2026-11-04', replier: '主任' },
    });
    expect(early.data.replyToVillageFeedback.userErrors[0].field).toEqual(['input', 'repliedOn']);
    await accountWith(t, 'sec-fb', Role.SECRETARY, village);
    const sec = await t.as('sec-fb');
    const reply = await sec(REPLY, {
      i: { feedbackId: oldId, reply: '已在公开栏补充分摊明细', repliedOn: TODAY, replier: '村委会主任 张某' },
    });
    expect(reply.data.replyToVillageFeedback.feedback).toEqual({
      reply: '已在公开栏补充分摊明细',
      repliedOn: TODAY,
      replier: '村委会主任 张某',
      overdue: false,
    });
    const twice = await sec(REPLY, { i: { feedbackId: oldId, reply: 'y', repliedOn: TODAY, replier: 'z' } });
    expect(twice.data.replyToVillageFeedback.userErrors[0].code).toBe('INVALID_STATE');
    const stats = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { villageFeedbackStats(from: $f, to: $to) { received answeredOnTime answeredLate unansweredOverdue awaitingReply answeredOnTimeRate } } } }`,
      { u: village, f: '2026-10-26', to: TODAY },
    );
    expect(stats.data.node.villageFeedbackStats).toEqual({
      received: 2,
      answeredOnTime: 0,
      answeredLate: 1,
      unansweredOverdue: 0,
      awaitingReply: 1,
      answeredOnTimeRate: 0,
    });
  });

  test('the reply is due 15 days after receipt, at a month end too: received on 14 February 2028, due on 29 February, overdue from 1 March', async () => {
    const { villages } = await newVillages(1);
    const [v] = villages;
    // In a common year a receipt on 14 February is due on 1 March.
    t.clock.set('2027-02-14');
    const common = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2027-02-14', channel: 'PHONE', content: '平年' },
    });
    expect(common.data.registerVillageFeedback.feedback).toMatchObject({ replyDueOn: '2027-03-01', overdue: false });
    t.clock.set('2028-02-14');
    const leap = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2028-02-14', channel: 'PHONE', content: '闰年' },
    });
    const onDueDay = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2028-02-14', channel: 'PHONE', content: '当天答复' },
    });
    expect(leap.data.registerVillageFeedback.feedback).toMatchObject({ replyDueOn: '2028-02-29', overdue: false });
    const OVERDUE = `query($id: ID!) { node(id: $id) { ... on VillageFeedback { overdue } } }`;
    const overdue = async () =>
      (await t.execute(OVERDUE, { id: leap.data.registerVillageFeedback.feedback.id })).data.node.overdue;
    t.clock.set('2028-02-29');
    expect(await overdue()).toBe(false);
    const answered = await t.execute(REPLY, {
      i: {
        feedbackId: onDueDay.data.registerVillageFeedback.feedback.id,
        reply: '已答复',
        repliedOn: '2028-02-29',
        replier: '主任',
      },
    });
    expect(answered.data.replyToVillageFeedback.userErrors).toEqual([]);
    t.clock.set('2028-03-01');
    expect(await overdue()).toBe(true);
    const stats = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedbackStats(from: "2028-02-01", to: "2028-02-29") { answeredOnTime unansweredOverdue } } } }`,
      { u: v },
    );
    expect(stats.data.node.villageFeedbackStats).toEqual({ answeredOnTime: 1, unansweredOverdue: 1 });
  });

  test('feedback becomes an issue of the village when the issue list is on there, once', async () => {
    const { village, disclosureId } = await villageWithDisclosure();
    const f = await t.execute(FEEDBACK, {
      i: { unitId: village, disclosureId, receivedOn: TODAY, channel: 'MEETING', content: '村口路灯坏了三个月' },
    });
    const id = f.data.registerVillageFeedback.feedback.id;
    const RAISE = `mutation($i: RaiseIssueFromFeedbackInput!) { raiseIssueFromFeedback(input: $i) { feedback { issue { ... on Issue { title source category raisedAt { id } } } } userErrors { code field } } }`;
    expect(codeOf(await t.execute(RAISE, { i: { feedbackId: id } }))).toBe('MODULE_DISABLED');
    await enableModule(t, village, 'issue-lists');
    expect(
      (await t.execute(RAISE, { i: { feedbackId: id, category: 'NONSENSE' } })).data.raiseIssueFromFeedback
        .userErrors[0].field,
    ).toEqual(['input', 'category']);
    const r = await t.execute(RAISE, { i: { feedbackId: id, category: 'INFRASTRUCTURE' } });
    expect(r.data.raiseIssueFromFeedback.feedback.issue).toEqual({
      title: '群众意见：村口路灯坏了三个月',
      source: 'SUGGESTION',
      category: 'INFRASTRUCTURE',
      raisedAt: { id: village },
    });
    expect((await t.execute(RAISE, { i: { feedbackId: id } })).data.raiseIssueFromFeedback.userErrors[0].code).toBe(
      'CONFLICT',
    );
  });
});

describe('the power list and matter figures', () => {
  const SET = `mutation($i: SetPowerListInput!) { setPowerList(input: $i) { items { code title category procedure } userErrors { code field } } }`;
  const LIST = `query($u: ID!) { node(id: $u) { ... on OrgUnit { powerList { code title } } } }`;
  const item = (code: string, title: string) => ({
    category: 'DEMOCRATIC_DECISION',
    code,
    title,
    procedure: 'MAJOR_MATTER',
  });

  test('a locality sets its list; villages use the nearest list up the tree; codes are unique; only administrators set it', async () => {
    const prefix = `P${++seq}`;
    const county = await smallCounty(t, prefix);
    await enableModule(t, county.county, 'village-affairs');
    const dup = await t.execute(SET, { i: { unitId: county.county, items: [item('Q1', 'a'), item('Q1', 'b')] } });
    expect(dup.data.setPowerList.userErrors[0].field).toEqual(['input', 'items', '1', 'code']);
    // A list item's own constraints hold too (runMutation validates nested inputs).
    const long = await t.execute(SET, { i: { unitId: county.county, items: [item('Q1', 'x'.repeat(201))] } });
    expect(long.data.setPowerList.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'items', '0', 'title'],
    });
    expect((await t.execute(LIST, { u: county.village1 })).data.node.powerList).toEqual([]);
    const set = await t.execute(SET, {
      i: { unitId: county.county, items: [item('Q1', '村级重大事项决策'), item('Q2', '集体资产处置')] },
    });
    expect(set.data.setPowerList.items).toHaveLength(2);
    expect((await t.execute(LIST, { u: county.village1 })).data.node.powerList.map((i: any) => i.code)).toEqual([
      'Q1',
      'Q2',
    ]);
    await t.execute(SET, { i: { unitId: county.township, items: [item('T1', '镇定清单')] } });
    expect((await t.execute(LIST, { u: county.village1 })).data.node.powerList).toEqual([
      { code: 'T1', title: '镇定清单' },
    ]);
    expect((await t.execute(LIST, { u: county.county })).data.node.powerList.map((i: any) => i.code)).toEqual([
      'Q1',
      'Q2',
    ]);
    await accountWith(t, `sec-${prefix.toLowerCase()}`, Role.SECRETARY, county.village1);
    const sec = await t.as(`sec-${prefix.toLowerCase()}`);
    expect(codeOf(await sec(SET, { i: { unitId: county.village1, items: [] } }))).toBe('FORBIDDEN');
  });

  test('matter figures: by category, by the step awaited, amounts in fen', async () => {
    const { villages } = await newVillages(1);
    const [v] = villages;
    const PROPOSE = `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } userErrors { message } } }`;
    const a = await t.execute(PROPOSE, {
      i: {
        unitId: v,
        title: '修桥',
        category: 'FINANCIAL_EXPENDITURE',
        amountFen: 12_345_678_90,
        proposedOn: '2026-11-16',
      },
    });
    await t.execute(PROPOSE, {
      i: { unitId: v, title: '机动地发包', category: 'LAND_CONTRACTING', proposedOn: '2026-11-17' },
    });
    // Outside the range asked for.
    await t.execute(PROPOSE, { i: { unitId: v, title: '更早', category: 'OTHER', proposedOn: '2026-11-14' } });
    const step = await t.execute(
      `mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { userErrors { message } } }`,
      { i: { matterId: a.data.proposeVillageMatter.matter.id, step: 'DELIBERATION', heldOn: '2026-11-23' } },
    );
    expect(step.data.recordMatterStep.userErrors).toEqual([]);
    const r = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { villageMatterStats(from: $f, to: $to) {
      proposed completed rejected inProgress completedShare amountFen byCategory { category count amountFen } awaiting { step count } } } } }`,
      { u: v, f: '2026-11-15', to: TODAY },
    );
    expect(r.data.node.villageMatterStats).toEqual({
      proposed: 2,
      completed: 0,
      rejected: 0,
      inProgress: 2,
      completedShare: 0,
      amountFen: 1_234_567_890,
      byCategory: [
        { category: 'FINANCIAL_EXPENDITURE', count: 1, amountFen: 1_234_567_890 },
        { category: 'LAND_CONTRACTING', count: 1, amountFen: 0 },
      ],
      awaiting: [
        { step: 'DELIBERATION', count: 1 },
        { step: 'REVIEW', count: 1 },
      ],
    });
  });
});
