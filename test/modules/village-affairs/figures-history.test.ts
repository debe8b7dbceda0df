import { loadModules } from '../../../src/module-system/loader';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit } from '../../support/tree';

/**
 * Issue 16: village-affairs figures are kept per unit and month, attributed to the tree and the module
 * switches as they were on each fact's day (a due disclosure: the last day of its period). Moving a
 * village or switching the module today changes no past figure; a backdated write into a closed month
 * is refused PERIOD_CLOSED until an administrator reopens it; concurrent writers lose no count. The
 * check at t.close() recounts every tally from the facts and compares.
 */
const TODAY = '2026-11-25';
const M = 'village-affairs';
let t: TestApp;
const u: Record<string, string> = {};

const FIGURES = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  disclosureCompliance(from: $f, to: $to) { villages due onTime late partial missing notYetDue periods { start closed reopened } }
  villageMatterStats(from: $f, to: $to) { proposed completed rejected inProgress byCategory { category count } awaiting { step count } periods { start closed reopened } }
  villageFeedbackStats(from: $f, to: $to) { received passedUp answeredOnTime answeredLate unansweredOverdue awaitingReply periods { start closed reopened } } } } }`;

const figures = async (unit: string, f = '2026-06-01', to = '2026-10-31') => {
  const r = await t.execute(FIGURES, { u: unit, f, to });
  expect(r.errors).toBeUndefined();
  return r.data.node;
};
/** The counts only (the periods' states change with reopenings). */
const counts = async (unit: string) => {
  const n = await figures(unit);
  const strip = (x: Record<string, any>): Record<string, any> =>
    Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'periods'));
  return {
    c: strip(n.disclosureCompliance),
    m: strip(n.villageMatterStats),
    f: strip(n.villageFeedbackStats),
  };
};

const ok = async (mutation: string, field: string, input: Record<string, unknown>) => {
  const r = await t.execute(mutation, { i: input });
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors).toEqual([]);
  return r.data[field];
};
const closed = async (mutation: string, field: string, input: Record<string, unknown>) => {
  const r = await t.execute(mutation, { i: input });
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors.map((e: { code: string }) => e.code)).toEqual(['PERIOD_CLOSED']);
};

const DISCLOSE = `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { id } userErrors { code field message } } }`;
const PROPOSE = `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } userErrors { code field message } } }`;
const STEP = `mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { matter { id nextStep } userErrors { code field message } } }`;
const FEEDBACK = `mutation($i: RegisterVillageFeedbackInput!) { registerVillageFeedback(input: $i) { feedback { id } userErrors { code field message } } }`;
const REPLY = `mutation($i: ReplyToVillageFeedbackInput!) { replyToVillageFeedback(input: $i) { feedback { id } userErrors { code field message } } }`;
const PASS = `mutation($i: PassVillageFeedbackUpInput!) { passVillageFeedbackUp(input: $i) { feedback { id } userErrors { code field message } } }`;
const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code field message } } }`;
const SWITCH = `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code field message } } }`;
const REOPEN = `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { reopenings { fromDay toDay } userErrors { code field message } } }`;
const CLOSE = `mutation($i: CloseReopenedPeriodsInput!) { closeReopenedPeriods(input: $i) { userErrors { code field message } } }`;

let matterId: string;
let feedbackId: string;
let stationFeedbackId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-01-05', modules: loadModules([M]) });
  const unit = (code: string, kind: string, parentId: string | null, extra: Record<string, unknown> = {}) =>
    createUnit(t, { code, name: code, kind, parentId, establishedOn: '2000-01-01', ...extra });
  u.county = await unit('FH', 'COUNTY_COMMITTEE', null);
  u.town1 = await unit('FH-T1', 'TOWNSHIP_COMMITTEE', u.county);
  u.town2 = await unit('FH-T2', 'TOWNSHIP_COMMITTEE', u.county);
  u.stationA = await unit('FH-T1-A', 'WORK_STATION', u.town1);
  u.stationC = await unit('FH-T2-C', 'WORK_STATION', u.town2);
  u.v1 = await unit('FH-V1', 'BRANCH', u.stationA, { sector: 'RURAL' });
  u.v2 = await unit('FH-V2', 'BRANCH', u.stationA, { sector: 'RURAL' });
  u.v3 = await unit('FH-V3', 'BRANCH', u.stationC, { sector: 'COMMUNITY' });
  await ok(SWITCH, 'setModuleEnabled', { unitId: u.county, module: M, enabled: true });

  // The summer's facts, each written while its month was open.
  t.clock.set('2026-07-10');
  await ok(DISCLOSE, 'recordVillageDisclosure', {
    unitId: u.v1,
    category: 'FINANCE',
    periodStart: '2026-06-01',
    periodEnd: '2026-06-30',
    publishedOn: '2026-07-05',
    channels: ['BOARD'],
    summary: '六月财务',
  });
  matterId = (
    await ok(PROPOSE, 'proposeVillageMatter', {
      unitId: u.v1,
      title: '村道硬化',
      category: 'OTHER',
      proposedOn: '2026-07-08',
    })
  ).matter.id;
  feedbackId = (
    await ok(FEEDBACK, 'registerVillageFeedback', {
      unitId: u.v1,
      receivedOn: '2026-07-09',
      channel: 'IN_PERSON',
      content: '路灯不亮',
    })
  ).feedback.id;
  stationFeedbackId = (
    await ok(FEEDBACK, 'registerVillageFeedback', {
      unitId: u.stationA,
      receivedOn: '2026-07-09',
      channel: 'PHONE',
      content: '希望修桥',
    })
  ).feedback.id;
  t.clock.set('2026-10-08');
  await ok(DISCLOSE, 'recordVillageDisclosure', {
    unitId: u.v2,
    category: 'MAJOR_DECISIONS',
    periodStart: '2026-07-01',
    periodEnd: '2026-09-30',
    publishedOn: '2026-10-08',
    channels: ['BOARD'],
    summary: '三季度村务',
  });
  t.clock.set(TODAY);
});
afterAll(() => t?.close());

test('the facts are counted where the villages stood; the periods say they are closed', async () => {
  const a = await figures(u.stationA);
  expect(a.villageMatterStats).toMatchObject({ proposed: 1, inProgress: 1 });
  expect(a.villageFeedbackStats).toMatchObject({ received: 2, unansweredOverdue: 2 });
  // June–October: FINANCE monthly (5 months) and the six quarterly categories for Q2 and Q3, for two villages.
  expect(a.disclosureCompliance).toMatchObject({ villages: 2, due: 34, onTime: 2 });
  expect(a.disclosureCompliance.periods.map((p: { start: string }) => p.start)).toEqual([
    '2026-06-01',
    '2026-07-01',
    '2026-08-01',
    '2026-09-01',
    '2026-10-01',
  ]);
  // October closed on 15 November: every month of the range is closed today.
  expect(
    a.disclosureCompliance.periods.every((p: { closed: boolean; reopened: boolean }) => p.closed && !p.reopened),
  ).toBe(true);
  expect(await counts(u.town1)).toEqual(await counts(u.stationA));
  expect((await counts(u.county)).c).toMatchObject({ villages: 3, due: 51 });
});

test('(a) a village moved today leaves every past figure where it was; a move dated in a closed month is refused until reopened', async () => {
  const before = await Promise.all([u.stationA, u.town1, u.stationC, u.town2, u.county].map(counts));
  await ok(MOVE, 'moveOrgUnit', { id: u.v1, newParentId: u.stationC });
  const after = await Promise.all([u.stationA, u.town1, u.stationC, u.town2, u.county].map(counts));
  expect(after).toEqual(before);
  // From today on the village owes its disclosures under its new station.
  const now = await figures(u.stationC, '2026-11-01', '2026-12-31');
  expect(now.disclosureCompliance.villages).toBe(2);

  await closed(MOVE, 'moveOrgUnit', { id: u.v2, newParentId: u.stationC, effectiveOn: '2026-08-01' });
  expect(await Promise.all([u.stationA, u.town1, u.stationC, u.town2, u.county].map(counts))).toEqual(before);
  await ok(REOPEN, 'reopenPeriods', { unitId: u.county, module: M, from: '2026-08-01', reason: '区划调整追溯' });
  await ok(MOVE, 'moveOrgUnit', { id: u.v2, newParentId: u.stationC, effectiveOn: '2026-08-01' });
  // August on, village 2's Q3 disclosure and dues went with it; June and July stayed.
  const a = await figures(u.stationA);
  expect(a.disclosureCompliance.villages).toBe(2);
  expect(a.disclosureCompliance.periods.map((p: { reopened: boolean }) => p.reopened)).toEqual([
    false,
    false,
    true,
    true,
    true,
  ]);
  const c = await counts(u.stationC);
  expect(c.c.onTime).toBe(1);
  // The county holds all three villages either way.
  expect((await counts(u.county)).c).toEqual(before[4].c);
  await ok(CLOSE, 'closeReopenedPeriods', { unitId: u.county, module: M });
});

test('(b) the module switched off for a township today changes no past figure; a switch dated in a closed month is refused', async () => {
  const all = [u.stationA, u.town1, u.stationC, u.town2, u.county];
  const before = await Promise.all(all.map(counts));
  await closed(SWITCH, 'setModuleEnabled', { unitId: u.town2, module: M, enabled: false, effectiveOn: '2026-09-01' });
  await ok(SWITCH, 'setModuleEnabled', { unitId: u.town2, module: M, enabled: false, effectiveOn: TODAY });
  // The township's own fields answer MODULE_DISABLED now; the county still counts its villages' past.
  expect(await Promise.all([u.stationA, u.town1, u.county].map(counts))).toEqual([before[0], before[1], before[4]]);
  const now = await figures(u.county, '2026-11-01', '2026-12-31');
  expect(now.disclosureCompliance.villages).toBe(0);
  await ok(SWITCH, 'setModuleEnabled', { unitId: u.town2, module: M, enabled: null, effectiveOn: TODAY });
  expect(await Promise.all(all.map(counts))).toEqual(before);
});

test('(c) every backdated write into a closed month is refused and changes nothing; after reopening it is written and the months say so', async () => {
  const before = await Promise.all([u.stationA, u.county].map(counts));
  const writes: [string, string, Record<string, unknown>][] = [
    [
      DISCLOSE,
      'recordVillageDisclosure',
      {
        unitId: u.v1,
        category: 'FINANCE',
        periodStart: '2026-08-01',
        periodEnd: '2026-08-31',
        publishedOn: '2026-09-05',
        channels: ['BOARD'],
        summary: '八月财务',
      },
    ],
    [PROPOSE, 'proposeVillageMatter', { unitId: u.v1, title: '补记事项', category: 'OTHER', proposedOn: '2026-09-10' }],
    // A step, a reply and a passing up change the figures of the month the matter or feedback came in (July)
    // if dated before that month closed (16 August); dated later they would leave it as it was.
    [STEP, 'recordMatterStep', { matterId, step: 'DELIBERATION', heldOn: '2026-08-10' }],
    [
      FEEDBACK,
      'registerVillageFeedback',
      { unitId: u.v1, receivedOn: '2026-09-10', channel: 'IN_PERSON', content: '补记意见' },
    ],
    [REPLY, 'replyToVillageFeedback', { feedbackId, reply: '已修复', repliedOn: '2026-08-10', replier: '村委会' }],
    [PASS, 'passVillageFeedbackUp', { feedbackId: stationFeedbackId, passedOn: '2026-08-10' }],
  ];
  for (const [m, field, input] of writes) await closed(m, field, input);
  expect(await Promise.all([u.stationA, u.county].map(counts))).toEqual(before);

  await ok(REOPEN, 'reopenPeriods', { unitId: u.county, module: M, from: '2026-07-01', reason: '补录' });
  for (const [m, field, input] of writes) await ok(m, field, input);
  const county = await figures(u.county);
  expect(county.villageMatterStats).toMatchObject({ proposed: before[1].m.proposed + 1 });
  expect(county.villageMatterStats.awaiting).toContainEqual({ step: 'REVIEW', count: 1 });
  expect(county.villageFeedbackStats).toMatchObject({
    received: before[1].f.received + 1,
    // Answered 32 days after it came (and entered today): late.
    answeredLate: before[1].f.answeredLate + 1,
    passedUp: 1,
  });
  // Published on 5 September but entered today, more than 7 days later: judged by today, late.
  expect(county.disclosureCompliance.late).toBe(before[1].c.late + 1);
  expect(county.villageMatterStats.periods.map((p: { reopened: boolean }) => p.reopened)).toEqual([
    false,
    true,
    true,
    true,
    true,
  ]);
  await ok(CLOSE, 'closeReopenedPeriods', { unitId: u.county, module: M });
});

test('(d) fifty concurrent writers on one village: none is lost', async () => {
  const rs = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      t.execute(FEEDBACK, { i: { unitId: u.v3, receivedOn: TODAY, channel: 'WECHAT', content: `意见${i}` } }),
    ),
  );
  for (const r of rs) expect(r.data.registerVillageFeedback.userErrors).toEqual([]);
  const n = await figures(u.v3, TODAY, TODAY);
  expect(n.villageFeedbackStats.received).toBe(50);
  expect((await figures(u.county, TODAY, TODAY)).villageFeedbackStats.received).toBe(50);
});

test('(e) a closed month counts only what had happened before it closed: a late disclosure, a step and a reply made today leave it as it was', async () => {
  // October's facts, written while October was open; October closed on 16 November.
  t.clock.set('2026-10-20');
  const octMatter = (
    await ok(PROPOSE, 'proposeVillageMatter', {
      unitId: u.v3,
      title: '广场照明',
      category: 'OTHER',
      proposedOn: '2026-10-15',
    })
  ).matter.id;
  const octFeedback = (
    await ok(FEEDBACK, 'registerVillageFeedback', {
      unitId: u.v3,
      receivedOn: '2026-10-15',
      channel: 'IN_PERSON',
      content: '广场太暗',
    })
  ).feedback.id;
  t.clock.set(TODAY);
  const novMatter = (
    await ok(PROPOSE, 'proposeVillageMatter', {
      unitId: u.v3,
      title: '修缮祠堂',
      category: 'OTHER',
      proposedOn: '2026-11-20',
    })
  ).matter.id;
  const novFeedback = (
    await ok(FEEDBACK, 'registerVillageFeedback', {
      unitId: u.v3,
      receivedOn: '2026-11-20',
      channel: 'PHONE',
      content: '祠堂漏雨',
    })
  ).feedback.id;

  const units = [u.v3, u.stationC, u.town2, u.county];
  const strip = (n: Record<string, any>) => ({
    c: { ...n.disclosureCompliance, periods: undefined },
    m: { ...n.villageMatterStats, periods: undefined },
    f: { ...n.villageFeedbackStats, periods: undefined },
  });
  const october = () => Promise.all(units.map(async (x) => strip(await figures(x, '2026-10-01', '2026-10-31'))));
  const november = () => Promise.all(units.map(async (x) => strip(await figures(x, '2026-11-01', '2026-11-30'))));
  const octBefore = await october();
  const novBefore = await november();
  // As October closed: its finances not disclosed, the matter at deliberation, the feedback unanswered and overdue.
  expect(octBefore[0].c).toMatchObject({ due: 1, missing: 1, late: 0 });
  expect(octBefore[0].m).toMatchObject({ proposed: 1, inProgress: 1, awaiting: [{ step: 'DELIBERATION', count: 1 }] });
  expect(octBefore[0].f).toMatchObject({ received: 1, unansweredOverdue: 1, answeredLate: 0 });

  // Dated before October closed, each would change it: refused.
  const octFinance = { unitId: u.v3, category: 'FINANCE', periodStart: '2026-10-01', periodEnd: '2026-10-31' };
  await closed(DISCLOSE, 'recordVillageDisclosure', {
    ...octFinance,
    publishedOn: '2026-11-12',
    channels: ['BOARD'],
    summary: '十月财务',
  });
  await closed(STEP, 'recordMatterStep', { matterId: octMatter, step: 'DELIBERATION', heldOn: '2026-11-12' });
  await closed(REPLY, 'replyToVillageFeedback', {
    feedbackId: octFeedback,
    reply: '已安装',
    repliedOn: '2026-11-12',
    replier: '村委会',
  });
  // Dated today, after it closed: written, and October stays as it was at station, township and county.
  await ok(DISCLOSE, 'recordVillageDisclosure', {
    ...octFinance,
    publishedOn: TODAY,
    channels: ['BOARD'],
    summary: '十月财务',
  });
  const step = await ok(STEP, 'recordMatterStep', { matterId: octMatter, step: 'DELIBERATION', heldOn: TODAY });
  expect(step.matter.nextStep).toBe('REVIEW');
  await ok(REPLY, 'replyToVillageFeedback', {
    feedbackId: octFeedback,
    reply: '已安装',
    repliedOn: TODAY,
    replier: '村委会',
  });
  // November's own matter and feedback, handled today, count at once: its figures are live.
  await ok(STEP, 'recordMatterStep', { matterId: novMatter, step: 'DELIBERATION', heldOn: TODAY });
  await ok(REPLY, 'replyToVillageFeedback', {
    feedbackId: novFeedback,
    reply: '已修补',
    repliedOn: TODAY,
    replier: '村委会',
  });

  expect(await october()).toEqual(octBefore);
  const novAfter = await november();
  novAfter.forEach((n, i) => {
    const b = novBefore[i];
    expect(n.m.proposed).toBe(b.m.proposed);
    expect(n.m.awaiting.find((a: any) => a.step === 'REVIEW')?.count ?? 0).toBe(
      (b.m.awaiting.find((a: any) => a.step === 'REVIEW')?.count ?? 0) + 1,
    );
    expect(n.f).toMatchObject({ received: b.f.received, answeredOnTime: b.f.answeredOnTime + 1 });
    expect(n.c).toEqual(b.c);
  });
  // The village's own list says what is known today: October's finances were disclosed, late.
  const DUE = `query($u: ID!) { node(id: $u) { ... on OrgUnit { dueDisclosures(from: "2026-10-01", to: "2026-10-31") { category publishedOn status } } } }`;
  const due = await t.execute(DUE, { u: u.v3 });
  expect(due.data.node.dueDisclosures).toEqual([{ category: 'FINANCE', publishedOn: TODAY, status: 'LATE' }]);
});
