import { Role } from '../../../src/auth/roles';
import { toGlobalId } from '../../../src/graphql/global-id';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Which scheme applies where (README: "adopted by a unit for its subtree (the nearest scheme up the
 * tree applies), new or copied from another"). Every test adopts its schemes in townships of its own.
 */
const TODAY = '2026-11-25';
const YEAR = 2026;

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
const county: { member: string; branch: string; crit: Record<string, string> } = { member: '', branch: '', crit: {} };
let seq = 0;

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) {
  scheme { id name year subjectType thresholds unit { code } criteria { id code title kind points perQuantity cap starsOff memberCategory } }
  userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { userErrors { code message } } }`;
const USED = `query($u: ID!, $y: Int!, $s: StarSubjectType!) { node(id: $u) { ... on OrgUnit { starScheme(year: $y, subjectType: $s) { id name unit { code } } } } }`;
const STANDING = `query($id: ID!) { node(id: $id) { ... on Member { starStanding(year: 2026) { score grade } } } }`;

const COUNTY_MEMBER_CRITERIA = [
  { code: 'A', title: '参加组织生活', kind: 'REGULAR', points: 4, perQuantity: true, cap: 20 },
  { code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 },
  { code: 'R', title: '带头致富（农村）', kind: 'REGULAR', points: 5, memberCategory: 'RURAL' },
  { code: 'S', title: '不按时交纳党费', kind: 'DEDUCTION', points: 0, starsOff: 1 },
  { code: 'V', title: '受到处分', kind: 'VETO', points: 0 },
];

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'star-rating');
  await accountWith(t, 'confirmer', Role.SECRETARY, tree.county);
  const m = await t.execute(SCHEME, {
    i: {
      unitId: tree.county,
      year: YEAR,
      subjectType: 'MEMBER',
      name: '县先锋星',
      thresholds: [10, 20, 30, 40, 50],
      criteria: COUNTY_MEMBER_CRITERIA,
    },
  });
  expect(m.data.createStarScheme.userErrors).toEqual([]);
  county.member = m.data.createStarScheme.scheme.id;
  for (const c of m.data.createStarScheme.scheme.criteria) county.crit[c.code] = c.id;
  const b = await t.execute(SCHEME, {
    i: {
      unitId: tree.county,
      year: YEAR,
      subjectType: 'BRANCH',
      name: '县堡垒星',
      thresholds: [10, 20, 30, 40, 50],
      criteria: [{ code: 'F', title: '三会一课', kind: 'REGULAR', points: 10, perQuantity: true }],
    },
  });
  expect(b.data.createStarScheme.userErrors).toEqual([]);
  county.branch = b.data.createStarScheme.scheme.id;
  county.crit.F = b.data.createStarScheme.scheme.criteria[0].id;
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A township of the test's own with a station and a village. */
async function newTownship() {
  const n = ++seq;
  const township = await createUnit(t, {
    code: `TC-ST${n}`,
    name: `创星镇${n}党委`,
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  const station = await createUnit(t, {
    code: `TC-ST${n}-S`,
    name: `创星镇${n}工作站`,
    kind: 'WORK_STATION',
    parentId: township,
    establishedOn: '2015-01-01',
  });
  const village = await createUnit(t, {
    code: `TC-ST${n}-V`,
    name: `创星镇${n}村党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: station,
    establishedOn: '2000-01-01',
  });
  return { township, station, village, code: `TC-ST${n}` };
}

async function newMember(branchId: string): Promise<string> {
  const r = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: `党员${++seq}`,
        idCardNumber: idFor('1982-02-02', seq % 2 === 0, 200 + seq),
        category: 'RURAL',
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        branchId,
      },
    },
  );
  expect(r.data.createMember.userErrors).toEqual([]);
  return r.data.createMember.member.id;
}

const record = (subjectId: string, criterionId: string, occurredOn = `${YEAR}-11-01`, quantity = 1) =>
  t.execute(RECORD, { i: { subjectId, criterionId, occurredOn, quantity } });

/** Recorded by the test's administrator, confirmed by the county's secretary. */
async function score(subjectId: string, criterionId: string, occurredOn = `${YEAR}-11-01`, quantity = 1) {
  const r = await record(subjectId, criterionId, occurredOn, quantity);
  expect(r.data.recordStarEntry.userErrors).toEqual([]);
  const c = await (await t.as('confirmer'))(CONFIRM, { i: { entryId: r.data.recordStarEntry.entry.id } });
  expect(c.data.confirmStarEntry.userErrors).toEqual([]);
}

const schemeUsed = async (unit: string, subjectType = 'MEMBER', year = YEAR) =>
  (await t.execute(USED, { u: unit, y: year, s: subjectType })).data.node.starScheme;

describe("a township's own scheme", () => {
  test('applies to its subtree, for its year and kind of subject only; the county and a sibling township keep the county scheme', async () => {
    const own = await newTownship();
    const sibling = await newTownship();
    const r = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR,
        subjectType: 'MEMBER',
        name: '镇先锋星',
        thresholds: [5, 10, 15, 20, 25],
        criteria: [{ code: 'X', title: '网格服务', kind: 'REGULAR', points: 5 }],
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    const townshipScheme = r.data.createStarScheme.scheme;
    expect(townshipScheme).toMatchObject({ unit: { code: own.code }, thresholds: [5, 10, 15, 20, 25] });

    for (const unit of [own.township, own.station, own.village])
      expect(await schemeUsed(unit)).toEqual({ id: townshipScheme.id, name: '镇先锋星', unit: { code: own.code } });
    for (const unit of [sibling.village, tree.village1, tree.county])
      expect(await schemeUsed(unit)).toEqual({ id: county.member, name: '县先锋星', unit: { code: 'TC' } });
    // Branches under the township still strive under the county's branch scheme; another year has none.
    expect(await schemeUsed(own.village, 'BRANCH')).toMatchObject({ id: county.branch });
    expect(await schemeUsed(own.village, 'MEMBER', YEAR + 1)).toBeNull();
  });

  test("its members are scored with its criteria and graded by its thresholds; the county's criteria are refused there, and its criteria elsewhere", async () => {
    const own = await newTownship();
    const sibling = await newTownship();
    const r = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR,
        subjectType: 'MEMBER',
        name: '镇先锋星',
        thresholds: [5, 10, 15, 20, 25],
        criteria: [{ code: 'X', title: '网格服务', kind: 'REGULAR', points: 5 }],
      },
    });
    const x = r.data.createStarScheme.scheme.criteria[0].id;
    const inside = await newMember(own.village);
    const outside = await newMember(sibling.village);
    expect((await record(inside, county.crit.B)).data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'criterionId'],
    });
    expect((await record(outside, x)).data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'criterionId'],
    });
    await score(inside, x, `${YEAR}-11-01`);
    await score(inside, x, `${YEAR}-11-02`);
    await score(outside, county.crit.B);
    // Ten points each: two stars by the township's thresholds, one by the county's.
    expect((await t.execute(STANDING, { id: inside })).data.node.starStanding).toEqual({ score: 10, grade: 2 });
    expect((await t.execute(STANDING, { id: outside })).data.node.starStanding).toEqual({ score: 10, grade: 1 });
    // A village under the township is still a branch of the county's fortress-star scheme.
    await score(own.village, county.crit.F, `${YEAR}-11-01`, 3);
    const branch = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { starStanding(year: 2026) { score grade } } } }`,
      { u: own.village },
    );
    expect(branch.data.node.starStanding).toEqual({ score: 30, grade: 3 });
    const dist = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { starDistribution(subjectType: MEMBER, year: 2026) { grade count } } } }`,
      { u: own.township },
    );
    expect(dist.data.node.starDistribution.map((g: any) => g.count)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  test('a station below the township may adopt its own in turn: the nearest wins', async () => {
    const own = await newTownship();
    const adopt = (unitId: string, name: string) =>
      t.execute(SCHEME, {
        i: {
          unitId,
          year: YEAR,
          subjectType: 'MEMBER',
          name,
          thresholds: [1, 2, 3, 4, 5],
          criteria: [{ code: 'Y', title: 'y', kind: 'REGULAR', points: 1 }],
        },
      });
    expect((await adopt(own.township, '镇')).data.createStarScheme.userErrors).toEqual([]);
    expect((await adopt(own.station, '站')).data.createStarScheme.userErrors).toEqual([]);
    expect((await schemeUsed(own.village)).name).toBe('站');
    expect((await schemeUsed(own.township)).name).toBe('镇');
  });
});

describe('copyFromId', () => {
  test("copies the criteria with their rules as new criteria; thresholds, name, year and the adopting unit are the new scheme's own; the source is untouched", async () => {
    const own = await newTownship();
    const r = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR,
        subjectType: 'MEMBER',
        name: '镇先锋星（沿用县方案）',
        thresholds: [15, 25, 35, 45, 55],
        copyFromId: county.member,
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    const copy = r.data.createStarScheme.scheme;
    expect(copy).toMatchObject({
      name: '镇先锋星（沿用县方案）',
      year: YEAR,
      subjectType: 'MEMBER',
      thresholds: [15, 25, 35, 45, 55],
      unit: { code: own.code },
    });
    const rules = (criteria: any[]) => criteria.map(({ id: _id, ...rest }) => rest);
    const source = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on StarScheme { name thresholds criteria { id code title kind points perQuantity cap starsOff memberCategory } } } }`,
      { id: county.member },
    );
    expect(rules(copy.criteria)).toEqual(rules(source.data.node.criteria));
    expect(rules(copy.criteria)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'A', perQuantity: true, cap: 20, points: 4 }),
        expect.objectContaining({ code: 'R', memberCategory: 'RURAL' }),
        expect.objectContaining({ code: 'S', kind: 'DEDUCTION', starsOff: 1 }),
        expect.objectContaining({ code: 'V', kind: 'VETO' }),
      ]),
    );
    // New criteria, not shared ones: the source keeps its own, its name and its thresholds.
    const sourceIds = source.data.node.criteria.map((c: any) => c.id);
    for (const c of copy.criteria) expect(sourceIds).not.toContain(c.id);
    expect(source.data.node).toMatchObject({ name: '县先锋星', thresholds: [10, 20, 30, 40, 50] });
    expect(sourceIds).toEqual(Object.values(county.crit).filter((id) => id !== county.crit.F));
  });

  test("the copy's criteria are the ones scored under it, with the copy's thresholds; the cap comes along", async () => {
    const own = await newTownship();
    const r = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR,
        subjectType: 'MEMBER',
        name: '镇先锋星',
        thresholds: [15, 25, 35, 45, 55],
        copyFromId: county.member,
      },
    });
    const crit = Object.fromEntries(r.data.createStarScheme.scheme.criteria.map((c: any) => [c.code, c.id]));
    const m = await newMember(own.village);
    expect((await record(m, county.crit.B)).data.recordStarEntry.userErrors[0].field).toEqual(['input', 'criterionId']);
    await score(m, crit.B); // 10: no star by the copy's thresholds (one by the county's)
    expect((await t.execute(STANDING, { id: m })).data.node.starStanding).toEqual({ score: 10, grade: 0 });
    await score(m, crit.A, `${YEAR}-11-02`, 10); // 40 points asked, capped at 20
    expect((await t.execute(STANDING, { id: m })).data.node.starStanding).toEqual({ score: 30, grade: 2 });
  });

  test('a scheme of another year can be copied; an unknown scheme is NOT_FOUND; a unit that has one already is a conflict', async () => {
    const own = await newTownship();
    const next = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR + 1,
        subjectType: 'MEMBER',
        name: '明年',
        thresholds: [10, 20, 30, 40, 50],
        copyFromId: county.member,
      },
    });
    expect(next.data.createStarScheme.scheme).toMatchObject({ year: YEAR + 1, unit: { code: own.code } });
    expect(next.data.createStarScheme.scheme.criteria.map((c: any) => c.code)).toEqual(['A', 'B', 'R', 'S', 'V']);
    expect(await schemeUsed(own.village, 'MEMBER', YEAR + 1)).toMatchObject({ name: '明年' });
    expect(await schemeUsed(own.village, 'MEMBER', YEAR)).toMatchObject({ id: county.member });
    const unknown = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR,
        subjectType: 'MEMBER',
        name: 'x',
        thresholds: [10, 20, 30, 40, 50],
        copyFromId: toGlobalId('StarScheme', 999999),
      },
    });
    expect(unknown.data.createStarScheme.userErrors[0]).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'copyFromId'],
    });
    const twice = await t.execute(SCHEME, {
      i: {
        unitId: own.township,
        year: YEAR + 1,
        subjectType: 'MEMBER',
        name: 'x',
        thresholds: [10, 20, 30, 40, 50],
        copyFromId: county.member,
      },
    });
    expect(twice.data.createStarScheme.userErrors[0].code).toBe('CONFLICT');
  });
});
