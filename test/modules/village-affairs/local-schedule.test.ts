import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * A locality's own policy. Disclosure categories (`disclosures`: `everyMonths` aligned to the calendar
 * year, `withinDays` after the period's last day), at month ends: a two-month period due on its last
 * day falls due on 28 February, or on 29 February in a leap year; days after a month end are counted
 * as days. A quorum of more than half (the party's floor) instead of two thirds, three days of
 * resolution disclosure, and late entries judged by the day they declare. The deployment reads its
 * policy file when it opens, as `npm start` does.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const DISCLOSE = `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { categoryTitle } userErrors { code field message } } }`;
const DUE = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  dueDisclosures(from: $f, to: $to) { category periodStart periodEnd dueOn publishedOn status } } } }`;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'village-policy-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      modules: {
        'village-affairs': {
          disclosures: {
            WATER: { everyMonths: 2, withinDays: 1, title: '用水收费 — water charges' },
            LAND_RENT: { everyMonths: 1, withinDays: 29, title: '土地租金 — land rents' },
          },
          review: {
            quorum: { numerator: 1, denominator: 2, atLeast: false },
            adoption: { numerator: 1, denominator: 2, atLeast: false },
          },
          resolutionDisclosureDays: 3,
          lateRecords: { graceDays: 3, judgeBy: 'DECLARED' },
        },
      },
    }),
  );
  const saved = process.env.JICENG_POLICY_FILE;
  process.env.JICENG_POLICY_FILE = file;
  t = await createTestApp({ now: '2027-01-15' }).finally(() => {
    if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
    else process.env.JICENG_POLICY_FILE = saved;
  });
  // The tree and the switch are set up long before the periods this file judges (the figures count
  // the villages as the tree was on each period's last day).
  await inThePast(async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'village-affairs');
  });
});

async function inThePast<T>(fn: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set('2016-01-01');
  try {
    return await fn();
  } finally {
    t.clock.set(now);
  }
}
afterAll(() => t?.close());

/** A village of the test's own. */
const newVillage = () =>
  inThePast(() =>
    createUnit(t, {
      code: `TC-LV${++seq}`,
      name: `本地村${seq}党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: tree.stationA,
      establishedOn: '2000-01-01',
    }),
  );

async function disclose(unitId: string, category: string, periodStart: string, periodEnd: string, publishedOn: string) {
  const r = await t.execute(DISCLOSE, {
    i: { unitId, category, periodStart, periodEnd, publishedOn, channels: ['BOARD'], summary: '公开' },
  });
  expect(r.data.recordVillageDisclosure.userErrors).toEqual([]);
  return r.data.recordVillageDisclosure.disclosure;
}

/** The village's periods of one category ending in a range. */
async function due(village: string, category: string, from: string, to: string) {
  const r = await t.execute(DUE, { u: village, f: from, to });
  expect(r.errors).toBeUndefined();
  return r.data.node.dueDisclosures.filter((d: any) => d.category === category);
}

test("the locality's categories are listed with their cadence, beside the eight standard ones", async () => {
  t.clock.set('2027-01-15');
  const r = await t.execute(`{ disclosureCategories { category title everyMonths withinDays } }`);
  expect(r.data.disclosureCategories).toHaveLength(9);
  expect(r.data.disclosureCategories).toEqual(
    expect.arrayContaining([
      { category: 'WATER', title: '用水收费 — water charges', everyMonths: 2, withinDays: 1 },
      { category: 'LAND_RENT', title: '土地租金 — land rents', everyMonths: 1, withinDays: 29 },
    ]),
  );
});

test('a two-month period within one day: January–February 2028 ends on 29 February and is due on 1 March; published on its last day it is only partial', async () => {
  t.clock.set('2028-02-28');
  const [onTime, late, silent, early] = [
    await newVillage(),
    await newVillage(),
    await newVillage(),
    await newVillage(),
  ];
  // Published on the 28th for a period ending on the 28th: that is not January–February of a leap year.
  await disclose(onTime, 'WATER', '2028-01-01', '2028-02-28', '2028-02-28');
  expect(await due(onTime, 'WATER', '2028-01-01', '2028-02-29')).toEqual([
    {
      category: 'WATER',
      periodStart: '2028-01-01',
      periodEnd: '2028-02-29',
      dueOn: '2028-03-01',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
  ]);
  // On the period's last day the last day has not ended: what is published then is partial.
  t.clock.set('2028-02-29');
  await disclose(early, 'WATER', '2028-01-01', '2028-02-29', '2028-02-29');
  t.clock.set('2028-03-01');
  expect((await due(silent, 'WATER', '2028-01-01', '2028-02-29'))[0].status).toBe('NOT_YET_DUE');
  await disclose(onTime, 'WATER', '2028-01-01', '2028-02-29', '2028-03-01');
  expect((await due(onTime, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({
    publishedOn: '2028-03-01',
    status: 'ON_TIME',
  });
  t.clock.set('2028-03-02');
  await disclose(late, 'WATER', '2028-01-01', '2028-02-29', '2028-03-02');
  expect((await due(late, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({ status: 'LATE' });
  expect((await due(silent, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({ status: 'MISSING' });
  expect((await due(early, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({
    status: 'PARTIAL',
    publishedOn: null,
  });
});

test('in a common year the same period ends on 28 February and is due on 1 March; periods of two months follow one another', async () => {
  const v = await newVillage();
  t.clock.set('2027-02-28');
  expect(await due(v, 'WATER', '2027-01-01', '2027-04-30')).toEqual([
    {
      category: 'WATER',
      periodStart: '2027-01-01',
      periodEnd: '2027-02-28',
      dueOn: '2027-03-01',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
    {
      category: 'WATER',
      periodStart: '2027-03-01',
      periodEnd: '2027-04-30',
      dueOn: '2027-05-01',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
  ]);
  t.clock.set('2027-03-01');
  expect((await due(v, 'WATER', '2027-01-01', '2027-02-28'))[0].status).toBe('NOT_YET_DUE');
  t.clock.set('2027-03-02');
  expect((await due(v, 'WATER', '2027-01-01', '2027-02-28'))[0].status).toBe('MISSING');
});

test('days after a month end are counted as days: January within 29 days is due on 29 February 2028 and on 1 March 2027', async () => {
  const v = await newVillage();
  t.clock.set('2027-03-01');
  expect((await due(v, 'LAND_RENT', '2027-01-01', '2027-01-31'))[0]).toMatchObject({
    periodEnd: '2027-01-31',
    dueOn: '2027-03-01',
    status: 'NOT_YET_DUE',
  });
  t.clock.set('2028-02-29');
  expect((await due(v, 'LAND_RENT', '2028-01-01', '2028-01-31'))[0]).toMatchObject({
    periodEnd: '2028-01-31',
    dueOn: '2028-02-29',
    status: 'NOT_YET_DUE',
  });
  t.clock.set('2028-03-01');
  expect((await due(v, 'LAND_RENT', '2028-01-01', '2028-01-31'))[0].status).toBe('MISSING');
  // February 2028 (29 days) within 29 days is due on 29 March; February 2027 on 29 March too.
  expect((await due(v, 'LAND_RENT', '2028-02-01', '2028-02-29'))[0].dueOn).toBe('2028-03-29');
  expect((await due(v, 'LAND_RENT', '2027-02-01', '2027-02-28'))[0].dueOn).toBe('2027-03-29');
});

test('entered late, a disclosure is flagged but, by this policy, judged by the day it declares', async () => {
  const v = await newVillage();
  // Declared published on 5 February; entered on 9 February: four days, past the three days of grace.
  t.clock.set('2027-02-09');
  const r = await t.execute(
    `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { recordedLate judgedOn } userErrors { message } } }`,
    {
      i: {
        unitId: v,
        category: 'LAND_RENT',
        periodStart: '2027-01-01',
        periodEnd: '2027-01-31',
        publishedOn: '2027-02-05',
        channels: ['BOARD'],
        summary: '一月土地租金',
      },
    },
  );
  expect(r.data.recordVillageDisclosure.disclosure).toEqual({ recordedLate: true, judgedOn: '2027-02-05' });
  expect((await due(v, 'LAND_RENT', '2027-01-01', '2027-01-31'))[0]).toMatchObject({ status: 'ON_TIME' });
});

test('a quorum of more than half: five of nine present may decide, four may not; three days of disclosure before execution', async () => {
  t.clock.set('2027-01-15');
  const v = await newVillage();
  for (let i = 0; i < 9; i++) {
    const m = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { message } } }`,
      {
        i: {
          name: `本地党员${i}`,
          idCardNumber: idFor('1968-02-02', i % 2 === 0, 300 + seq * 10 + i),
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          branchId: v,
        },
      },
    );
    expect(m.data.createMember.userErrors).toEqual([]);
  }
  const STEP = `mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { matter { status nextStep steps { outcome verdict } } userErrors { field message } } }`;
  const p = await t.execute(
    `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } userErrors { message } } }`,
    { i: { unitId: v, title: '修建水塘', category: 'OTHER', proposedOn: '2026-12-01' } },
  );
  const matterId = p.data.proposeVillageMatter.matter.id;
  const step = async (i: Record<string, unknown>) =>
    (await t.execute(STEP, { i: { matterId, ...i } })).data.recordMatterStep;
  await step({ step: 'DELIBERATION', heldOn: '2026-12-02' });
  const four = await step({ step: 'REVIEW', heldOn: '2026-12-03', present: 4, votesFor: 4 });
  expect(four.matter.steps.at(-1)).toMatchObject({
    outcome: 'NO_QUORUM',
    verdict: expect.stringContaining('present 4 of 9 entitled to vote: quorum (more than 1/2) not met'),
  });
  const five = await step({ step: 'REVIEW', heldOn: '2026-12-04', present: 5, votesFor: 5 });
  expect(five.matter).toMatchObject({ nextStep: 'RESOLUTION' });
  expect(five.matter.steps.at(-1).verdict).toContain(
    'present 5 of 9 entitled to vote: quorum (more than 1/2) met; for 5 of 9 entitled: adopted',
  );
  await step({
    step: 'RESOLUTION',
    heldOn: '2026-12-05',
    meetingKind: 'REPRESENTATIVES_MEETING',
    eligible: 30,
    present: 25,
    votesFor: 20,
  });
  await step({ step: 'RESOLUTION_DISCLOSED', heldOn: '2026-12-06', channels: ['BOARD'], place: '村委会公开栏' });
  expect((await step({ step: 'EXECUTION', heldOn: '2026-12-09', notes: '开工' })).userErrors[0]).toMatchObject({
    field: ['input', 'heldOn'],
    message: '决议于 2026-12-06 公开，公示 3 天至 2026-12-09：实施从 2026-12-10 开始',
  });
  expect((await step({ step: 'EXECUTION', heldOn: '2026-12-10', notes: '开工' })).userErrors).toEqual([]);
});
