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
  disclosureCompliance(from: $f, to: $to) { villages villagesWithMissing due onTime late partial missing notYetDue recordedLate onTimeRate byCategory { category due onTime late partial missing notYetDue } } } } }`;
const DUE = `query($u: ID!, $f: Date!, $to: Date!, $s: [DisclosureDueStatus!]) { node(id: $u) { ... on OrgUnit {
  dueDisclosures(from: $f, to: $to, statuses: $s) { category periodStart periodEnd dueOn publishedOn status } } } }`;

/**
 * Runs `fn` with the clock on `day`, then puts it back: the tree and the module switches are set up
 * on the days they hold from, so the figures of past periods (as the tree was) count them.
 */
async function on<T>(day: string, fn: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set(day);
  try {
    return await fn();
  } finally {
    t.clock.set(now);
  }
}

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  await on('2016-01-01', async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'village-affairs');
  });
  await accountWith(t, 'sec-v1', Role.SECRETARY, tree.village1);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A work station of the test's own under the township, with `n` villages established on `establishedOn`. */
async function newVillages(n: number, establishedOn = '2000-01-01') {
  // Created on the day they were founded: the tree holds them from then on.
  return on(establishedOn > '2016-01-01' ? establishedOn : '2016-01-01', () => createVillages(n, establishedOn));
}

async function createVillages(n: number, establishedOn: string) {
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

/**
 * Records a disclosure as the village enters it: on the day it declares (`enteredOn`: later), so a
 * disclosure of 2024 is not judged by a day of 2026. The clock is put back afterwards.
 */
async function disclose(unitId: string, i: Record<string, unknown>, enteredOn = i.publishedOn as string) {
  const now = t.clock.now();
  t.clock.set(enteredOn);
  const r = await t.execute(DISCLOSE, { i: { unitId, channels: ['BOARD'], summary: '公开', ...i } });
  t.clock.set(now);
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
    expect(cats.data.disclosureCategories).toHaveLength(7);
    expect(cats.data.disclosureCategories.find((c: any) => c.category === 'FINANCE')).toEqual({
      category: 'FINANCE',
      everyMonths: 1,
      withinDays: 10,
    });
  });

  test('compliance of a whole year: due, on time (the due day itself counts), late, missing; a half-year disclosure covers two quarters; villages where the module is off are not counted', async () => {
    const { station, villages } = await newVillages(3);
    const [v] = villages;
    await on('2016-01-01', () => enableModule(t, villages[2], 'village-affairs', false));
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
      category: 'SUBSIDIES',
      periodStart: '2024-01-01',
      periodEnd: '2024-06-30',
      publishedOn: '2024-07-05',
    });
    const c = await compliance(station, '2024-01-01', '2024-12-31');
    // Two villages with the module on, 12 monthly + 6 × 4 quarterly each. February's finances, published
    // on 15 March, came before February closed (16 March): late. The half-year subsidies published on 5
    // July meet the second quarter on time, but the first quarter's month (March) had closed on 16 April:
    // its figure counts what had happened by then, and it stays missing there.
    expect(c).toMatchObject({
      villages: 2,
      villagesWithMissing: 2,
      due: 72,
      onTime: 3,
      late: 1,
      partial: 0,
      missing: 68,
      notYetDue: 0,
      recordedLate: 0,
      onTimeRate: 0.0417,
    });
    expect(c.byCategory.find((x: any) => x.category === 'FINANCE')).toEqual({
      category: 'FINANCE',
      due: 24,
      onTime: 2,
      late: 1,
      partial: 0,
      missing: 21,
      notYetDue: 0,
    });
    expect(c.byCategory.find((x: any) => x.category === 'SUBSIDIES')).toEqual({
      category: 'SUBSIDIES',
      due: 8,
      onTime: 1,
      late: 0,
      partial: 0,
      missing: 7,
      notYetDue: 0,
    });
    // The village's own list says what is known today: the first quarter was disclosed, late.
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
        category: 'SUBSIDIES',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
        dueOn: '2024-04-10',
        publishedOn: '2024-07-05',
        status: 'LATE',
      },
    ]);
    expect(codeOf(await t.execute(DUE, { u: station, f: '2024-01-01', to: '2024-12-31' }))).toBe('BAD_USER_INPUT');
  });

  test('a period is met only by a disclosure covering all of it: a February ending on the 28th does not cover February 2028, a month does not cover a quarter — each is PARTIAL once the due day passed', async () => {
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
      category: 'SUBSIDIES',
      periodStart: '2028-01-01',
      periodEnd: '2028-03-31',
      publishedOn: '2028-04-10',
    });
    await disclose(a, {
      category: 'CADRE_PAY',
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
      { ...period('FINANCE', '2028-02-01', '2028-02-29', '2028-03-10'), publishedOn: null, status: 'PARTIAL' },
      { ...period('FINANCE', '2028-03-01', '2028-03-31', '2028-04-10'), publishedOn: null, status: 'MISSING' },
    ]);
    expect(await due(b, '2028-02-01', '2028-02-29', 'FINANCE')).toEqual([
      { ...period('FINANCE', '2028-02-01', '2028-02-29', '2028-03-10'), publishedOn: '2028-03-10', status: 'ON_TIME' },
    ]);
    const q1 = Object.fromEntries(
      (await due(a, '2028-03-31', '2028-03-31')).map((d: any) => [d.category, [d.periodStart, d.dueOn, d.status]]),
    );
    expect(q1).toMatchObject({
      SUBSIDIES: ['2028-01-01', '2028-04-10', 'ON_TIME'],
      CADRE_PAY: ['2028-01-01', '2028-04-10', 'LATE'],
      MATERIALS: ['2028-01-01', '2028-04-10', 'PARTIAL'],
      COLLECTIVE_LAND: ['2028-01-01', '2028-04-10', 'MISSING'],
      FINANCE: ['2028-03-01', '2028-04-10', 'MISSING'],
    });
    expect(Object.keys(q1)).toHaveLength(7);
  });

  test('on the due day nothing is missing yet; from the day after it is, and a disclosure then is late — at a month end and at the turn of the year', async () => {
    const { station, villages } = await newVillages(1);
    const [v] = villages;
    // The fourth quarter of 2027 ends on 31 December and is due on 10 January 2028.
    const q4 = async () => (await due(v, '2027-12-31', '2027-12-31', 'SUBSIDIES'))[0];
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
    // Dissolved on the day, while March was open.
    const r = await on('2024-03-31', () =>
      t.execute(`mutation($i: DissolveOrgUnitInput!) { dissolveOrgUnit(input: $i) { userErrors { code message } } }`, {
        i: { id: gone.villages[0], dissolvedOn: '2024-03-31' },
      }),
    );
    expect(r.data.dissolveOrgUnit.userErrors).toEqual([]);
    // Established on 29 February: February (which ends that day) and March are owed, January is not; so is the quarter.
    expect(await compliance(late.station, '2024-01-01', '2024-03-31')).toMatchObject({ villages: 1, due: 8 });
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
    expect(await compliance(station, '2026-12-01', '2026-12-31')).toMatchObject({ due: 0, notYetDue: 2 * 7 });
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

describe('complete disclosures and when they were recorded', () => {
  test('a monthly finance disclosure published on the 15th, or on the last day, is PARTIAL; published the day after the month ends it covers the month; before the due day nothing is judged yet', async () => {
    const { station, villages } = await newVillages(3);
    const [mid, last, after] = villages;
    const october = { category: 'FINANCE', periodStart: '2026-10-01', periodEnd: '2026-10-31' };
    t.clock.set('2026-11-05');
    const d = await disclose(mid, { ...october, publishedOn: '2026-10-15' });
    await disclose(last, { ...october, publishedOn: '2026-10-31' });
    await disclose(after, { ...october, publishedOn: '2026-11-01' });
    const COMPLETE = `query($id: ID!) { node(id: $id) { ... on VillageDisclosure { complete recordedLate judgedOn recordedAt } } }`;
    expect((await t.execute(COMPLETE, { id: d.id })).data.node).toEqual({
      complete: false,
      recordedLate: false,
      judgedOn: '2026-10-15',
      recordedAt: new Date('2026-10-15T10:00:00+08:00'),
    });
    const status = async (v: string) => (await due(v, '2026-10-01', '2026-10-31', 'FINANCE'))[0];
    // Until the due day (10 November) the partial ones may still be completed.
    t.clock.set('2026-11-10');
    expect(await status(mid)).toMatchObject({ status: 'NOT_YET_DUE', publishedOn: null });
    expect(await status(after)).toMatchObject({ status: 'ON_TIME', publishedOn: '2026-11-01' });
    t.clock.set('2026-11-11');
    expect(await status(mid)).toMatchObject({ status: 'PARTIAL', publishedOn: null });
    expect(await status(last)).toMatchObject({ status: 'PARTIAL', publishedOn: null });
    const c = await compliance(station, '2026-10-01', '2026-10-31');
    expect(c).toMatchObject({ due: 3, onTime: 1, partial: 2, missing: 0, onTimeRate: 0.3333 });
    expect(c.byCategory.find((x: any) => x.category === 'FINANCE')).toMatchObject({ due: 3, onTime: 1, partial: 2 });
    // A complete disclosure published later meets the period, late.
    await disclose(mid, { ...october, publishedOn: '2026-11-11' });
    expect(await status(mid)).toMatchObject({ status: 'LATE', publishedOn: '2026-11-11' });
    expect(
      (await t.execute(DUE, { u: last, f: '2026-10-01', to: '2026-10-31', s: ['PARTIAL'] })).data.node.dueDisclosures,
    ).toHaveLength(1);
  });

  test('a disclosure entered more than 7 days after the publication day it declares is flagged and judged by the day it was entered', async () => {
    const { station, villages } = await newVillages(2);
    const [inTime, tooLate] = villages;
    const october = {
      category: 'FINANCE',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      publishedOn: '2026-11-05',
    };
    // Entered seven days after the declared day: within the grace, judged by it. (Both are entered before
    // October closes on 16 November: after that, a disclosure declared before the close would change it.)
    const a = await disclose(inTime, october, '2026-11-12');
    // Eight days after: flagged, judged by the day it was entered (after the due day, 10 November).
    const b = await disclose(tooLate, october, '2026-11-13');
    const FLAGS = `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on VillageDisclosure { recordedLate judgedOn } } b: node(id: $b) { ... on VillageDisclosure { recordedLate judgedOn publishedOn } } }`;
    expect((await t.execute(FLAGS, { a: a.id, b: b.id })).data).toEqual({
      a: { recordedLate: false, judgedOn: '2026-11-05' },
      b: { recordedLate: true, judgedOn: '2026-11-13', publishedOn: '2026-11-05' },
    });
    const DUE_FULL = `query($u: ID!) { node(id: $u) { ... on OrgUnit { dueDisclosures(from: "2026-10-01", to: "2026-10-31") { category publishedOn judgedOn recordedLate status } } } }`;
    const finance = async (u: string) =>
      (await t.execute(DUE_FULL, { u })).data.node.dueDisclosures.find((d: any) => d.category === 'FINANCE');
    expect(await finance(inTime)).toEqual({
      category: 'FINANCE',
      publishedOn: '2026-11-05',
      judgedOn: '2026-11-05',
      recordedLate: false,
      status: 'ON_TIME',
    });
    expect(await finance(tooLate)).toEqual({
      category: 'FINANCE',
      publishedOn: '2026-11-05',
      judgedOn: '2026-11-13',
      recordedLate: true,
      status: 'LATE',
    });
    expect(await compliance(station, '2026-10-01', '2026-10-31')).toMatchObject({
      due: 2,
      onTime: 1,
      late: 1,
      recordedLate: 1,
    });
  });

  test('a feedback reply entered long after the day it declares is flagged and judged by the day it was entered', async () => {
    const { villages } = await newVillages(1);
    const [v] = villages;
    t.clock.set('2026-11-01');
    const f = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2026-11-01', channel: 'PHONE', content: '路灯' },
    });
    const g = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2026-11-01', channel: 'PHONE', content: '水管' },
    });
    t.clock.set('2026-11-03');
    const REPLY_FULL = `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { feedback { repliedOn replyRecordedAt replyRecordedLate replyJudgedOn answeredBy { id } } userErrors { code field message } } }`;
    const quick = await t.execute(REPLY_FULL, {
      i: {
        feedbackId: f.data.registerVillageFeedback.feedback.id,
        reply: '已修',
        repliedOn: '2026-11-03',
        replier: '主任',
      },
    });
    expect(quick.data.replyToVillageFeedback.feedback).toEqual({
      repliedOn: '2026-11-03',
      replyRecordedAt: t.clock.now(),
      replyRecordedLate: false,
      replyJudgedOn: '2026-11-03',
      answeredBy: { id: v },
    });
    // Declared as answered on 3 November, entered on 25 November: judged answered on the 25th, past the 16th.
    t.clock.set('2026-11-25');
    const slow = await t.execute(REPLY_FULL, {
      i: {
        feedbackId: g.data.registerVillageFeedback.feedback.id,
        reply: '已修',
        repliedOn: '2026-11-03',
        replier: '主任',
      },
    });
    expect(slow.data.replyToVillageFeedback.feedback).toMatchObject({
      replyRecordedLate: true,
      replyJudgedOn: '2026-11-25',
    });
    const stats = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedbackStats(from: "2026-11-01", to: "2026-11-30") { received answeredOnTime answeredLate replyRecordedLate } } } }`,
      { u: v },
    );
    expect(stats.data.node.villageFeedbackStats).toEqual({
      received: 2,
      answeredOnTime: 1,
      answeredLate: 1,
      replyRecordedLate: 1,
    });
  });
});

describe('opinions collected by the work stations (seed 000: 收集社情民意, passed up to the township)', () => {
  const PASS = `mutation($i: PassVillageFeedbackUpInput!) { passVillageFeedbackUp(input: $i) { feedback { id passedOn passNote passedTo { id } collectedBy { id } village { id } } userErrors { code field message } } }`;
  const REPLY_BY = `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { feedback { answeredBy { id } } userErrors { code field message } } }`;

  test('a station registers what it collects, passes it up to its township, which answers it; figures count by who collected and who answered', async () => {
    const { station, villages } = await newVillages(1);
    const [v] = villages;
    await accountWith(t, `staff-s${seq}`, Role.STATION_STAFF, station);
    await accountWith(t, `town-sec-s${seq}`, Role.SECRETARY, tree.township);
    const staff = await t.as(`staff-s${seq}`);
    const township = await t.as(`town-sec-s${seq}`);
    const collect = async (content: string, receivedOn = '2026-11-02') => {
      const r = await staff(FEEDBACK, { i: { unitId: station, receivedOn, channel: 'IN_PERSON', content } });
      expect(r.data.registerVillageFeedback.userErrors).toEqual([]);
      return r.data.registerVillageFeedback.feedback.id as string;
    };
    // The work is entered as it happens, by 12 November (so no reply is entered late).
    t.clock.set('2026-11-12');
    const road = await collect('村道坑洼多');
    const bus = await collect('希望增设客运班次');
    const clinic = await collect('村卫生室缺药');
    const own = await t.execute(FEEDBACK, {
      i: { unitId: v, receivedOn: '2026-11-02', channel: 'PHONE', content: '公开栏太远' },
    });
    const ownId = own.data.registerVillageFeedback.feedback.id;
    // A township does not register feedback; a village's is not passed up (it answers it or raises an issue).
    expect(
      (await t.execute(FEEDBACK, { i: { unitId: tree.township, receivedOn: TODAY, channel: 'PHONE', content: 'x' } }))
        .data.registerVillageFeedback.userErrors[0],
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'unitId'] });
    expect(
      (await t.execute(PASS, { i: { feedbackId: ownId, passedOn: TODAY } })).data.passVillageFeedbackUp.userErrors[0],
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'feedbackId'] });
    expect(
      (await staff(PASS, { i: { feedbackId: road, passedOn: '2026-11-01' } })).data.passVillageFeedbackUp.userErrors[0],
    ).toMatchObject({ field: ['input', 'passedOn'] });
    expect(
      (await staff(PASS, { i: { feedbackId: road, passedOn: '2026-11-26' } })).data.passVillageFeedbackUp.userErrors[0],
    ).toMatchObject({ field: ['input', 'passedOn'] });
    const passed = await staff(PASS, { i: { feedbackId: road, passedOn: '2026-11-04', note: '交通类，汇总后上报' } });
    // The station's staff do not read the township itself: the unit shows as null to them.
    expect(passed.data.passVillageFeedbackUp).toEqual({
      feedback: {
        id: road,
        passedOn: '2026-11-04',
        passNote: '交通类，汇总后上报',
        passedTo: null,
        collectedBy: { id: station },
        village: null,
      },
      userErrors: [],
    });
    const seen = await t.execute(`query($id: ID!) { node(id: $id) { ... on VillageFeedback { passedTo { id } } } }`, {
      id: road,
    });
    expect(seen.data.node.passedTo).toEqual({ id: tree.township });
    expect(
      (await staff(PASS, { i: { feedbackId: road, passedOn: '2026-11-05' } })).data.passVillageFeedbackUp.userErrors[0],
    ).toMatchObject({ code: 'INVALID_STATE' });
    await staff(PASS, { i: { feedbackId: bus, passedOn: '2026-11-04' } });
    // Passed up, it is the township's to answer: not the station's any more.
    expect(
      codeOf(
        await staff(REPLY_BY, { i: { feedbackId: road, reply: '已修', repliedOn: '2026-11-10', replier: '站长' } }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      (
        await township(REPLY_BY, {
          i: { feedbackId: road, reply: '已协调交通部门', repliedOn: '2026-11-03', replier: '镇党委' },
        })
      ).data.replyToVillageFeedback.userErrors[0],
    ).toMatchObject({ field: ['input', 'repliedOn'] });
    expect(
      (
        await township(REPLY_BY, {
          i: { feedbackId: road, reply: '已协调交通部门修补', repliedOn: '2026-11-12', replier: '镇党委组织委员' },
        })
      ).data.replyToVillageFeedback,
    ).toEqual({ feedback: { answeredBy: { id: tree.township } }, userErrors: [] });
    // What the station keeps, it answers itself; once answered, it is not passed up.
    expect(
      (
        await staff(REPLY_BY, {
          i: { feedbackId: clinic, reply: '已协调卫生院送药', repliedOn: '2026-11-06', replier: '站长' },
        })
      ).data.replyToVillageFeedback,
    ).toEqual({ feedback: { answeredBy: { id: station } }, userErrors: [] });
    expect(
      (await staff(PASS, { i: { feedbackId: clinic, passedOn: '2026-11-07' } })).data.passVillageFeedbackUp
        .userErrors[0],
    ).toMatchObject({ code: 'INVALID_STATE' });
    await t.execute(REPLY_BY, {
      i: { feedbackId: ownId, reply: '挪到村口', repliedOn: '2026-11-05', replier: '村主任' },
    });
    t.clock.set(TODAY);
    const STATS = `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedbackStats(from: "2026-11-01", to: "2026-11-30") {
      received collectedByVillages collectedByStations passedUp answeredByCollector answeredAbove answeredOnTime unansweredOverdue awaitingReply } } } }`;
    expect((await t.execute(STATS, { u: station })).data.node.villageFeedbackStats).toEqual({
      received: 4,
      collectedByVillages: 1,
      collectedByStations: 3,
      passedUp: 2,
      answeredByCollector: 2,
      answeredAbove: 1,
      answeredOnTime: 3,
      unansweredOverdue: 1,
      awaitingReply: 0,
    });
    // The township finds what was passed up to it.
    const list = await township(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedback(passedUp: true, first: 50) { nodes { id } } } } }`,
      { u: station },
    );
    expect(list.data.node.villageFeedback.nodes.map((n: any) => n.id).sort()).toEqual([road, bus].sort());
  });

  test("a station's feedback may concern a matter or disclosure of a village under it, not elsewhere; the committee above must have the module on", async () => {
    const { station, villages } = await newVillages(1);
    const elsewhere = await newVillages(1);
    const d = await disclose(villages[0], {
      category: 'FINANCE',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      publishedOn: '2026-11-05',
    });
    const far = await disclose(elsewhere.villages[0], {
      category: 'FINANCE',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      publishedOn: '2026-11-05',
    });
    const onD = await t.execute(FEEDBACK, {
      i: { unitId: station, disclosureId: d.id, receivedOn: TODAY, channel: 'MEETING', content: '明细不清' },
    });
    expect(onD.data.registerVillageFeedback.userErrors).toEqual([]);
    expect(
      (
        await t.execute(FEEDBACK, {
          i: { unitId: station, disclosureId: far.id, receivedOn: TODAY, channel: 'MEETING', content: 'x' },
        })
      ).data.registerVillageFeedback.userErrors[0],
    ).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'disclosureId'] });
    const county = await smallCounty(t, `SF${++seq}`);
    await enableModule(t, county.county, 'village-affairs');
    await enableModule(t, county.township, 'village-affairs', false);
    await enableModule(t, county.stationA, 'village-affairs', true);
    const f = await t.execute(FEEDBACK, {
      i: { unitId: county.stationA, receivedOn: TODAY, channel: 'PHONE', content: '饮水' },
    });
    expect(
      codeOf(await t.execute(PASS, { i: { feedbackId: f.data.registerVillageFeedback.feedback.id, passedOn: TODAY } })),
    ).toBe('MODULE_DISABLED');
  });

  test("passed-up feedback that needs solving becomes an issue on the township's list", async () => {
    const { station } = await newVillages(1);
    await enableModule(t, tree.township, 'issue-lists');
    const f = await t.execute(FEEDBACK, {
      i: { unitId: station, receivedOn: TODAY, channel: 'IN_PERSON', content: '灌溉渠堵塞' },
    });
    const id = f.data.registerVillageFeedback.feedback.id;
    await t.execute(PASS, { i: { feedbackId: id, passedOn: TODAY } });
    const RAISE = `mutation($i: RaiseIssueFromFeedbackInput!) { raiseIssueFromFeedback(input: $i) { feedback { issue { ... on Issue { raisedAt { id } } } } userErrors { code field } } }`;
    const r = await t.execute(RAISE, { i: { feedbackId: id, category: 'INFRASTRUCTURE' } });
    expect(r.data.raiseIssueFromFeedback).toEqual({
      feedback: { issue: { raisedAt: { id: tree.township } } },
      userErrors: [],
    });
    await enableModule(t, tree.township, 'issue-lists', null);
  });
});

describe('the feedback register', () => {
  /** A village of the test's own with a cadres' pay disclosure of the third quarter of 2026. */
  async function villageWithDisclosure() {
    const { villages } = await newVillages(1);
    const d = await disclose(villages[0], {
      category: 'CADRE_PAY',
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
        content: '补贴发放标准怎么定的？',
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
    expect(flagged.data.node.villageFeedback.nodes).toEqual([{ name: '王大爷', content: '补贴发放标准怎么定的？' }]);
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
