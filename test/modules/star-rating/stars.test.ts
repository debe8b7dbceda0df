import { Role } from '../../../src/auth/roles';
import { decodeIntId } from '../../../src/graphql/global-id';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let year: number;
let lastYear: number;
const members: string[] = [];
const crit: Record<string, string> = {};
const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { id criteria { id code } } userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id points status } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { entry { status } userErrors { code message } } }`;
const STANDING = `query($id: ID!, $y: Int!) { node(id: $id) { ... on Member { starStanding(year: $y) { score grade vetoed starsOff monthly { month points } quarters { quarter grade } } } } }`;

/** Records and confirms (as the township) an entry; returns its id. */
async function score(subject: string, code: string, day: string, quantity = 1) {
  const r = await (
    await t.as('sec-v1')
  )(RECORD, { i: { subjectId: subject, criterionId: crit[code], occurredOn: day, quantity } });
  if (r.data?.recordStarEntry?.userErrors?.length || r.errors)
    throw new Error(JSON.stringify(r.errors ?? r.data.recordStarEntry.userErrors));
  const id = r.data.recordStarEntry.entry.id;
  const c = await (await t.as('township'))(CONFIRM, { i: { entryId: id } });
  if (c.data?.confirmStarEntry?.userErrors?.length || c.errors)
    throw new Error(JSON.stringify(c.errors ?? c.data.confirmStarEntry.userErrors));
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  year = Number(t.today.slice(0, 4));
  lastYear = year - 1;
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "star-rating", enabled: true }) { userErrors { code } } }`,
    { u: tree.county },
  );
  for (let i = 0; i < 4; i++) {
    const r = await t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
      i: {
        name: `党员${i}`,
        idCardNumber: idFor('1980-01-01', true, 100 + i),
        category: i === 3 ? 'COMMUNITY' : 'RURAL',
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        branchId: tree.village1,
      },
    });
    members.push(r.data.createMember.member.id);
  }
  await t.app.db.transaction(async (tx) => {
    for (const [username, unit] of [
      ['sec-v1', tree.village1],
      ['township', tree.township],
    ] as const) {
      const a = await t.app.auth.createAccount(tx, {
        username,
        displayName: username,
        password: 'long-enough-password',
        memberId: null,
      });
      await t.app.auth.grant(tx, a.id, decodeIntId(unit, 'OrgUnit'), Role.SECRETARY, null);
    }
  });
  for (const y of [lastYear, year]) {
    const r = await t.execute(SCHEME, {
      i: {
        unitId: tree.county,
        year: y,
        subjectType: 'MEMBER',
        name: '先锋星',
        thresholds: [10, 20, 30, 40, 50],
        criteria: [
          { code: 'A', title: '参加组织生活', kind: 'REGULAR', points: 4, perQuantity: true, cap: 20 },
          { code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 },
          { code: 'R', title: '带头致富（农村）', kind: 'REGULAR', points: 5, memberCategory: 'RURAL' },
          { code: 'D', title: '无故缺席', kind: 'DEDUCTION', points: -3, perQuantity: true },
          { code: 'S', title: '不按时交纳党费', kind: 'DEDUCTION', points: 0, starsOff: 1 },
          { code: 'V', title: '受到处分', kind: 'VETO', points: 0 },
        ],
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    if (y === year) for (const c of r.data.createStarScheme.scheme.criteria) crit[c.code] = c.id;
    else for (const c of r.data.createStarScheme.scheme.criteria) crit[`last${c.code}`] = c.id;
  }
});
afterAll(() => t?.close());

describe('schemes', () => {
  test('thresholds rise; codes are unique; one scheme per unit, year and subject; units below use the nearest', async () => {
    const bad = await t.execute(SCHEME, {
      i: {
        unitId: tree.township,
        year,
        subjectType: 'MEMBER',
        name: 'x',
        thresholds: [10, 5, 30, 40, 50],
        criteria: [{ code: 'A', title: 'a', kind: 'REGULAR', points: 1 }],
      },
    });
    expect(bad.data.createStarScheme.userErrors[0].field).toEqual(['input', 'thresholds']);
    const dup = await t.execute(SCHEME, {
      i: {
        unitId: tree.county,
        year,
        subjectType: 'MEMBER',
        name: 'x',
        thresholds: [1, 2, 3, 4, 5],
        criteria: [{ code: 'A', title: 'a', kind: 'REGULAR', points: 1 }],
      },
    });
    expect(dup.data.createStarScheme.userErrors[0].code).toBe('CONFLICT');
    const used = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { starScheme(year: $y, subjectType: MEMBER) { name unit { code } } } } }`,
      { u: tree.village1, y: year },
    );
    expect(used.data.node.starScheme).toEqual({ name: '先锋星', unit: { code: 'TC' } });
  });
});

describe('the arithmetic', () => {
  test("per-quantity points up to the year's cap, fixed points, only confirmed entries count", async () => {
    const m = members[0];
    await score(m, 'A', `${year}-01-10`, 3); // 12
    await score(m, 'A', `${year}-02-10`, 3); // 12 more, capped at 20
    await score(m, 'B', `${year}-02-15`); // 10
    const pending = await (
      await t.as('sec-v1')
    )(RECORD, { i: { subjectId: m, criterionId: crit.B, occurredOn: `${year}-02-16`, quantity: 1 } });
    expect(pending.data.recordStarEntry.entry).toMatchObject({ points: 10, status: 'RECORDED' });
    const s = (await t.execute(STANDING, { id: m, y: year })).data.node.starStanding;
    expect(s).toMatchObject({ score: 30, grade: 3, vetoed: false, starsOff: 0 });
    expect(s.monthly).toEqual([
      { month: 1, points: 12 },
      { month: 2, points: 22 },
    ]);
  });

  test('deductions take points or stars; a veto makes the grade zero whatever the points', async () => {
    await score(members[1], 'B', `${year}-01-05`);
    await score(members[1], 'B', `${year}-01-06`);
    await score(members[1], 'B', `${year}-01-07`); // 30 → 3 stars
    await score(members[1], 'D', `${year}-01-08`, 2); // −6 → 24 → 2 stars
    expect((await t.execute(STANDING, { id: members[1], y: year })).data.node.starStanding).toMatchObject({
      score: 24,
      grade: 2,
    });
    await score(members[1], 'S', `${year}-01-09`); // one star off
    expect((await t.execute(STANDING, { id: members[1], y: year })).data.node.starStanding).toMatchObject({
      score: 24,
      grade: 1,
      starsOff: 1,
    });
    await score(members[2], 'B', `${year}-01-05`);
    await score(members[2], 'B', `${year}-01-06`);
    await score(members[2], 'V', `${year}-01-07`);
    expect((await t.execute(STANDING, { id: members[2], y: year })).data.node.starStanding).toMatchObject({
      score: 20,
      grade: 0,
      vetoed: true,
    });
  });

  test('a criterion for one member category does not apply to another', async () => {
    const r = await (
      await t.as('sec-v1')
    )(RECORD, { i: { subjectId: members[3], criterionId: crit.R, occurredOn: `${year}-01-05`, quantity: 1 } });
    expect(r.data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('RURAL'),
    });
  });

  test('everything starts again each year (年底清零)', async () => {
    const r = await (
      await t.as('sec-v1')
    )(RECORD, { i: { subjectId: members[3], criterionId: crit.lastA, occurredOn: `${lastYear}-11-05`, quantity: 5 } });
    await (
      await t.as('township')
    )(CONFIRM, { i: { entryId: r.data.recordStarEntry.entry.id } });
    expect((await t.execute(STANDING, { id: members[3], y: lastYear })).data.node.starStanding).toMatchObject({
      score: 20,
      grade: 2,
    });
    expect((await t.execute(STANDING, { id: members[3], y: year })).data.node.starStanding).toMatchObject({
      score: 0,
      grade: 0,
    });
  });
});

describe('confirmation and corrections', () => {
  test('confirmed by the level above, never by the recorder or the branch itself; corrections reverse', async () => {
    const sec = await t.as('sec-v1');
    const r = await sec(RECORD, {
      i: { subjectId: members[3], criterionId: crit.B, occurredOn: `${year}-03-01`, quantity: 1 },
    });
    const id = r.data.recordStarEntry.entry.id;
    expect(codeOf(await sec(CONFIRM, { i: { entryId: id } }))).toBe('FORBIDDEN');
    await (
      await t.as('township')
    )(CONFIRM, { i: { entryId: id } });
    expect(
      (await (await t.as('township'))(CONFIRM, { i: { entryId: id } })).data.confirmStarEntry.userErrors[0].code,
    ).toBe('INVALID_STATE');
    expect((await t.execute(STANDING, { id: members[3], y: year })).data.node.starStanding.score).toBe(10);
    const corr = await sec(
      `mutation($i: StarEntryActionInput!) { correctStarEntry(input: $i) { entry { id points status } userErrors { code } } }`,
      { i: { entryId: id, reason: '记错了对象' } },
    );
    expect(corr.data.correctStarEntry.entry).toMatchObject({ points: -10, status: 'RECORDED' });
    await (
      await t.as('township')
    )(CONFIRM, { i: { entryId: corr.data.correctStarEntry.entry.id } });
    expect((await t.execute(STANDING, { id: members[3], y: year })).data.node.starStanding.score).toBe(0);
    const twice = await sec(
      `mutation($i: StarEntryActionInput!) { correctStarEntry(input: $i) { userErrors { code } } }`,
      { i: { entryId: id, reason: 'again' } },
    );
    expect(twice.data.correctStarEntry.userErrors[0].code).toBe('CONFLICT');
  });
});

describe('rankings, distribution and the quarter freeze', () => {
  test('ties share a position', async () => {
    await score(members[3], 'B', `${year}-01-20`); // 10
    await score(members[3], 'B', `${year}-01-21`); // 20
    await score(members[3], 'B', `${year}-01-22`); // 30: ties with members[0]
    const r = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { starRanking(subjectType: MEMBER, year: $y) { total entries { position score grade subject { ... on Member { name } } } }
      starDistribution(subjectType: MEMBER, year: $y) { grade count } } } }`,
      { u: tree.village1, y: year },
    );
    const ranking = r.data.node.starRanking;
    expect(ranking.total).toBe(4);
    expect(ranking.entries.map((e: any) => [e.position, e.score])).toEqual([
      [1, 30],
      [1, 30],
      [3, 24],
      [4, 20],
    ]);
    expect(r.data.node.starDistribution).toEqual([
      { grade: 0, count: 1 },
      { grade: 1, count: 1 },
      { grade: 2, count: 0 },
      { grade: 3, count: 2 },
      { grade: 4, count: 0 },
      { grade: 5, count: 0 },
    ]);
  });

  test("last year's fourth-quarter grades are fixed and kept; later entries do not change them", async () => {
    const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed userErrors { code } } }`;
    const early = await (
      await t.as('township')
    )(FIX, { i: { unitId: tree.township, subjectType: 'MEMBER', year, quarter: 4 } });
    expect(early.data.fixStarGrades.userErrors[0].code).toBe('INVALID_STATE');
    const fixed = await (
      await t.as('township')
    )(FIX, { i: { unitId: tree.township, subjectType: 'MEMBER', year: lastYear, quarter: 4 } });
    expect(fixed.data.fixStarGrades).toEqual({ fixed: 4, userErrors: [] });
    // A late entry for last December changes the live score, not the grade fixed at the quarter's end.
    await score(members[3], 'lastB', `${lastYear}-12-20`);
    const q = await t.execute(
      `query($id: ID!, $y: Int!) { node(id: $id) { ... on Member { starStanding(year: $y) { score quarters { quarter score grade } } } } }`,
      { id: members[3], y: lastYear },
    );
    expect(q.data.node.starStanding).toEqual({ score: 30, quarters: [{ quarter: 4, score: 20, grade: 2 }] });
    expect(
      (
        await (
          await t.as('township')
        )(FIX, { i: { unitId: tree.township, subjectType: 'MEMBER', year: lastYear, quarter: 4 } })
      ).data.fixStarGrades.fixed,
    ).toBe(0);
  });

  test('year-end lists: members at one star or none, for review by people', async () => {
    const r = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { starYearEnd(subjectType: MEMBER, year: $y) { grade subject { ... on Member { name status } } } } } }`,
      { u: tree.village1, y: year },
    );
    expect(r.data.node.starYearEnd.map((o: any) => [o.subject.name, o.grade, o.subject.status])).toEqual([
      ['党员1', 1, 'FULL'],
      ['党员2', 0, 'FULL'],
    ]);
  });
});

test('ranking and distribution over the county: bounded statements, independent of size', async () => {
  const measure = async (seed: 'demo' | 'demo-x3') => {
    const x = await createTestApp({ seed });
    try {
      const y = Number(x.today.slice(0, 4));
      const r = await x.execute(
        `query($y: Int!) { orgUnit(code: "JB01") {
        starRanking(subjectType: MEMBER, year: $y, first: 20) { total entries { position score grade subject { id } } }
        starDistribution(subjectType: BRANCH, year: $y) { grade count }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { starDistribution(subjectType: MEMBER, year: $y) { grade count } } } } }`,
        { y },
      );
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return { sql: r.sql, total: r.data.orgUnit.starRanking.total, dist: r.data.orgUnit.starDistribution };
    } finally {
      await x.close();
    }
  };
  const small = await measure('demo');
  const large = await measure('demo-x3');
  expect(small.dist.reduce((n: number, d: any) => n + d.count, 0)).toBeGreaterThan(50);
  expect(large.total).toBeGreaterThan(small.total * 2);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(10);
  // eslint-disable-next-line no-console
  console.info(
    `star ranking + distributions: ${small.sql} statements for ${small.total} members ranked; ${large.sql} for ${large.total}`,
  );
});
