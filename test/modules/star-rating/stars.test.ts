import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * The score book and what follows from it. The clock stands on a fixed day of 2026 (set before each
 * test) and every year is written out: nothing here depends on the day the suite runs. Entries are
 * recorded and confirmed on the day they occur (`score` moves the clock there and back), as the
 * score book is kept (一月一汇总: an entry is recorded by the end of the next month, policy). Each
 * test works in a village of its own, so rankings and lists count only what that test recorded.
 */
const TODAY = '2026-11-25';
const YEAR = 2026;
const LAST_YEAR = 2025;

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
/** Criterion ids of the county's member schemes: `A`… for 2026, `lastA`… for 2025. */
const crit: Record<string, string> = {};
let seq = 0;

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { id criteria { id code } } userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id points status } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { entry { status } userErrors { code message } } }`;
const CORRECT = `mutation($i: StarEntryActionInput!) { correctStarEntry(input: $i) { entry { id points status } userErrors { code } } }`;
const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed pendingLeftOut userErrors { code message } } }`;
const STANDING = `query($id: ID!, $y: Int!) { node(id: $id) { ... on Member { starStanding(year: $y) { rated score grade vetoed starsOff monthly { month points } quarters { quarter score grade } } } } }`;

const MEMBER_CRITERIA = [
  { code: 'A', title: '参加组织生活', kind: 'REGULAR', points: 4, perQuantity: true, cap: 20 },
  { code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 },
  { code: 'R', title: '带头致富（农村）', kind: 'REGULAR', points: 5, memberCategory: 'RURAL' },
  { code: 'D', title: '无故缺席', kind: 'DEDUCTION', points: -3, perQuantity: true },
  { code: 'S', title: '不按时交纳党费', kind: 'DEDUCTION', points: 0, starsOff: 1 },
  { code: 'V', title: '受到处分', kind: 'VETO', points: 0 },
];

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  tree = await smallCounty(t);
  // Star rating runs in the county since the start of last year (switches have history: last year's grades count).
  t.clock.set(`${LAST_YEAR}-01-02`);
  await enableModule(t, tree.county, 'star-rating');
  t.clock.set(TODAY);
  // The branch records its members' work; the township (the level above the station's villages) confirms.
  await accountWith(t, 'sec-v1', Role.SECRETARY, tree.village1);
  await accountWith(t, 'township', Role.SECRETARY, tree.township);
  for (const year of [LAST_YEAR, YEAR]) {
    const r = await t.execute(SCHEME, {
      i: {
        unitId: tree.county,
        year,
        subjectType: 'MEMBER',
        name: '先锋星',
        thresholds: [10, 20, 30, 40, 50],
        criteria: MEMBER_CRITERIA,
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    for (const c of r.data.createStarScheme.scheme.criteria) crit[year === YEAR ? c.code : `last${c.code}`] = c.id;
  }
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A village of this test's own under the first station. */
const newVillage = () =>
  createUnit(t, {
    code: `TC-SV${++seq}`,
    name: `创星村${seq}党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });

/** A full member of a branch; returns the id. */
async function newMember(branchId: string, name: string, category = 'RURAL'): Promise<string> {
  const r = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name,
        idCardNumber: idFor('1980-01-01', seq % 2 === 0, 100 + ++seq),
        category,
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        branchId,
      },
    },
  );
  expect(r.data.createMember.userErrors).toEqual([]);
  return r.data.createMember.member.id;
}

/** Runs `work` with the clock on `day` (10:00 in Shanghai), then puts it back on TODAY. */
async function on<T>(day: string, work: () => Promise<T>): Promise<T> {
  t.clock.set(`${day}T10:00:00+08:00`);
  try {
    return await work();
  } finally {
    t.clock.set(TODAY);
  }
}

/** Records an entry on its day (as the test's administrator) and has the township confirm it; returns its id. */
function score(subject: string, code: string, day: string, quantity = 1): Promise<string> {
  return on(day, async () => {
    const r = await t.execute(RECORD, {
      i: { subjectId: subject, criterionId: crit[code], occurredOn: day, quantity },
    });
    if (r.errors || r.data.recordStarEntry.userErrors.length)
      throw new Error(JSON.stringify(r.errors ?? r.data.recordStarEntry.userErrors));
    const id = r.data.recordStarEntry.entry.id;
    const c = await (await t.as('township'))(CONFIRM, { i: { entryId: id } });
    if (c.errors || c.data.confirmStarEntry.userErrors.length)
      throw new Error(JSON.stringify(c.errors ?? c.data.confirmStarEntry.userErrors));
    return id;
  });
}

const standing = async (member: string, year = YEAR) =>
  (await t.execute(STANDING, { id: member, y: year })).data.node.starStanding;

describe('schemes', () => {
  test('thresholds rise; codes are unique; one scheme per unit, year and subject; units below use the nearest', async () => {
    const scheme = (i: Record<string, unknown>) =>
      t.execute(SCHEME, {
        i: {
          unitId: tree.township,
          year: YEAR,
          subjectType: 'MEMBER',
          name: 'x',
          thresholds: [1, 2, 3, 4, 5],
          criteria: [{ code: 'A', title: 'a', kind: 'REGULAR', points: 1 }],
          ...i,
        },
      });
    expect((await scheme({ thresholds: [10, 5, 30, 40, 50] })).data.createStarScheme.userErrors[0].field).toEqual([
      'input',
      'thresholds',
    ]);
    expect((await scheme({ thresholds: [0, 5, 30, 40, 50] })).data.createStarScheme.userErrors[0].field).toEqual([
      'input',
      'thresholds',
    ]);
    expect(
      (
        await scheme({
          criteria: [
            { code: 'A', title: 'a', kind: 'REGULAR', points: 1 },
            { code: 'A', title: 'b', kind: 'REGULAR', points: 2 },
          ],
        })
      ).data.createStarScheme.userErrors[0].field,
    ).toEqual(['input', 'criteria', '1', 'code']);
    expect(
      (await scheme({ criteria: [{ code: 'D', title: 'd', kind: 'DEDUCTION', points: 0 }] })).data.createStarScheme
        .userErrors[0].field,
    ).toEqual(['input', 'criteria', '0', 'starsOff']);
    expect((await scheme({ criteria: [] })).data.createStarScheme.userErrors[0].field).toEqual(['input', 'criteria']);
    expect((await scheme({ unitId: tree.county })).data.createStarScheme.userErrors[0].code).toBe('CONFLICT');
    const used = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { starScheme(year: $y, subjectType: MEMBER) { name unit { code } } } } }`,
      { u: tree.village1, y: YEAR },
    );
    expect(used.data.node.starScheme).toEqual({ name: '先锋星', unit: { code: 'TC' } });
  });
});

describe('the arithmetic', () => {
  test("per-quantity points up to the year's cap, fixed points, only confirmed entries count", async () => {
    const m = await newMember(await newVillage(), '甲');
    await score(m, 'A', `${YEAR}-01-10`, 3); // 12
    await score(m, 'A', `${YEAR}-02-10`, 3); // 12 more, capped at 20 for the year
    await score(m, 'B', `${YEAR}-02-15`); // 10
    const pending = await on(`${YEAR}-02-16`, () =>
      t.execute(RECORD, { i: { subjectId: m, criterionId: crit.B, occurredOn: `${YEAR}-02-16`, quantity: 1 } }),
    );
    expect(pending.data.recordStarEntry.entry).toMatchObject({ points: 10, status: 'RECORDED' });
    const s = await standing(m);
    expect(s).toMatchObject({ score: 30, grade: 3, vetoed: false, starsOff: 0 });
    // The months show what was confirmed, as recorded (the cap applies to the year's total).
    expect(s.monthly).toEqual([
      { month: 1, points: 12 },
      { month: 2, points: 22 },
    ]);
  });

  test('thresholds at their edges: 9 points is no star, 10 is one, 50 is five', async () => {
    const village = await newVillage();
    const nine = await newMember(village, '九分');
    await score(nine, 'A', `${YEAR}-03-01`, 1); // 4
    await score(nine, 'R', `${YEAR}-03-02`); // 9
    const ten = await newMember(village, '十分');
    await score(ten, 'B', `${YEAR}-03-01`);
    const fifty = await newMember(village, '五十分');
    for (const day of ['04-01', '04-02', '04-03', '04-04', '04-05']) await score(fifty, 'B', `${YEAR}-${day}`);
    expect(await standing(nine)).toMatchObject({ score: 9, grade: 0 });
    expect(await standing(ten)).toMatchObject({ score: 10, grade: 1 });
    expect(await standing(fifty)).toMatchObject({ score: 50, grade: 5 });
  });

  test('deductions take points or stars; a veto makes the grade zero whatever the points', async () => {
    const village = await newVillage();
    const docked = await newMember(village, '扣分');
    await score(docked, 'B', `${YEAR}-01-05`);
    await score(docked, 'B', `${YEAR}-01-06`);
    await score(docked, 'B', `${YEAR}-01-07`); // 30 → 3 stars
    await score(docked, 'D', `${YEAR}-01-08`, 2); // −6 → 24 → 2 stars
    expect(await standing(docked)).toMatchObject({ score: 24, grade: 2 });
    await score(docked, 'S', `${YEAR}-01-09`); // one star off
    expect(await standing(docked)).toMatchObject({ score: 24, grade: 1, starsOff: 1 });
    await score(docked, 'S', `${YEAR}-01-10`);
    await score(docked, 'S', `${YEAR}-01-11`); // three stars off a grade of two: zero, not below
    expect(await standing(docked)).toMatchObject({ score: 24, grade: 0, starsOff: 3 });

    const vetoed = await newMember(village, '否决');
    await score(vetoed, 'B', `${YEAR}-01-05`);
    await score(vetoed, 'B', `${YEAR}-01-06`);
    await score(vetoed, 'V', `${YEAR}-01-07`);
    expect(await standing(vetoed)).toMatchObject({ score: 20, grade: 0, vetoed: true });
  });

  test('a criterion for one member category does not apply to another', async () => {
    const m = await newMember(await newVillage(), '社区党员', 'COMMUNITY');
    const r = await on(`${YEAR}-01-05`, () =>
      t.execute(RECORD, { i: { subjectId: m, criterionId: crit.R, occurredOn: `${YEAR}-01-05`, quantity: 1 } }),
    );
    expect(r.data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('农村党员'),
    });
  });

  test("an entry is for a day that has come, and only with the criteria of that day's year", async () => {
    const m = await newMember(await newVillage(), '记分');
    const record = (criterionId: string, occurredOn: string, quantity = 1) =>
      t.execute(RECORD, { i: { subjectId: m, criterionId, occurredOn, quantity } });
    expect((await record(crit.B, '2026-11-26')).data.recordStarEntry.userErrors[0].field).toEqual([
      'input',
      'occurredOn',
    ]);
    expect((await record(crit.B, TODAY)).data.recordStarEntry.userErrors).toEqual([]);
    // On 5 January: last year's criterion on a day of this year, and this year's on a day of last year.
    await on(`${YEAR}-01-05`, async () => {
      expect((await record(crit.lastB, `${YEAR}-01-01`)).data.recordStarEntry.userErrors[0].field).toEqual([
        'input',
        'criterionId',
      ]);
      expect((await record(crit.B, `${LAST_YEAR}-12-31`)).data.recordStarEntry.userErrors[0].field).toEqual([
        'input',
        'criterionId',
      ]);
    });
    expect((await record(crit.A, `${YEAR}-01-01`, 0)).data.recordStarEntry.userErrors[0].field).toEqual([
      'input',
      'quantity',
    ]);
  });

  test('everything starts again each year (年底清零)', async () => {
    const m = await newMember(await newVillage(), '跨年');
    await score(m, 'lastA', `${LAST_YEAR}-11-05`, 5); // 20, the cap
    await score(m, 'lastB', `${LAST_YEAR}-12-31`); // 30
    await score(m, 'B', `${YEAR}-01-01`); // 10 in the new year
    expect(await standing(m, LAST_YEAR)).toMatchObject({ score: 30, grade: 3 });
    expect(await standing(m, YEAR)).toMatchObject({ score: 10, grade: 1, monthly: [{ month: 1, points: 10 }] });
  });
});

describe('confirmation and corrections', () => {
  test('confirmed by the level above, never by the recorder or the branch itself; corrections reverse', async () => {
    const m = await newMember(tree.village1, '更正');
    const sec = await t.as('sec-v1');
    const township = await t.as('township');
    t.clock.set(`${YEAR}-03-01T10:00:00+08:00`);
    const r = await sec(RECORD, {
      i: { subjectId: m, criterionId: crit.B, occurredOn: `${YEAR}-03-01`, quantity: 1 },
    });
    const id = r.data.recordStarEntry.entry.id;
    expect(codeOf(await sec(CONFIRM, { i: { entryId: id } }))).toBe('FORBIDDEN');
    expect((await township(CONFIRM, { i: { entryId: id } })).data.confirmStarEntry.userErrors).toEqual([]);
    expect((await township(CONFIRM, { i: { entryId: id } })).data.confirmStarEntry.userErrors[0].code).toBe(
      'INVALID_STATE',
    );
    expect((await standing(m)).score).toBe(10);
    const corr = await sec(CORRECT, { i: { entryId: id, reason: '记错了对象' } });
    expect(corr.data.correctStarEntry.entry).toMatchObject({ points: -10, status: 'RECORDED' });
    // The reversal counts only once confirmed, like any entry.
    expect((await standing(m)).score).toBe(10);
    await township(CONFIRM, { i: { entryId: corr.data.correctStarEntry.entry.id } });
    expect((await standing(m)).score).toBe(0);
    expect((await sec(CORRECT, { i: { entryId: id, reason: 'again' } })).data.correctStarEntry.userErrors[0].code).toBe(
      'CONFLICT',
    );
    expect(
      (await sec(CORRECT, { i: { entryId: corr.data.correctStarEntry.entry.id, reason: 'x' } })).data.correctStarEntry
        .userErrors[0].code,
    ).toBe('INVALID_STATE');
  });

  test('a recorded entry is not corrected (it is simply not confirmed); a recorder who could confirm still may not confirm their own', async () => {
    const m = await newMember(tree.village1, '自记自确');
    const township = await t.as('township');
    t.clock.set(`${YEAR}-03-01T10:00:00+08:00`);
    const r = await township(RECORD, {
      i: { subjectId: m, criterionId: crit.B, occurredOn: `${YEAR}-03-01`, quantity: 1 },
    });
    const id = r.data.recordStarEntry.entry.id;
    expect((await township(CONFIRM, { i: { entryId: id } })).data.confirmStarEntry.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('须由登记人以外的人确认'),
    });
    expect(
      (await township(CORRECT, { i: { entryId: id, reason: 'x' } })).data.correctStarEntry.userErrors[0].code,
    ).toBe('INVALID_STATE');
    expect((await standing(m)).score).toBe(0);
  });

  test('a vetoed grade comes back when the veto is corrected', async () => {
    const m = await newMember(await newVillage(), '撤销处分');
    await score(m, 'B', `${YEAR}-02-01`);
    await score(m, 'B', `${YEAR}-02-02`);
    const veto = await score(m, 'V', `${YEAR}-02-03`);
    expect(await standing(m)).toMatchObject({ score: 20, grade: 0, vetoed: true });
    const corr = await t.execute(CORRECT, { i: { entryId: veto, reason: '处分已撤销' } });
    await (
      await t.as('township')
    )(CONFIRM, { i: { entryId: corr.data.correctStarEntry.entry.id } });
    expect(await standing(m)).toMatchObject({ score: 20, grade: 2, vetoed: false });
  });
});

describe('rankings, distribution and the quarter freeze', () => {
  test('ranked by grade, then score, ties sharing a position: a vetoed member ranks after every starred one, whatever its points; a member without a score book is not rated, never 0★', async () => {
    const village = await newVillage();
    const [a, b, c, d, e, f, v] = [
      await newMember(village, '并列一'),
      await newMember(village, '并列二'),
      await newMember(village, '第三'),
      await newMember(village, '第四'),
      await newMember(village, '无记分'),
      await newMember(village, '零星'),
      await newMember(village, '否决'),
    ];
    for (const m of [a, b]) for (const day of ['01-20', '01-21', '01-22']) await score(m, 'B', `${YEAR}-${day}`); // 30
    await score(c, 'A', `${YEAR}-01-20`, 5); // 20
    await score(c, 'R', `${YEAR}-01-21`); // 25
    await score(d, 'B', `${YEAR}-01-20`); // 10
    await score(f, 'D', `${YEAR}-01-20`); // −3: rated, no star
    for (const day of ['01-20', '01-21', '01-22', '01-23']) await score(v, 'B', `${YEAR}-${day}`); // 40, the most points
    await score(v, 'V', `${YEAR}-01-24`); // vetoed: 0★
    const r = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit {
        starRanking(subjectType: MEMBER, year: $y) { total notRated entries { position score grade vetoed subject { ... on Member { id } } } }
        top: starRanking(subjectType: MEMBER, year: $y, first: 2) { total entries { position } }
        starDistribution(subjectType: MEMBER, year: $y) { grade count } } } }`,
      { u: village, y: YEAR },
    );
    const ranking = r.data.node.starRanking;
    expect(ranking).toMatchObject({ total: 6, notRated: 1 });
    expect(ranking.entries.map((x: any) => [x.position, x.score, x.grade, x.vetoed])).toEqual([
      [1, 30, 3, false],
      [1, 30, 3, false],
      [3, 25, 2, false],
      [4, 10, 1, false],
      [5, -3, 0, false],
      [6, 40, 0, true],
    ]);
    expect(ranking.entries.slice(2).map((x: any) => x.subject.id)).toEqual([c, d, f, v]);
    expect(ranking.entries.map((x: any) => x.subject.id)).not.toContain(e);
    expect(r.data.node.top).toEqual({ total: 6, entries: [{ position: 1 }, { position: 1 }] });
    // The member without a score book is not counted at zero stars.
    expect(r.data.node.starDistribution).toEqual([
      { grade: 0, count: 2 },
      { grade: 1, count: 1 },
      { grade: 2, count: 1 },
      { grade: 3, count: 2 },
      { grade: 4, count: 0 },
      { grade: 5, count: 0 },
    ]);
    expect((await standing(e)).rated).toBe(false);
    expect(await standing(e)).toMatchObject({ score: 0, grade: null });
  });

  test("last year's fourth-quarter grades are fixed after the quarter and kept; entries for it are refused from then on", async () => {
    const village = await newVillage();
    const m = await newMember(village, '定星');
    await newMember(village, '未记分');
    await score(m, 'lastA', `${LAST_YEAR}-11-05`, 5); // 20
    const township = await t.as('township');
    const early = await township(FIX, { i: { unitId: village, subjectType: 'MEMBER', year: YEAR, quarter: 4 } });
    expect(early.data.fixStarGrades.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining(`${YEAR}-12-31`),
    });
    // Fixed on 5 January: the member without a score book gets no grade (not rated).
    const fixed = await on(`${YEAR}-01-05`, () =>
      township(FIX, { i: { unitId: village, subjectType: 'MEMBER', year: LAST_YEAR, quarter: 4 } }),
    );
    expect(fixed.data.fixStarGrades).toEqual({ fixed: 1, pendingLeftOut: 0, userErrors: [] });
    // A late entry for last December, still within its recording window, is refused: the quarter is fixed.
    const late = await on(`${YEAR}-01-10`, () =>
      t.execute(RECORD, {
        i: { subjectId: m, criterionId: crit.lastB, occurredOn: `${LAST_YEAR}-12-20`, quantity: 1 },
      }),
    );
    expect(late.data.recordStarEntry.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      field: ['input', 'occurredOn'],
      message: expect.stringContaining(`${LAST_YEAR} 年第 4 季度的星级已于`),
    });
    expect(await standing(m, LAST_YEAR)).toMatchObject({ score: 20, quarters: [{ quarter: 4, score: 20, grade: 2 }] });
    const again = await township(FIX, { i: { unitId: village, subjectType: 'MEMBER', year: LAST_YEAR, quarter: 4 } });
    expect(again.data.fixStarGrades.fixed).toBe(0);
    const official = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit {
        starRanking(subjectType: MEMBER, year: $y, quarter: 4) { entries { position score grade } }
        starDistribution(subjectType: MEMBER, year: $y, quarter: 4) { grade count } } } }`,
      { u: village, y: LAST_YEAR },
    );
    expect(official.data.node.starRanking.entries).toEqual([{ position: 1, score: 20, grade: 2 }]);
    expect(official.data.node.starDistribution.map((g: any) => g.count)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(
      codeOf(
        await t.execute(
          `query($u: ID!) { node(id: $u) { ... on OrgUnit { starRanking(subjectType: MEMBER, year: 2025, quarter: 5) { total } } } }`,
          { u: village },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  test('year-end lists: members at one star or none, for review by people; two stars is not listed, nor a member without a score book', async () => {
    const village = await newVillage();
    const one = await newMember(village, '一星');
    const none = await newMember(village, '零星');
    const two = await newMember(village, '二星');
    const vetoed = await newMember(village, '否决');
    const unrated = await newMember(village, '未评定');
    await score(one, 'B', `${YEAR}-05-01`); // 10 → 1
    await score(none, 'D', `${YEAR}-05-01`); // −3 → 0
    await score(two, 'B', `${YEAR}-05-01`);
    await score(two, 'B', `${YEAR}-05-02`); // 20 → 2
    for (const day of ['05-01', '05-02', '05-03', '05-04']) await score(vetoed, 'B', `${YEAR}-${day}`);
    await score(vetoed, 'V', `${YEAR}-06-01`); // 40 points, vetoed → 0
    const r = await t.execute(
      `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { starYearEnd(subjectType: MEMBER, year: $y) { grade allowancePercent subject { ... on Member { id status } } } } } }`,
      { u: village, y: YEAR },
    );
    const listed = r.data.node.starYearEnd.map((o: any) => [
      o.subject.id,
      o.grade,
      o.allowancePercent,
      o.subject.status,
    ]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [one, 1, null, 'FULL'],
        [none, 0, null, 'FULL'],
        [vetoed, 0, null, 'FULL'],
      ]),
    );
    expect(listed).toHaveLength(3);
    expect(listed.map((l: any[]) => l[0])).not.toContain(two);
    expect(listed.map((l: any[]) => l[0])).not.toContain(unrated);
  });
});

describe('access', () => {
  test("a member of the branch reads their own standing; the branch's secretary reads the ranking; another branch's secretary does not", async () => {
    const m = await newMember(tree.village1, '本人');
    await score(m, 'B', `${YEAR}-03-01`);
    await accountWith(t, 'member-self', Role.MEMBER, tree.village1, m);
    await accountWith(t, 'sec-v2', Role.SECRETARY, tree.village2);
    const own = await (await t.as('member-self'))(STANDING, { id: m, y: YEAR });
    expect(own.data.node.starStanding).toMatchObject({ score: 10, grade: 1 });
    const RANKING = `query($u: ID!) { node(id: $u) { ... on OrgUnit { starRanking(subjectType: MEMBER, year: 2026) { total } } } }`;
    expect((await (await t.as('sec-v1'))(RANKING, { u: tree.village1 })).data.node.starRanking.total).toBeGreaterThan(
      0,
    );
    expect((await (await t.as('sec-v2'))(RANKING, { u: tree.village1 })).data.node).toBeNull();
    expect((await (await t.as('sec-v2'))(STANDING, { id: m, y: YEAR })).data.node).toBeNull();
  });
});
