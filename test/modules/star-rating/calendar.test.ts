import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * The star year and its quarters at their edges, judged in the deployment's time zone (Shanghai):
 * scores are per calendar year (年底清零), quarters end on 31 March, 30 June, 30 September and
 * 31 December, and a quarter's grades are fixed from the day after it ends (季有晋星). Each test
 * sets the clock to the instants it needs.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
/** Criterion B (10 points) of the county's member scheme, by year. */
const b: Record<number, string> = {};
let seq = 0;

const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { userErrors { code message } } }`;
const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed userErrors { code message } } }`;
const STANDING = `query($id: ID!, $y: Int!) { node(id: $id) { ... on Member { starStanding(year: $y) { score grade monthly { month points } quarters { quarter score grade } } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01' });
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'star-rating');
  await accountWith(t, 'confirmer', Role.SECRETARY, tree.county);
  for (const year of [2026, 2027, 2028]) {
    const r = await t.execute(
      `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { criteria { id } } userErrors { message } } }`,
      {
        i: {
          unitId: tree.county,
          year,
          subjectType: 'MEMBER',
          name: `${year}年先锋星`,
          thresholds: [10, 20, 30, 40, 50],
          criteria: [{ code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 }],
        },
      },
    );
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    b[year] = r.data.createStarScheme.scheme.criteria[0].id;
  }
});
afterAll(() => t?.close());

/** A member in a village of the test's own (so a quarter can be fixed for that village alone). */
async function newMember(): Promise<{ village: string; member: string }> {
  const n = ++seq;
  const village = await createUnit(t, {
    code: `TC-CV${n}`,
    name: `日历村${n}党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });
  const r = await t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
    i: {
      name: `日历党员${n}`,
      idCardNumber: idFor('1978-07-07', n % 2 === 0, 300 + n),
      category: 'RURAL',
      joinedOn: '2000-01-01',
      fullMemberSince: '2001-01-01',
      branchId: village,
    },
  });
  return { village, member: r.data.createMember.member.id };
}

const record = (member: string, year: number, occurredOn: string) =>
  t.execute(RECORD, { i: { subjectId: member, criterionId: b[year], occurredOn, quantity: 1 } });

async function score(member: string, year: number, occurredOn: string) {
  const r = await record(member, year, occurredOn);
  expect(r.data.recordStarEntry.userErrors).toEqual([]);
  const c = await (await t.as('confirmer'))(CONFIRM, { i: { entryId: r.data.recordStarEntry.entry.id } });
  expect(c.data.confirmStarEntry.userErrors).toEqual([]);
}

const standing = async (member: string, year: number) =>
  (await t.execute(STANDING, { id: member, y: year })).data.node.starStanding;

const fix = (unitId: string, year: number, quarter: number) =>
  t.execute(FIX, { i: { unitId, subjectType: 'MEMBER', year, quarter } });

describe('the star year starts on 1 January in Shanghai', () => {
  test('at 23:30 on 31 December an entry for 1 January is still in the future', async () => {
    const { member } = await newMember();
    t.clock.set('2026-12-31T23:30:00+08:00');
    await score(member, 2026, '2026-12-31');
    expect((await record(member, 2027, '2027-01-01')).data.recordStarEntry.userErrors[0].field).toEqual([
      'input',
      'occurredOn',
    ]);
    expect(await standing(member, 2026)).toMatchObject({ score: 10, grade: 1 });
    // Nothing recorded for 2027 yet: not rated, never 0★.
    expect(await standing(member, 2027)).toMatchObject({ score: 0, grade: null });
  });

  test("at 00:30 on 1 January (still 31 December in UTC) the new year's scheme applies and its score starts from zero", async () => {
    const { member } = await newMember();
    t.clock.set('2026-12-20');
    await score(member, 2026, '2026-12-20');
    await score(member, 2026, '2026-12-20');
    t.clock.set('2026-12-31T16:30:00Z');
    // The 2026 scheme does not reach into 2027, nor the 2027 one back into 2026.
    expect((await record(member, 2026, '2027-01-01')).data.recordStarEntry.userErrors[0].field).toEqual([
      'input',
      'criterionId',
    ]);
    expect((await record(member, 2027, '2026-12-31')).data.recordStarEntry.userErrors[0].field).toEqual([
      'input',
      'criterionId',
    ]);
    await score(member, 2027, '2027-01-01');
    expect(await standing(member, 2027)).toMatchObject({ score: 10, grade: 1, monthly: [{ month: 1, points: 10 }] });
    // Last year is read whole, as of 31 December.
    expect(await standing(member, 2026)).toMatchObject({ score: 20, grade: 2, monthly: [{ month: 12, points: 20 }] });
  });

  test('an entry for 31 December recorded in January counts for the old year, not the new', async () => {
    const { member } = await newMember();
    t.clock.set('2027-01-05');
    await score(member, 2026, '2026-12-31');
    expect(await standing(member, 2026)).toMatchObject({ score: 10, monthly: [{ month: 12, points: 10 }] });
    expect(await standing(member, 2027)).toMatchObject({ score: 0, monthly: [] });
  });
});

describe('quarters', () => {
  test('the fourth quarter is fixed from 00:00 on 1 January in Shanghai, not at 23:59 on 31 December', async () => {
    const { village, member } = await newMember();
    t.clock.set('2026-12-15');
    await score(member, 2026, '2026-12-15');
    t.clock.set('2026-12-31T23:59:00+08:00');
    expect((await fix(village, 2026, 4)).data.fixStarGrades.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: '季度到 2026-12-31 结束；星级在季度结束后确定',
    });
    t.clock.set('2027-01-01T00:00:00+08:00');
    expect((await fix(village, 2026, 4)).data.fixStarGrades).toEqual({ fixed: 1, userErrors: [] });
    expect((await standing(member, 2026)).quarters).toEqual([{ quarter: 4, score: 10, grade: 1 }]);
  });

  test('29 February of a leap year is in the first quarter; the quarter is fixed from 1 April and holds what occurred by 31 March', async () => {
    const { village, member } = await newMember();
    t.clock.set('2028-03-01');
    await score(member, 2028, '2028-02-01');
    await score(member, 2028, '2028-02-29');
    t.clock.set('2028-03-31');
    expect((await fix(village, 2028, 1)).data.fixStarGrades.userErrors[0].code).toBe('INVALID_STATE');
    t.clock.set('2028-04-01');
    await score(member, 2028, '2028-03-31'); // late, but in the quarter
    await score(member, 2028, '2028-04-01'); // the second quarter
    expect((await fix(village, 2028, 1)).data.fixStarGrades).toEqual({ fixed: 1, userErrors: [] });
    expect(await standing(member, 2028)).toEqual({
      score: 40,
      grade: 4,
      monthly: [
        { month: 2, points: 20 },
        { month: 3, points: 10 },
        { month: 4, points: 10 },
      ],
      quarters: [{ quarter: 1, score: 30, grade: 3 }],
    });
  });

  test('28 February of a common year is in the first quarter; there is no 29 February to record', async () => {
    const { village, member } = await newMember();
    t.clock.set('2027-03-01');
    await score(member, 2027, '2027-02-28');
    expect(codeOf(await record(member, 2027, '2027-02-29'))).toBe('BAD_USER_INPUT');
    t.clock.set('2027-04-01');
    expect((await fix(village, 2027, 1)).data.fixStarGrades.fixed).toBe(1);
    expect((await standing(member, 2027)).quarters).toEqual([{ quarter: 1, score: 10, grade: 1 }]);
  });

  test('the second and third quarters end on 30 June and 30 September', async () => {
    const { village, member } = await newMember();
    t.clock.set('2027-06-30');
    await score(member, 2027, '2027-06-30');
    expect((await fix(village, 2027, 2)).data.fixStarGrades.userErrors[0].message).toContain('2027-06-30');
    t.clock.set('2027-07-01');
    expect((await fix(village, 2027, 2)).data.fixStarGrades.fixed).toBe(1);
    t.clock.set('2027-09-30');
    await score(member, 2027, '2027-09-30');
    expect((await fix(village, 2027, 3)).data.fixStarGrades.userErrors[0].message).toContain('2027-09-30');
    t.clock.set('2027-10-01');
    expect((await fix(village, 2027, 3)).data.fixStarGrades.fixed).toBe(1);
    expect((await standing(member, 2027)).quarters).toEqual([
      { quarter: 2, score: 10, grade: 1 },
      { quarter: 3, score: 20, grade: 2 },
    ]);
  });
});
