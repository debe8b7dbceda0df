import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../support/test-app';
import { enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * A locality's own disclosure categories (policy `disclosures`: `everyMonths` aligned to the calendar
 * year, `withinDays` after the period's last day), at month ends: a two-month period due on its last
 * day falls due on 28 February, or on 29 February in a leap year; days after a month end are counted
 * as days. The deployment reads its policy file when it opens, as `npm start` does.
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
            WATER: { everyMonths: 2, withinDays: 0, title: '用水收费 — water charges' },
            LAND_RENT: { everyMonths: 1, withinDays: 29, title: '土地租金 — land rents' },
          },
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
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'village-affairs');
});
afterAll(() => t?.close());

/** A village of the test's own. */
const newVillage = () =>
  createUnit(t, {
    code: `TC-LV${++seq}`,
    name: `本地村${seq}党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });

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
  expect(r.data.disclosureCategories).toHaveLength(10);
  expect(r.data.disclosureCategories).toEqual(
    expect.arrayContaining([
      { category: 'WATER', title: '用水收费 — water charges', everyMonths: 2, withinDays: 0 },
      { category: 'LAND_RENT', title: '土地租金 — land rents', everyMonths: 1, withinDays: 29 },
    ]),
  );
});

test('a two-month period due on its last day: January–February 2028 is due on 29 February', async () => {
  t.clock.set('2028-02-28');
  const [onTime, late, silent] = [await newVillage(), await newVillage(), await newVillage()];
  // Published on the 28th for a period ending on the 28th: that is not January–February of a leap year.
  await disclose(onTime, 'WATER', '2028-01-01', '2028-02-28', '2028-02-28');
  expect(await due(onTime, 'WATER', '2028-01-01', '2028-02-29')).toEqual([
    {
      category: 'WATER',
      periodStart: '2028-01-01',
      periodEnd: '2028-02-29',
      dueOn: '2028-02-29',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
  ]);
  t.clock.set('2028-02-29');
  expect((await due(silent, 'WATER', '2028-01-01', '2028-02-29'))[0].status).toBe('NOT_YET_DUE');
  await disclose(onTime, 'WATER', '2028-01-01', '2028-02-29', '2028-02-29');
  expect((await due(onTime, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({
    publishedOn: '2028-02-29',
    status: 'ON_TIME',
  });
  t.clock.set('2028-03-01');
  await disclose(late, 'WATER', '2028-01-01', '2028-02-29', '2028-03-01');
  expect((await due(late, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({ status: 'LATE' });
  expect((await due(silent, 'WATER', '2028-01-01', '2028-02-29'))[0]).toMatchObject({ status: 'MISSING' });
});

test('in a common year the same period ends and is due on 28 February; periods of two months follow one another', async () => {
  const v = await newVillage();
  t.clock.set('2027-02-28');
  expect(await due(v, 'WATER', '2027-01-01', '2027-04-30')).toEqual([
    {
      category: 'WATER',
      periodStart: '2027-01-01',
      periodEnd: '2027-02-28',
      dueOn: '2027-02-28',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
    {
      category: 'WATER',
      periodStart: '2027-03-01',
      periodEnd: '2027-04-30',
      dueOn: '2027-04-30',
      publishedOn: null,
      status: 'NOT_YET_DUE',
    },
  ]);
  t.clock.set('2027-03-01');
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
