import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Issue 15, items 11–13 and the colleagues' notes on schemes: who reads a scheme adopted above
 * (everyone it grades), copying and adopting schemes, when entries are recorded and what a fixed
 * quarter refuses, and the year-end model star (示范星). Each test builds its own units and sets its
 * own day.
 */
const YEAR = 2026;
let t: TestApp;
let seq = 0;

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) {
  scheme { id subjectType criteria { id code } } userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) {
  entry { id occurredOn points status evidence recordedAt } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { entry { status } userErrors { code field message } } }`;
const CORRECT = `mutation($i: StarEntryActionInput!) { correctStarEntry(input: $i) { entry { id occurredOn points evidence } userErrors { code field message } } }`;
const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed pendingLeftOut userErrors { code message } } }`;
const CONFIRM_MODEL = `mutation($i: ConfirmModelStarInput!) { confirmModelStar(input: $i) {
  modelStar { id year grade members membersAtOrAbove memberShare reasons note confirmedOn subject { id } county { id } }
  userErrors { code field message } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: `${YEAR}-11-25` });
});
afterAll(() => t?.close());

/** A county (under a city when asked) with star rating on and a confirmer account; codes `${prefix}C…`. */
async function county(prefix: string, o: { city?: boolean } = {}) {
  const tree = await smallCounty(t, prefix);
  let city: string | null = null;
  if (o.city) {
    city = await createUnit(t, {
      code: `${prefix}CITY`,
      name: '测试市委',
      kind: 'CITY_COMMITTEE',
      establishedOn: '2000-01-01',
    });
    const moved = await t.execute(
      `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
      { i: { id: tree.county, newParentId: city } },
    );
    expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  }
  await enableModule(t, city ?? tree.county, 'star-rating');
  const confirmer = `${prefix.toLowerCase()}-confirmer`;
  await accountWith(t, confirmer, Role.SECRETARY, tree.county);
  return { ...tree, city, confirmer };
}

/**
 * A scheme adopted at `unitId` with criteria P (10 a unit), S (a star off) and V (veto); returns
 * criterion ids by code.
 */
async function scheme(unitId: string, subjectType: string, year = YEAR) {
  const r = await t.execute(SCHEME, {
    i: {
      unitId,
      year,
      subjectType,
      name: `${subjectType}方案`,
      thresholds: [10, 20, 30, 40, 50],
      criteria: [
        { code: 'P', title: '三会一课', kind: 'REGULAR', points: 10, perQuantity: true },
        { code: 'S', title: '软弱涣散', kind: 'DEDUCTION', points: 0, starsOff: 1 },
        { code: 'V', title: '重大问题', kind: 'VETO', points: 0 },
      ],
    },
  });
  expect(r.data.createStarScheme.userErrors).toEqual([]);
  const ids: Record<string, string> = Object.fromEntries(
    r.data.createStarScheme.scheme.criteria.map((c: any) => [c.code, c.id]),
  );
  return { id: r.data.createStarScheme.scheme.id as string, P: ids.P, S: ids.S, V: ids.V };
}

async function member(branchId: string): Promise<string> {
  const r = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: `党员${++seq}`,
        idCardNumber: idFor('1979-03-03', seq % 2 === 0, seq),
        category: 'RURAL',
        joinedOn: '2000-01-01',
        fullMemberSince: '2001-01-01',
        branchId,
      },
    },
  );
  expect(r.data.createMember.userErrors).toEqual([]);
  return r.data.createMember.member.id;
}

/** Records (as the administrator) and confirms (as the county's secretary) an entry, on the clock's day. */
async function score(confirmer: string, subjectId: string, criterionId: string, occurredOn: string, quantity = 1) {
  const r = await t.execute(RECORD, { i: { subjectId, criterionId, occurredOn, quantity } });
  expect(r.data.recordStarEntry.userErrors).toEqual([]);
  const c = await (await t.as(confirmer))(CONFIRM, { i: { entryId: r.data.recordStarEntry.entry.id } });
  expect(c.data.confirmStarEntry.userErrors).toEqual([]);
  return r.data.recordStarEntry.entry.id as string;
}

describe('a scheme is read by everyone it grades (item 12)', () => {
  test("county staff read the city's branch and committee schemes through starScheme and node(id), and record fortress-star entries with them; another city's county does not", async () => {
    t.clock.set(`${YEAR}-11-25`);
    const c = await county('SA', { city: true });
    const branchScheme = await scheme(c.city!, 'BRANCH');
    const committeeScheme = await scheme(c.city!, 'COMMITTEE');
    await accountWith(t, 'sa-county-analyst', Role.ANALYST, c.county);
    await accountWith(t, 'sa-sec-v1', Role.SECRETARY, c.village1);
    const m = await member(c.village1);
    await accountWith(t, 'sa-member', Role.MEMBER, c.village1, m);
    const USED = `query($u: ID!, $s: StarSubjectType!) { node(id: $u) { ... on OrgUnit { starScheme(year: 2026, subjectType: $s) { id criteria { code } } } } }`;
    const NODE = `query($id: ID!) { node(id: $id) { ... on StarScheme { id } } }`;
    const analyst = await t.as('sa-county-analyst');
    expect((await analyst(USED, { u: c.village1, s: 'BRANCH' })).data.node.starScheme).toEqual({
      id: branchScheme.id,
      criteria: [{ code: 'P' }, { code: 'S' }, { code: 'V' }],
    });
    expect((await analyst(USED, { u: c.township, s: 'COMMITTEE' })).data.node.starScheme.id).toBe(committeeScheme.id);
    for (const viewer of ['sa-county-analyst', 'sa-sec-v1', 'sa-member'])
      expect((await (await t.as(viewer))(NODE, { id: branchScheme.id })).data.node).toEqual({ id: branchScheme.id });
    // The county's secretary records a fortress-star entry for a village with the city's criterion.
    const entry = await (
      await t.as('sa-confirmer')
    )(RECORD, {
      i: { subjectId: c.village1, criterionId: branchScheme.P, occurredOn: `${YEAR}-11-20`, quantity: 2 },
    });
    expect(entry.data.recordStarEntry.userErrors).toEqual([]);
    // A county under another city is not graded by it: null, as for an object that does not exist.
    const other = await county('SB', { city: true });
    await accountWith(t, 'sb-county-analyst', Role.ANALYST, other.county);
    expect((await (await t.as('sb-county-analyst'))(NODE, { id: branchScheme.id })).data.node).toBeNull();
  });

  test("a county's own scheme is read under that county only, not by a sibling county under the same city", async () => {
    t.clock.set(`${YEAR}-11-25`);
    const c = await county('SC', { city: true });
    const own = await scheme(c.county, 'MEMBER');
    const sibling = await createUnit(t, {
      code: 'SD',
      name: '邻县县委',
      kind: 'COUNTY_COMMITTEE',
      parentId: c.city,
      establishedOn: '2000-01-01',
    });
    await accountWith(t, 'sd-analyst', Role.ANALYST, sibling);
    await accountWith(t, 'sc-staff', Role.STATION_STAFF, c.stationA);
    const NODE = `query($id: ID!) { node(id: $id) { ... on StarScheme { id } } }`;
    expect((await (await t.as('sc-staff'))(NODE, { id: own.id })).data.node).toEqual({ id: own.id });
    expect((await (await t.as('sd-analyst'))(NODE, { id: own.id })).data.node).toBeNull();
  });
});

describe("adopting and copying schemes (colleagues' notes)", () => {
  test('copyFromId with criteria, or from another kind of subject, is refused; nothing is written', async () => {
    t.clock.set(`${YEAR}-11-25`);
    const c = await county('CA');
    const memberScheme = await scheme(c.county, 'MEMBER');
    const base = { unitId: c.township, year: YEAR, name: '镇方案', thresholds: [10, 20, 30, 40, 50] };
    const both = await t.execute(SCHEME, {
      i: {
        ...base,
        subjectType: 'MEMBER',
        copyFromId: memberScheme.id,
        criteria: [{ code: 'X', title: 'x', kind: 'REGULAR', points: 1 }],
      },
    });
    expect(both.data.createStarScheme.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'criteria'],
    });
    const across = await t.execute(SCHEME, { i: { ...base, subjectType: 'BRANCH', copyFromId: memberScheme.id } });
    expect(across.data.createStarScheme.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'copyFromId'],
    });
    const USED = `query($u: ID!) { node(id: $u) { ... on OrgUnit { m: starScheme(year: 2026, subjectType: MEMBER) { id } b: starScheme(year: 2026, subjectType: BRANCH) { id } } } }`;
    expect((await t.execute(USED, { u: c.village1 })).data.node).toEqual({ m: { id: memberScheme.id }, b: null });
  });

  test("a township cannot adopt a scheme for a year once its subjects' entries of that year count under another; next year it may", async () => {
    t.clock.set(`${YEAR}-11-25`);
    const c = await county('CB');
    const countyScheme = await scheme(c.county, 'MEMBER');
    const m = await member(c.village1);
    await score(c.confirmer, m, countyScheme.P, `${YEAR}-11-20`, 2);
    const adopt = (year: number) =>
      t.execute(SCHEME, {
        i: {
          unitId: c.township,
          year,
          subjectType: 'MEMBER',
          name: '镇方案',
          thresholds: [1, 2, 3, 4, 5],
          criteria: [{ code: 'X', title: 'x', kind: 'REGULAR', points: 1 }],
        },
      });
    const refused = await adopt(YEAR);
    expect(refused.data.createStarScheme.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'unitId'],
      message: expect.stringContaining('2026 年已有 1 条积分记录登记在另一方案下'),
    });
    // The member is still graded by the county's scheme and its thresholds (20 points: two stars).
    const STANDING = `query($id: ID!) { node(id: $id) { ... on Member { starStanding(year: 2026) { score grade } } } }`;
    expect((await t.execute(STANDING, { id: m })).data.node.starStanding).toEqual({ score: 20, grade: 2 });
    expect((await adopt(YEAR + 1)).data.createStarScheme.userErrors).toEqual([]);
  });
});

describe('when entries are recorded (item 13)', () => {
  test('every entry shows when it was recorded; one is recorded by the end of the month after its month, not a day later', async () => {
    const c = await county('EA');
    const s = await scheme(c.county, 'BRANCH');
    t.clock.set(`${YEAR}-04-30T23:59:00+08:00`);
    const inTime = await t.execute(RECORD, {
      i: { subjectId: c.village1, criterionId: s.P, occurredOn: `${YEAR}-03-01`, quantity: 1 },
    });
    expect(inTime.data.recordStarEntry.entry).toMatchObject({
      occurredOn: `${YEAR}-03-01`,
      recordedAt: new Date('2026-04-30T15:59:00.000Z'),
    });
    t.clock.set(`${YEAR}-05-01T00:00:00+08:00`);
    const late = await t.execute(RECORD, {
      i: { subjectId: c.village1, criterionId: s.P, occurredOn: `${YEAR}-03-31`, quantity: 1 },
    });
    expect(late.data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'occurredOn'],
      message: expect.stringContaining(`${YEAR}-03 的积分应在 ${YEAR}-04-30 前登记`),
    });
    expect(
      (
        await t.execute(RECORD, {
          i: { subjectId: c.village1, criterionId: s.P, occurredOn: `${YEAR}-04-01`, quantity: 1 },
        })
      ).data.recordStarEntry.userErrors,
    ).toEqual([]);
  });

  test('a fixed quarter refuses new entries and confirmations; its pending entries are reported when it is fixed; a correction goes into the open quarter and the fixed grade stands', async () => {
    const c = await county('EB');
    const s = await scheme(c.county, 'BRANCH');
    t.clock.set(`${YEAR}-09-10`);
    const wrong = await score(c.confirmer, c.village1, s.P, `${YEAR}-09-10`, 3); // 30: three stars
    t.clock.set(`${YEAR}-09-28`);
    const pending = await t.execute(RECORD, {
      i: { subjectId: c.village1, criterionId: s.P, occurredOn: `${YEAR}-09-28`, quantity: 1 },
    });
    t.clock.set(`${YEAR}-10-05`);
    const fixed = await t.execute(FIX, { i: { unitId: c.county, subjectType: 'BRANCH', year: YEAR, quarter: 3 } });
    // Village 1 is the only branch of the county with a score book; the entry still awaiting confirmation is left out.
    expect(fixed.data.fixStarGrades).toEqual({ fixed: 1, pendingLeftOut: 1, userErrors: [] });
    const lateConfirm = await (
      await t.as(c.confirmer)
    )(CONFIRM, {
      i: { entryId: pending.data.recordStarEntry.entry.id },
    });
    expect(lateConfirm.data.confirmStarEntry.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'entryId'],
    });
    // Within its recording window, an entry for the fixed quarter is refused; one for the open quarter is not.
    const backdated = await t.execute(RECORD, {
      i: { subjectId: c.village1, criterionId: s.P, occurredOn: `${YEAR}-09-30`, quantity: 1 },
    });
    expect(backdated.data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'occurredOn'],
    });
    // A village with no entry had no grade fixed, but its quarter is fixed all the same.
    const unrated = await t.execute(RECORD, {
      i: { subjectId: c.village2, criterionId: s.P, occurredOn: `${YEAR}-09-30`, quantity: 1 },
    });
    expect(unrated.data.recordStarEntry.userErrors[0].code).toBe('INVALID_STATE');
    // The September entry was wrong: its correction is booked today, in the open fourth quarter.
    const corr = await t.execute(CORRECT, { i: { entryId: wrong, reason: '重复记分' } });
    expect(corr.data.correctStarEntry.userErrors).toEqual([]);
    expect(corr.data.correctStarEntry.entry).toMatchObject({
      occurredOn: `${YEAR}-10-05`,
      points: -30,
      evidence: expect.stringContaining(`${YEAR}-09-10`),
    });
    await (
      await t.as(c.confirmer)
    )(CONFIRM, { i: { entryId: corr.data.correctStarEntry.entry.id } });
    const STANDING = `query($u: ID!) { node(id: $u) { ... on OrgUnit { starStanding(year: 2026) { rated score grade quarters { quarter score grade } } } } }`;
    expect((await t.execute(STANDING, { u: c.village1 })).data.node.starStanding).toEqual({
      rated: true,
      score: 0,
      grade: 0,
      quarters: [{ quarter: 3, score: 30, grade: 3 }],
    });
  });

  test('a deployment may refuse corrections of fixed quarters, and lift the recording window', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'star-entries-'));
    const file = path.join(dir, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({
        modules: { 'star-rating': { fixedQuarterCorrections: 'REFUSE', recordWithinMonthsAfter: null } },
      }),
    );
    const saved = process.env.JICENG_POLICY_FILE;
    process.env.JICENG_POLICY_FILE = file;
    const x = await createTestApp({ now: `${YEAR}-09-10` }).finally(() => {
      if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
      else process.env.JICENG_POLICY_FILE = saved;
    });
    try {
      const c = await smallCounty(x, 'EC');
      await enableModule(x, c.county, 'star-rating');
      const r = await x.execute(SCHEME, {
        i: {
          unitId: c.county,
          year: YEAR,
          subjectType: 'BRANCH',
          name: '方案',
          thresholds: [10, 20, 30, 40, 50],
          criteria: [{ code: 'P', title: '三会一课', kind: 'REGULAR', points: 10, perQuantity: true }],
        },
      });
      const p = r.data.createStarScheme.scheme.criteria[0].id;
      await accountWith(x, 'ec-confirmer', Role.SECRETARY, c.county);
      const entry = (
        await x.execute(RECORD, {
          i: { subjectId: c.village1, criterionId: p, occurredOn: `${YEAR}-09-10`, quantity: 1 },
        })
      ).data.recordStarEntry.entry.id;
      await (
        await x.as('ec-confirmer')
      )(CONFIRM, { i: { entryId: entry } });
      x.clock.set(`${YEAR}-11-25`);
      // No window: an entry for July recorded in November is accepted (its quarter is open).
      const old = await x.execute(RECORD, {
        i: { subjectId: c.village2, criterionId: p, occurredOn: `${YEAR}-07-01`, quantity: 1 },
      });
      expect(old.data.recordStarEntry.userErrors).toEqual([]);
      await x.execute(FIX, { i: { unitId: c.county, subjectType: 'BRANCH', year: YEAR, quarter: 3 } });
      const corr = await x.execute(CORRECT, { i: { entryId: entry, reason: '重复记分' } });
      expect(corr.data.correctStarEntry.userErrors[0]).toMatchObject({
        code: 'INVALID_STATE',
        message: expect.stringContaining('fixedQuarterCorrections：REFUSE'),
      });
    } finally {
      await x.close();
    }
  });
});

describe('the model star (示范星, item 11)', () => {
  /**
   * A county's 2026: branch scheme, member scheme and committee scheme at the county. Village 1: five
   * stars, its five members at 4★ or more except two at 3★ (3 of 5 = 60 %, the rule's edge). Village
   * 2: five stars, its members all 5★ but one at 1★ (unqualified). Village 3: four stars, members 5★.
   * The township: five service stars, its members (those of the three villages) 9 of 12 at 4★ or more
   * but one unqualified.
   */
  async function year2026(prefix: string) {
    t.clock.set(`${YEAR}-12-10`);
    const c = await county(prefix);
    const [b, m, k] = [
      await scheme(c.county, 'BRANCH'),
      await scheme(c.county, 'MEMBER'),
      await scheme(c.county, 'COMMITTEE'),
    ];
    const members = async (branch: string, stars: number[]) => {
      for (const q of stars) await score(c.confirmer, await member(branch), m.P, `${YEAR}-12-01`, q);
    };
    await score(c.confirmer, c.village1, b.P, `${YEAR}-12-01`, 5);
    await members(c.village1, [5, 4, 4, 3, 3]);
    await score(c.confirmer, c.village2, b.P, `${YEAR}-12-01`, 5);
    await members(c.village2, [5, 5, 5, 1]);
    await score(c.confirmer, c.village3, b.P, `${YEAR}-12-01`, 4);
    await members(c.village3, [5, 5, 5]);
    await score(c.confirmer, c.township, k.P, `${YEAR}-12-01`, 5);
    return c;
  }
  const CANDIDATES = `query($u: ID!, $s: StarSubjectType!) { node(id: $u) { ... on OrgUnit {
    modelStarCandidates(subjectType: $s, year: 2026) { position grade members membersAtOrAbove memberShare reasons subject { id } modelStar { id } } } } }`;

  test('the rule proposes from its own grade and its members’ grades, at the edge of the share; the county confirms after the year ends, with reasons; listed and ranked', async () => {
    const c = await year2026('MA');
    const candidates = async () =>
      (await t.execute(CANDIDATES, { u: c.county, s: 'BRANCH' })).data.node.modelStarCandidates;
    // Only village 1: village 2 has an unqualified member, village 3 only four stars.
    const [v1] = await candidates();
    expect(await candidates()).toHaveLength(1);
    expect(v1).toMatchObject({
      position: 1,
      grade: 5,
      members: 5,
      membersAtOrAbove: 3,
      memberShare: 0.6,
      subject: { id: c.village1 },
      modelStar: null,
    });
    expect(v1.reasons).toEqual([
      expect.stringContaining('堡垒星5星'),
      expect.stringContaining('3/5'),
      '无否决党员 — no member vetoed',
      '无1星及以下党员 — no member at 1★ or below',
    ]);
    // The township is kept out by village 2's unqualified member.
    expect((await t.execute(CANDIDATES, { u: c.county, s: 'COMMITTEE' })).data.node.modelStarCandidates).toEqual([]);
    const input = { subjectId: c.village1, year: YEAR, note: '经县委组织部综合评定，同意' };
    // On 31 December the year has not ended.
    t.clock.set(`${YEAR}-12-31T23:00:00+08:00`);
    expect(
      (await (await t.as(c.confirmer))(CONFIRM_MODEL, { i: input })).data.confirmModelStar.userErrors[0],
    ).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'year'],
    });
    t.clock.set(`${YEAR + 1}-01-15`);
    // Not the township or the station: the county confirms.
    await accountWith(t, 'ma-township', Role.SECRETARY, c.township);
    expect(codeOf(await (await t.as('ma-township'))(CONFIRM_MODEL, { i: input }))).toBe('FORBIDDEN');
    const refused = await (await t.as(c.confirmer))(CONFIRM_MODEL, { i: { ...input, subjectId: c.village2 } });
    expect(refused.data.confirmModelStar.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('1星及以下党员1名'),
    });
    const ok = await (await t.as(c.confirmer))(CONFIRM_MODEL, { i: input });
    expect(ok.data.confirmModelStar.userErrors).toEqual([]);
    expect(ok.data.confirmModelStar.modelStar).toMatchObject({
      year: YEAR,
      grade: 5,
      members: 5,
      membersAtOrAbove: 3,
      memberShare: 0.6,
      note: '经县委组织部综合评定，同意',
      confirmedOn: `${YEAR + 1}-01-15`,
      subject: { id: c.village1 },
      county: { id: c.county },
      reasons: v1.reasons,
    });
    expect(
      (await (await t.as(c.confirmer))(CONFIRM_MODEL, { i: input })).data.confirmModelStar.userErrors[0].code,
    ).toBe('CONFLICT');
    const listed = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { modelStars(year: 2026) { position modelStar { subject { id } } } } } }`,
      { u: c.township },
    );
    expect(listed.data.node.modelStars).toEqual([{ position: 1, modelStar: { subject: { id: c.village1 } } }]);
    expect((await candidates())[0].modelStar).toEqual({ id: ok.data.confirmModelStar.modelStar.id });
  });

  test('a locality’s rule: with the unqualified condition lifted and four stars enough, more are proposed, ranked by grade, then members’ share', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'star-model-'));
    const file = path.join(dir, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({
        modules: { 'star-rating': { modelStar: { BRANCH: { ownGradeAtLeast: 4, allowUnqualifiedMembers: true } } } },
      }),
    );
    const saved = process.env.JICENG_POLICY_FILE;
    process.env.JICENG_POLICY_FILE = file;
    const local = await createTestApp({ now: `${YEAR}-12-10` }).finally(() => {
      if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
      else process.env.JICENG_POLICY_FILE = saved;
    });
    const outer = t;
    t = local;
    try {
      const c = await year2026('MB');
      const list = (await t.execute(CANDIDATES, { u: c.county, s: 'BRANCH' })).data.node.modelStarCandidates;
      // Village 2 (5★, 75 %) before village 1 (5★, 60 %); village 3 (4★, 100 %) last.
      expect(list.map((x: any) => [x.position, x.subject.id, x.grade, x.memberShare])).toEqual([
        [1, c.village2, 5, 0.75],
        [2, c.village1, 5, 0.6],
        [3, c.village3, 4, 1],
      ]);
    } finally {
      t = outer;
      await local.close();
    }
  });
});
