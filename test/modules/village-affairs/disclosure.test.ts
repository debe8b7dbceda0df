import { plusDays } from '../../../src/calendar';
import { Role } from '../../../src/auth/roles';
import { decodeIntId } from '../../../src/graphql/global-id';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let today: string;
let year: number;
const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;
const DISCLOSE = `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { id category categoryTitle channels attachments { name url } } userErrors { code field message } } }`;
const FEEDBACK = `mutation($i: RegisterVillageFeedbackInput!) { registerVillageFeedback(input: $i) { feedback { id overdue replyDueOn } userErrors { code field message } } }`;
const REPLY = `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { feedback { reply repliedOn replier overdue } userErrors { code field message } } }`;
const enable = (unit: string, module: string, enabled: boolean) =>
  t.execute(
    `mutation($u: ID!, $m: String!, $e: Boolean) { setModuleEnabled(input: { unitId: $u, module: $m, enabled: $e }) { userErrors { code } } }`,
    { u: unit, m: module, e: enabled },
  );
const disclose = async (i: Record<string, unknown>) => {
  const r = await t.execute(DISCLOSE, { i: { unitId: tree.village1, channels: ['BOARD'], summary: '公开', ...i } });
  expect(r.data.recordVillageDisclosure.userErrors).toEqual([]);
  return r.data.recordVillageDisclosure.disclosure;
};

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  today = t.today;
  year = Number(today.slice(0, 4)) - 2; // a whole year whose every due day has passed
  await enable(tree.county, 'village-affairs', true);
  await enable(tree.stationB, 'village-affairs', false);
  await t.app.db.transaction(async (tx) => {
    const a = await t.app.auth.createAccount(tx, {
      username: 'sec-v1',
      displayName: 'sec',
      password: 'long-enough-password',
      memberId: null,
    });
    await t.app.auth.grant(tx, a.id, decodeIntId(tree.village1, 'OrgUnit'), Role.SECRETARY, null);
  });
});
afterAll(() => t?.close());

describe('disclosures and the schedule', () => {
  test("a disclosure is a village's, of a known category, for a period that has begun, on named channels", async () => {
    const bad = async (i: Record<string, unknown>) =>
      (
        await t.execute(DISCLOSE, {
          i: {
            unitId: tree.village1,
            category: 'FINANCE',
            periodStart: `${year}-01-01`,
            periodEnd: `${year}-01-31`,
            publishedOn: `${year}-02-05`,
            channels: ['BOARD'],
            summary: 's',
            ...i,
          },
        })
      ).data.recordVillageDisclosure.userErrors[0];
    expect(await bad({ unitId: tree.stationA })).toMatchObject({ field: ['input', 'unitId'] });
    expect(await bad({ category: 'GOSSIP' })).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'category'] });
    expect(await bad({ periodEnd: `${year - 1}-12-31` })).toMatchObject({ field: ['input', 'periodEnd'] });
    expect(await bad({ publishedOn: plusDays(today, 1) })).toMatchObject({ field: ['input', 'publishedOn'] });
    expect(await bad({ channels: [] })).toMatchObject({ field: ['input', 'channels'] });
    expect(await bad({ attachments: [{ name: '照片', url: 'not a url' }] })).toMatchObject({
      field: ['input', 'attachments', '0'],
    });
    const cats = await t.execute(`{ disclosureCategories { category everyMonths withinDays } }`);
    expect(cats.data.disclosureCategories).toHaveLength(8);
    expect(cats.data.disclosureCategories.find((c: any) => c.category === 'FINANCE')).toEqual({
      category: 'FINANCE',
      everyMonths: 1,
      withinDays: 10,
    });
  });

  test('compliance of a whole year: due, on time (the due day itself counts), late, missing; a half-year disclosure covers two quarters', async () => {
    const first = await disclose({
      category: 'FINANCE',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-01-31`,
      publishedOn: `${year}-02-05`,
      attachments: [{ name: '收支明细.pdf', url: 'https://files.example/x.pdf' }],
    });
    expect(first).toMatchObject({
      categoryTitle: expect.stringContaining('财务'),
      attachments: [{ name: '收支明细.pdf', url: 'https://files.example/x.pdf' }],
    });
    // The last day of February, leap year or not: a disclosure ending a day early would not cover the month.
    await disclose({
      category: 'FINANCE',
      periodStart: `${year}-02-01`,
      periodEnd: plusDays(`${year}-03-01`, -1),
      publishedOn: `${year}-03-15`,
    });
    await disclose({
      category: 'FINANCE',
      periodStart: `${year}-03-01`,
      periodEnd: `${year}-03-31`,
      publishedOn: `${year}-04-10`,
    });
    await disclose({
      category: 'FEES',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-06-30`,
      publishedOn: `${year}-07-05`,
    });
    const r = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
      disclosureCompliance(from: $f, to: $to) { villages villagesWithMissing due onTime late missing notYetDue onTimeRate byCategory { category due onTime late missing } } } } }`,
      { u: tree.county, f: `${year}-01-01`, to: `${year}-12-31` },
    );
    const c = r.data.node.disclosureCompliance;
    // Two villages with the module on (village 3's station switched it off), 12 monthly + 7 × 4 quarterly each.
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
    });
    expect(c.byCategory.find((x: any) => x.category === 'FEES')).toEqual({
      category: 'FEES',
      due: 8,
      onTime: 1,
      late: 1,
      missing: 6,
    });
    const mine = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { dueDisclosures(from: $f, to: $to, statuses: [LATE]) { category periodStart periodEnd dueOn publishedOn status } } } }`,
      { u: tree.village1, f: `${year}-01-01`, to: `${year}-12-31` },
    );
    expect(mine.data.node.dueDisclosures).toEqual([
      {
        category: 'FINANCE',
        periodStart: `${year}-02-01`,
        periodEnd: plusDays(`${year}-03-01`, -1),
        dueOn: `${year}-03-10`,
        publishedOn: `${year}-03-15`,
        status: 'LATE',
      },
      {
        category: 'FEES',
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-03-31`,
        dueOn: `${year}-04-10`,
        publishedOn: `${year}-07-05`,
        status: 'LATE',
      },
    ]);
    expect(
      codeOf(
        await t.execute(
          `query($u: ID!) { node(id: $u) { ... on OrgUnit { dueDisclosures(from: "${year}-01-01", to: "${year}-12-31") { status } } } }`,
          { u: tree.stationA },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  test('the current month is not yet due; ranges are checked', async () => {
    const from = `${today.slice(0, 7)}-01`;
    const to = plusDays(
      `${Number(today.slice(5, 7)) === 12 ? Number(today.slice(0, 4)) + 1 : today.slice(0, 4)}-${String((Number(today.slice(5, 7)) % 12) + 1).padStart(2, '0')}-01`,
      -1,
    );
    const r = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { disclosureCompliance(from: $f, to: $to) { due notYetDue } } } }`,
      { u: tree.county, f: from, to },
    );
    const quarterEnd = Number(today.slice(5, 7)) % 3 === 0;
    expect(r.data.node.disclosureCompliance).toEqual({ due: 0, notYetDue: 2 * (1 + (quarterEnd ? 7 : 0)) });
    expect(
      codeOf(
        await t.execute(
          `query($u: ID!) { node(id: $u) { ... on OrgUnit { disclosureCompliance(from: "2024-02-01", to: "2024-01-01") { due } } } }`,
          { u: tree.county },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await t.execute(
          `query($u: ID!) { node(id: $u) { ... on OrgUnit { disclosureCompliance(from: "2018-01-01", to: "2024-01-01") { due } } } }`,
          { u: tree.county },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });
});

describe('the feedback register', () => {
  let disclosureId: string;
  beforeAll(async () => {
    disclosureId = (
      await disclose({
        category: 'ELECTRICITY',
        periodStart: plusDays(today, -120),
        periodEnd: plusDays(today, -30),
        publishedOn: plusDays(today, -25),
      })
    ).id;
  });

  test("feedback concerns this village's disclosure or matter; answered once; unanswered past 15 days is flagged", async () => {
    const elsewhere = await t.execute(FEEDBACK, {
      i: { unitId: tree.village2, disclosureId, receivedOn: today, channel: 'IN_PERSON', content: 'x' },
    });
    expect(elsewhere.data.registerVillageFeedback.userErrors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'disclosureId'],
    });
    const old = await t.execute(FEEDBACK, {
      i: {
        unitId: tree.village1,
        disclosureId,
        name: '王大爷',
        receivedOn: plusDays(today, -20),
        channel: 'SUGGESTION_BOX',
        content: '电费分摊怎么算的？',
      },
    });
    expect(old.data.registerVillageFeedback.feedback).toMatchObject({ overdue: true, replyDueOn: plusDays(today, -5) });
    const recent = await t.execute(FEEDBACK, {
      i: { unitId: tree.village1, receivedOn: plusDays(today, -3), channel: 'PHONE', content: '公开栏太远' },
    });
    expect(recent.data.registerVillageFeedback.feedback.overdue).toBe(false);
    const flagged = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedback(overdue: true) { nodes { name content } } } } }`,
      { u: tree.county },
    );
    expect(flagged.data.node.villageFeedback.nodes).toEqual([{ name: '王大爷', content: '电费分摊怎么算的？' }]);
    const early = await t.execute(REPLY, {
      i: {
        feedbackId: old.data.registerVillageFeedback.feedback.id,
        reply: 'x',
        repliedOn: plusDays(today, -21),
        replier: '主任',
      },
    });
    expect(early.data.replyToVillageFeedback.userErrors[0].field).toEqual(['input', 'repliedOn']);
    const sec = await t.as('sec-v1');
    const reply = await sec(REPLY, {
      i: {
        feedbackId: old.data.registerVillageFeedback.feedback.id,
        reply: '已在公开栏补充分摊明细',
        repliedOn: today,
        replier: '村委会主任 张某',
      },
    });
    expect(reply.data.replyToVillageFeedback.feedback).toEqual({
      reply: '已在公开栏补充分摊明细',
      repliedOn: today,
      replier: '村委会主任 张某',
      overdue: false,
    });
    const twice = await sec(REPLY, {
      i: { feedbackId: old.data.registerVillageFeedback.feedback.id, reply: 'y', repliedOn: today, replier: 'z' },
    });
    expect(twice.data.replyToVillageFeedback.userErrors[0].code).toBe('INVALID_STATE');
    const stats = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { villageFeedbackStats(from: $f, to: $to) { received answeredOnTime answeredLate unansweredOverdue awaitingReply answeredOnTimeRate } } } }`,
      { u: tree.county, f: plusDays(today, -30), to: today },
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

  test('feedback becomes an issue of the village when the issue list is on there, once', async () => {
    const f = await t.execute(FEEDBACK, {
      i: { unitId: tree.village1, disclosureId, receivedOn: today, channel: 'MEETING', content: '村口路灯坏了三个月' },
    });
    const id = f.data.registerVillageFeedback.feedback.id;
    const RAISE = `mutation($i: RaiseIssueFromFeedbackInput!) { raiseIssueFromFeedback(input: $i) { feedback { issue { ... on Issue { title source category raisedAt { name } } } } userErrors { code field } } }`;
    expect(codeOf(await t.execute(RAISE, { i: { feedbackId: id } }))).toBe('MODULE_DISABLED');
    await enable(tree.county, 'issue-lists', true);
    expect(
      (await t.execute(RAISE, { i: { feedbackId: id, category: 'NONSENSE' } })).data.raiseIssueFromFeedback
        .userErrors[0].field,
    ).toEqual(['input', 'category']);
    const r = await t.execute(RAISE, { i: { feedbackId: id, category: 'INFRASTRUCTURE' } });
    expect(r.data.raiseIssueFromFeedback.feedback.issue).toEqual({
      title: '群众意见：村口路灯坏了三个月',
      source: 'SUGGESTION',
      category: 'INFRASTRUCTURE',
      raisedAt: { name: '东村党支部' },
    });
    expect((await t.execute(RAISE, { i: { feedbackId: id } })).data.raiseIssueFromFeedback.userErrors[0].code).toBe(
      'CONFLICT',
    );
  });
});

describe('the power list and matter figures', () => {
  const SET = `mutation($i: SetPowerListInput!) { setPowerList(input: $i) { items { code title category procedure } userErrors { code field } } }`;
  const item = (code: string, title: string) => ({
    category: 'DEMOCRATIC_DECISION',
    code,
    title,
    procedure: 'MAJOR_MATTER',
  });

  test('a locality sets its list; villages use the nearest list up the tree; codes are unique; only administrators set it', async () => {
    const dup = await t.execute(SET, { i: { unitId: tree.county, items: [item('Q1', 'a'), item('Q1', 'b')] } });
    expect(dup.data.setPowerList.userErrors[0].field).toEqual(['input', 'items', '1', 'code']);
    // A list item's own constraints hold too (runMutation validates nested inputs).
    const long = await t.execute(SET, { i: { unitId: tree.county, items: [item('Q1', 'x'.repeat(201))] } });
    expect(long.data.setPowerList.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'items', '0', 'title'],
    });
    expect(
      (
        await t.execute(SET, {
          i: { unitId: tree.county, items: [item('Q1', '村级重大事项决策'), item('Q2', '集体资产处置')] },
        })
      ).data.setPowerList.items,
    ).toHaveLength(2);
    const LIST = `query($u: ID!) { node(id: $u) { ... on OrgUnit { powerList { code title } } } }`;
    expect((await t.execute(LIST, { u: tree.village1 })).data.node.powerList.map((i: any) => i.code)).toEqual([
      'Q1',
      'Q2',
    ]);
    await t.execute(SET, { i: { unitId: tree.township, items: [item('T1', '镇定清单')] } });
    expect((await t.execute(LIST, { u: tree.village1 })).data.node.powerList).toEqual([
      { code: 'T1', title: '镇定清单' },
    ]);
    expect(codeOf(await (await t.as('sec-v1'))(SET, { i: { unitId: tree.village1, items: [] } }))).toBe('FORBIDDEN');
  });

  test('matter figures: by category, by the step awaited, amounts in fen', async () => {
    const PROPOSE = `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } userErrors { message } } }`;
    const a = await t.execute(PROPOSE, {
      i: {
        unitId: tree.village2,
        title: '修桥',
        category: 'FINANCIAL_EXPENDITURE',
        amountFen: 12_345_678_90,
        proposedOn: plusDays(today, -9),
      },
    });
    await t.execute(PROPOSE, {
      i: { unitId: tree.village2, title: '机动地发包', category: 'LAND_CONTRACTING', proposedOn: plusDays(today, -8) },
    });
    await t.execute(`mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { userErrors { message } } }`, {
      i: { matterId: a.data.proposeVillageMatter.matter.id, step: 'DELIBERATION', heldOn: plusDays(today, -2) },
    });
    const r = await t.execute(
      `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { villageMatterStats(from: $f, to: $to) {
      proposed completed rejected inProgress completedShare amountFen byCategory { category count amountFen } awaiting { step count } } } } }`,
      { u: tree.county, f: plusDays(today, -10), to: today },
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
