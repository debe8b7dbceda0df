import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { starPolicy } from '../../../modules/star-rating/services/policy';
import { Role } from '../../../src/auth/roles';
import { defaultPolicy } from '../../../src/policy';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Year-end consequences (README: "branch allowances go up for four and five stars and down for two
 * and below"; policy `branchAllowancePercent` by grade 0–5, default −30, −20, −10, 0, +10, +20).
 * Entries of 2026 are recorded in December 2026 and the year end is read in January 2027, each test
 * setting the clock itself; each works under a station of its own.
 */
const YEAR = 2026;

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
const crit: Record<string, string> = {};
let seq = 0;

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { criteria { id code } } userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { userErrors { code message } } }`;
const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed userErrors { code message } } }`;
const YEAR_END = `query($u: ID!, $s: StarSubjectType!, $y: Int!) { node(id: $u) { ... on OrgUnit {
  starYearEnd(subjectType: $s, year: $y) { grade allowancePercent subject { id } } } } }`;

/** A county with star rating on, a branch and a committee scheme for 2026, and a confirmer above everything. */
async function setUp(x: TestApp, prefix: string) {
  const county = await smallCounty(x, prefix);
  await enableModule(x, county.county, 'star-rating');
  await accountWith(x, `${prefix.toLowerCase()}-confirmer`, Role.SECRETARY, county.county);
  const ids: Record<string, string> = {};
  for (const [subjectType, name] of [
    ['BRANCH', '堡垒星'],
    ['COMMITTEE', '服务星'],
    ['MEMBER', '先锋星'],
  ]) {
    const r = await x.execute(SCHEME, {
      i: {
        unitId: county.county,
        year: YEAR,
        subjectType,
        name,
        thresholds: [10, 20, 30, 40, 50],
        criteria: [
          { code: 'P', title: '三会一课', kind: 'REGULAR', points: 10, perQuantity: true },
          { code: 'S', title: '软弱涣散', kind: 'DEDUCTION', points: 0, starsOff: 1 },
          { code: 'V', title: '重大问题', kind: 'VETO', points: 0 },
        ],
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    for (const c of r.data.createStarScheme.scheme.criteria) ids[`${subjectType}.${c.code}`] = c.id;
  }
  return { county, crit: ids };
}

beforeAll(async () => {
  t = await createTestApp({ now: `${YEAR}-12-20` });
  const s = await setUp(t, 'T');
  tree = s.county;
  Object.assign(crit, s.crit);
});
afterAll(() => t?.close());

/** A station of the test's own with `n` villages. */
async function newStation(x: TestApp, n: number, under = tree.township, prefix = 'TC') {
  const k = ++seq;
  const station = await createUnit(x, {
    code: `${prefix}-YS${k}`,
    name: `年终工作站${k}`,
    kind: 'WORK_STATION',
    parentId: under,
    establishedOn: '2015-01-01',
  });
  const villages: string[] = [];
  for (let i = 0; i < n; i++)
    villages.push(
      await createUnit(x, {
        code: `${prefix}-YS${k}-V${i}`,
        name: `年终村${k}-${i}党支部`,
        kind: 'BRANCH',
        sector: 'RURAL',
        parentId: station,
        establishedOn: '2000-01-01',
      }),
    );
  return { station, villages };
}

/** Records (as the administrator) and confirms (as the county's secretary) an entry. */
async function score(x: TestApp, confirmer: string, subjectId: string, criterionId: string, day: string, quantity = 1) {
  const r = await x.execute(RECORD, { i: { subjectId, criterionId, occurredOn: day, quantity } });
  expect(r.data.recordStarEntry.userErrors).toEqual([]);
  const c = await (await x.as(confirmer))(CONFIRM, { i: { entryId: r.data.recordStarEntry.entry.id } });
  expect(c.data.confirmStarEntry.userErrors).toEqual([]);
}

/** The year-end outcomes under a unit, as { id, grade, pct }, in the order of the subjects' ids. */
const yearEnd = async (x: TestApp, unit: string, subjectType: string) => {
  const r = await x.execute(YEAR_END, { u: unit, s: subjectType, y: YEAR });
  expect(r.errors).toBeUndefined();
  return r.data.node.starYearEnd
    .map((o: any) => ({ id: o.subject.id as string, grade: o.grade, pct: o.allowancePercent }))
    .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1));
};
const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

test('branch allowances by the grade at year end: −30, −20, −10, 0, +10, +20 percent for none to five stars; a branch without a score book is not rated and has no consequence', async () => {
  t.clock.set(`${YEAR}-12-20`);
  const { station, villages } = await newStation(t, 7);
  // Village k earns 10·k points in December: k stars; the first is docked a star (rated, none); the last has no entry.
  for (const [k, v] of villages.entries())
    if (k > 0 && k < 6) await score(t, 't-confirmer', v, crit['BRANCH.P'], `${YEAR}-12-01`, k);
  await score(t, 't-confirmer', villages[0], crit['BRANCH.S'], `${YEAR}-12-01`);
  t.clock.set(`${YEAR + 1}-01-10`);
  const outcomes = await yearEnd(t, station, 'BRANCH');
  expect(outcomes).toHaveLength(6);
  expect(outcomes.map((o: any) => o.id)).not.toContain(villages[6]);
  expect(villages.map((v) => outcomes.find((o: any) => o.id === v))).toEqual([
    { id: villages[0], grade: 0, pct: -30 },
    { id: villages[1], grade: 1, pct: -20 },
    { id: villages[2], grade: 2, pct: -10 },
    { id: villages[3], grade: 3, pct: 0 },
    { id: villages[4], grade: 4, pct: 10 },
    { id: villages[5], grade: 5, pct: 20 },
  ]);
});

test('the allowance follows the grade after stars off and vetoes, not the points', async () => {
  t.clock.set(`${YEAR}-12-20`);
  const { station, villages } = await newStation(t, 2);
  const [lax, vetoed] = villages;
  await score(t, 't-confirmer', lax, crit['BRANCH.P'], `${YEAR}-11-01`, 4); // 40: four stars
  await score(t, 't-confirmer', lax, crit['BRANCH.S'], `${YEAR}-11-15`); // less one
  await score(t, 't-confirmer', vetoed, crit['BRANCH.P'], `${YEAR}-11-01`, 5); // 50: five stars
  await score(t, 't-confirmer', vetoed, crit['BRANCH.V'], `${YEAR}-12-01`); // vetoed
  t.clock.set(`${YEAR + 1}-01-10`);
  expect(await yearEnd(t, station, 'BRANCH')).toEqual(
    byId([
      { id: lax, grade: 3, pct: 0 },
      { id: vetoed, grade: 0, pct: -30 },
    ]),
  );
});

test('once the fourth quarter is fixed, its grades decide the year end: an entry for December recorded in January is refused, and the allowance stands', async () => {
  t.clock.set(`${YEAR}-12-20`);
  const { station, villages } = await newStation(t, 2);
  const [late, quiet] = villages;
  await score(t, 't-confirmer', late, crit['BRANCH.P'], `${YEAR}-12-01`, 3); // 30: three stars
  await score(t, 't-confirmer', quiet, crit['BRANCH.S'], `${YEAR}-12-02`); // docked: rated, no star
  // On the last day of the year nothing is fixed yet: the year end is the live grade.
  t.clock.set(`${YEAR}-12-31`);
  expect(await yearEnd(t, station, 'BRANCH')).toEqual(
    byId([
      { id: late, grade: 3, pct: 0 },
      { id: quiet, grade: 0, pct: -30 },
    ]),
  );
  t.clock.set(`${YEAR + 1}-01-01`);
  const fixed = await t.execute(FIX, { i: { unitId: station, subjectType: 'BRANCH', year: YEAR, quarter: 4 } });
  expect(fixed.data.fixStarGrades).toEqual({ fixed: 2, userErrors: [] });
  t.clock.set(`${YEAR + 1}-01-05`);
  const refused = await t.execute(RECORD, {
    i: { subjectId: late, criterionId: crit['BRANCH.P'], occurredOn: `${YEAR}-12-28`, quantity: 2 },
  });
  expect(refused.data.recordStarEntry.userErrors[0]).toMatchObject({
    code: 'INVALID_STATE',
    field: ['input', 'occurredOn'],
  });
  const live = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { starStanding(year: 2026) { score grade quarters { quarter grade } } } } }`,
    { u: late },
  );
  expect(live.data.node.starStanding).toEqual({ score: 30, grade: 3, quarters: [{ quarter: 4, grade: 3 }] });
  expect(await yearEnd(t, station, 'BRANCH')).toEqual(
    byId([
      { id: late, grade: 3, pct: 0 },
      { id: quiet, grade: 0, pct: -30 },
    ]),
  );
});

test("committees' service stars are listed at year end, without an allowance; members only at one star or none", async () => {
  t.clock.set(`${YEAR}-12-20`);
  const township = await createUnit(t, {
    code: `TC-YT${++seq}`,
    name: '年终镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  const { villages } = await newStation(t, 1, township);
  await score(t, 't-confirmer', township, crit['COMMITTEE.P'], `${YEAR}-12-01`, 4);
  expect(await yearEnd(t, township, 'COMMITTEE')).toEqual([{ id: township, grade: 4, pct: null }]);
  const member = async (name: string) =>
    (
      await t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
        i: {
          name,
          idCardNumber: idFor('1975-05-05', true, ++seq),
          category: 'RURAL',
          joinedOn: '2000-01-01',
          fullMemberSince: '2001-01-01',
          branchId: villages[0],
        },
      })
    ).data.createMember.member.id;
  const one = await member('一星党员');
  const two = await member('二星党员');
  await score(t, 't-confirmer', one, crit['MEMBER.P'], `${YEAR}-12-01`, 1);
  await score(t, 't-confirmer', two, crit['MEMBER.P'], `${YEAR}-12-01`, 2);
  t.clock.set(`${YEAR + 1}-01-10`);
  expect(await yearEnd(t, township, 'MEMBER')).toEqual([{ id: one, grade: 1, pct: null }]);
});

test("a subtree fixed only in part keeps every subject at year end: the fourth quarter's fixed grade where it was fixed, the live grade on 31 December elsewhere", async () => {
  t.clock.set(`${YEAR}-12-20`);
  const { station, villages } = await newStation(t, 2);
  const [fixedOne, liveOne] = villages;
  await score(t, 't-confirmer', fixedOne, crit['BRANCH.P'], `${YEAR}-12-01`, 2); // 20: two stars
  await score(t, 't-confirmer', liveOne, crit['BRANCH.P'], `${YEAR}-12-01`, 4); // 40: four stars
  t.clock.set(`${YEAR + 1}-01-02`);
  const fixed = await t.execute(FIX, { i: { unitId: fixedOne, subjectType: 'BRANCH', year: YEAR, quarter: 4 } });
  expect(fixed.data.fixStarGrades).toEqual({ fixed: 1, userErrors: [] });
  const r = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { starYearEnd(subjectType: BRANCH, year: 2026) { grade official allowancePercent subject { id } } } } }`,
    { u: station },
  );
  expect(r.data.node.starYearEnd.map((o: any) => [o.subject.id, o.grade, o.official, o.allowancePercent])).toEqual(
    expect.arrayContaining([
      [fixedOne, 2, true, -10],
      [liveOne, 4, false, 10],
    ]),
  );
  expect(r.data.node.starYearEnd).toHaveLength(2);
});

test('where star rating is switched off, nobody is listed unqualified or docked at year end and no grade is fixed, entries made while it was on included', async () => {
  t.clock.set(`${YEAR}-12-20`);
  const township = await createUnit(t, {
    code: `TC-YO${++seq}`,
    name: '未开展创星镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  const { villages } = await newStation(t, 1, township);
  await score(t, 't-confirmer', villages[0], crit['BRANCH.S'], `${YEAR}-12-01`); // no star: −30 % if it counted
  const member = (
    await t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
      i: {
        name: '停用镇党员',
        idCardNumber: idFor('1976-04-04', true, ++seq),
        category: 'RURAL',
        joinedOn: '2000-01-01',
        fullMemberSince: '2001-01-01',
        branchId: villages[0],
      },
    })
  ).data.createMember.member.id;
  await score(t, 't-confirmer', member, crit['MEMBER.S'], `${YEAR}-12-01`); // no star: unqualified if it counted
  await enableModule(t, township, 'star-rating', false);
  t.clock.set(`${YEAR + 1}-01-10`);
  const ids = async (subjectType: string) =>
    (await t.execute(YEAR_END, { u: tree.county, s: subjectType, y: YEAR })).data.node.starYearEnd.map(
      (o: any) => o.subject.id,
    );
  expect(await ids('BRANCH')).not.toContain(villages[0]);
  expect(await ids('MEMBER')).not.toContain(member);
  expect(await ids('COMMITTEE')).not.toContain(township);
  // Fixing the county's fourth quarter grades nothing under the township: switched back on, it has no official grade.
  await t.execute(FIX, { i: { unitId: tree.county, subjectType: 'BRANCH', year: YEAR, quarter: 4 } });
  // Switches have history and a year's grades follow the switch on its last day: switched back on from
  // 31 December (the year is still open), its entries made while it was on count again.
  const back = await t.execute(
    `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code message } } }`,
    { i: { unitId: township, module: 'star-rating', enabled: null, effectiveOn: `${YEAR}-12-31` } },
  );
  expect(back.data.setModuleEnabled.userErrors).toEqual([]);
  const standing = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { starStanding(year: 2026) { rated grade quarters { quarter } } } } }`,
    { u: villages[0] },
  );
  expect(standing.data.node.starStanding).toEqual({ rated: true, grade: 0, quarters: [] });
});

describe("a locality's policy", () => {
  test('the allowance percentages are six, from −100 to +100; the unqualified line is a grade', () => {
    const local = (section: unknown) => starPolicy({ ...defaultPolicy(), modules: { 'star-rating': section } });
    const rule = {
      ownGradeAtLeast: 5,
      memberGradeAtLeast: 4,
      memberShareAtLeast: 0.6,
      allowVetoedMembers: false,
      allowUnqualifiedMembers: false,
    };
    expect(local({})).toEqual({
      branchAllowancePercent: [-30, -20, -10, 0, 10, 20],
      unqualifiedAtOrBelow: 1,
      recordWithinMonthsAfter: 1,
      fixedQuarterCorrections: 'OPEN_QUARTER',
      modelStar: { BRANCH: rule, COMMITTEE: rule },
    });
    expect(local({ modelStar: { BRANCH: { ownGradeAtLeast: 4 } } }).modelStar).toEqual({
      BRANCH: { ...rule, ownGradeAtLeast: 4 },
      COMMITTEE: rule,
    });
    expect(() => local({ modelStar: { BRANCH: { memberShareAtLeast: 1.5 } } })).toThrow(
      /modelStar\.BRANCH\.memberShareAtLeast/,
    );
    expect(() => local({ fixedQuarterCorrections: 'LATER' })).toThrow(/fixedQuarterCorrections/);
    expect(local({ recordWithinMonthsAfter: null }).recordWithinMonthsAfter).toBeNull();
    expect(() => local({ branchAllowancePercent: [-30, -20, -10, 0, 10] })).toThrow(/branchAllowancePercent/);
    expect(() => local({ branchAllowancePercent: [-130, -20, -10, 0, 10, 20] })).toThrow(/branchAllowancePercent\.0/);
    expect(() => local({ unqualifiedAtOrBelow: 6 })).toThrow(/unqualifiedAtOrBelow/);
  });

  test('a deployment with its own percentages and unqualified line applies them at year end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'star-policy-'));
    const file = path.join(dir, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({
        modules: { 'star-rating': { branchAllowancePercent: [-50, -25, -5, 0, 5, 15], unqualifiedAtOrBelow: 2 } },
      }),
    );
    // The policy file is read when the app opens (src/app.ts), as in a deployment.
    const saved = process.env.JICENG_POLICY_FILE;
    process.env.JICENG_POLICY_FILE = file;
    const x = await createTestApp({ now: `${YEAR}-12-20` }).finally(() => {
      if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
      else process.env.JICENG_POLICY_FILE = saved;
    });
    try {
      const local = await setUp(x, 'L');
      const { station, villages } = await newStation(x, 3, local.county.township, 'LC');
      await score(x, 'l-confirmer', villages[0], local.crit['BRANCH.S'], `${YEAR}-12-01`);
      await score(x, 'l-confirmer', villages[1], local.crit['BRANCH.P'], `${YEAR}-12-01`, 2);
      await score(x, 'l-confirmer', villages[2], local.crit['BRANCH.P'], `${YEAR}-12-01`, 5);
      const m = await x.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
        i: {
          name: '二星党员',
          idCardNumber: idFor('1975-06-06', false, 400),
          category: 'RURAL',
          joinedOn: '2000-01-01',
          fullMemberSince: '2001-01-01',
          branchId: villages[0],
        },
      });
      const member = m.data.createMember.member.id;
      await score(x, 'l-confirmer', member, local.crit['MEMBER.P'], `${YEAR}-12-01`, 2);
      x.clock.set(`${YEAR + 1}-01-10`);
      expect(await yearEnd(x, station, 'BRANCH')).toEqual(
        byId([
          { id: villages[0], grade: 0, pct: -50 },
          { id: villages[1], grade: 2, pct: -5 },
          { id: villages[2], grade: 5, pct: 15 },
        ]),
      );
      // Two stars is at the line this deployment draws.
      expect(await yearEnd(x, station, 'MEMBER')).toEqual([{ id: member, grade: 2, pct: null }]);
    } finally {
      await x.close();
    }
  });
});
