import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit, smallCounty } from '../support/tree';
import { idFor } from '../support/people';

/**
 * Posts and their terms (docs/RULES.md: the default term end is the corresponding day, 5 or 3 years
 * on, the term's last day; `EXPIRED` from the day after it; `ENDING_SOON` when `termEnd` ≤ today + 6
 * months). Every test works in a county of its own and sets the day it judges terms on.
 */
const TODAY = '2026-11-25';
let t: TestApp;
let seq = 0;
beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { post { id role termStart termEnd termStatus holderName unit { code } member { name } } userErrors { field code message } } }`;
const STATUS = `query($id: ID!) { node(id: $id) { ... on Post { termEnd termStatus } } }`;

/**
 * A county of the test's own (codes P1C…) with a county agency's branch (A1), two members in the
 * first village and one in the agency.
 */
async function ownCounty() {
  const prefix = `P${++seq}`;
  const tree = await smallCounty(t, prefix);
  const agency = await createUnit(t, {
    code: `${prefix}C-A1`,
    name: '县财政局党支部',
    kind: 'BRANCH',
    sector: 'GOVERNMENT_AGENCY',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  const members: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await t.execute(
      `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id } userErrors { message } } }`,
      {
        input: {
          name: `成员${i}`,
          idCardNumber: idFor('1975-01-01', true, 10 * seq + i),
          category: 'RURAL',
          joinedOn: '2000-01-01',
          fullMemberSince: '2001-01-01',
          branchId: i === 2 ? agency : tree.village1,
        },
      },
    );
    expect(r.data.createMember.userErrors).toEqual([]);
    members.push(r.data.createMember.member.id);
  }
  return { ...tree, agency, members, code: (suffix: string) => `${prefix}C-${suffix}` };
}

async function post(input: Record<string, unknown>) {
  const r = await t.execute(CREATE, { input });
  expect(r.data.createPost.userErrors).toEqual([]);
  return r.data.createPost.post;
}

const status = async (id: string) => (await t.execute(STATUS, { id })).data.node.termStatus;

test('term end defaults from the unit: village branch 5 years, other branch 3, committee 5, station none', async () => {
  const c = await ownCounty();
  const village = await post({
    unitId: c.village1,
    memberId: c.members[0],
    role: 'SECRETARY',
    termStart: '2021-11-01',
  });
  expect(village).toMatchObject({
    termEnd: '2026-11-01',
    termStatus: 'EXPIRED',
    holderName: '成员0',
    unit: { code: c.code('V1') },
  });
  const other = await post({ unitId: c.agency, memberId: c.members[2], role: 'SECRETARY', termStart: '2024-03-01' });
  expect(other).toMatchObject({ termEnd: '2027-03-01', termStatus: 'ENDING_SOON' });
  const committee = await post({
    unitId: c.township,
    memberId: c.members[1],
    role: 'DEPUTY_SECRETARY',
    termStart: '2026-07-01',
  });
  expect(committee).toMatchObject({ termEnd: '2031-07-01', termStatus: 'RUNNING' });
  const station = await post({
    unitId: c.stationA,
    holderName: '周站长',
    role: 'STATION_HEAD',
    termStart: '2025-01-01',
  });
  expect(station).toMatchObject({ termEnd: null, termStatus: 'NO_TERM', holderName: '周站长', member: null });
});

test('post rules: one current secretary, station posts only on stations, exactly one holder', async () => {
  const c = await ownCounty();
  await post({ unitId: c.village1, memberId: c.members[0], role: 'SECRETARY', termStart: '2021-11-01' });
  const second = await t.execute(CREATE, {
    input: { unitId: c.village1, memberId: c.members[1], role: 'SECRETARY', termStart: '2024-01-01' },
  });
  expect(second.data.createPost.userErrors).toEqual([
    { field: ['input', 'role'], code: 'CONFLICT', message: expect.stringContaining('已有现任书记') },
  ]);
  const stationRole = await t.execute(CREATE, {
    input: { unitId: c.village1, memberId: c.members[1], role: 'STATION_HEAD', termStart: '2024-01-01' },
  });
  expect(stationRole.data.createPost.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'role'] });
  const secretaryOnStation = await t.execute(CREATE, {
    input: { unitId: c.stationB, memberId: c.members[1], role: 'SECRETARY', termStart: '2024-01-01' },
  });
  expect(secretaryOnStation.data.createPost.userErrors[0]).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: ['input', 'role'],
  });
  const both = await t.execute(CREATE, {
    input: {
      unitId: c.village2,
      memberId: c.members[1],
      holderName: '外人',
      role: 'FIRST_SECRETARY',
      termStart: '2024-01-01',
    },
  });
  expect(both.data.createPost.userErrors[0].message).toContain('任职人只能给一个');
  const badTerm = await t.execute(CREATE, {
    input: {
      unitId: c.village2,
      holderName: '外人',
      role: 'FIRST_SECRETARY',
      termStart: '2024-01-01',
      termEnd: '2023-01-01',
    },
  });
  expect(badTerm.data.createPost.userErrors[0].field).toEqual(['input', 'termEnd']);
});

test('vacancies: secretary-led units here and below with no current secretary', async () => {
  const c = await ownCounty();
  await post({ unitId: c.village1, memberId: c.members[0], role: 'SECRETARY', termStart: '2021-11-01' });
  await post({ unitId: c.agency, memberId: c.members[2], role: 'SECRETARY', termStart: '2024-03-01' });
  const r = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { vacancies(first: 50, roles: [SECRETARY]) { totalCount nodes { code } } } } }`,
    {
      u: c.county,
    },
  );
  // V1 and A1 have secretaries; V2 and V3 do not. Committees above are not secretary-led branches.
  expect(r.data.node.vacancies.nodes.map((n: any) => n.code).sort()).toEqual([c.code('V2'), c.code('V3')]);
});

test('termsEnding lists current posts ending before a day (not on it), soonest first, expired ones included', async () => {
  const c = await ownCounty();
  await post({ unitId: c.village1, memberId: c.members[0], role: 'SECRETARY', termStart: '2021-11-01' });
  await post({ unitId: c.agency, memberId: c.members[2], role: 'SECRETARY', termStart: '2024-03-01' });
  const ending = async (before: string) =>
    (
      await t.execute(
        `query($u: ID!, $b: Date!) { node(id: $u) { ... on OrgUnit { termsEnding(endingBefore: $b) { nodes { unit { code } role termEnd termStatus } } } } }`,
        { u: c.county, b: before },
      )
    ).data.node.termsEnding.nodes;
  expect(await ending('2027-12-31')).toEqual([
    { unit: { code: c.code('V1') }, role: 'SECRETARY', termEnd: '2026-11-01', termStatus: 'EXPIRED' },
    { unit: { code: c.code('A1') }, role: 'SECRETARY', termEnd: '2027-03-01', termStatus: 'ENDING_SOON' },
  ]);
  expect((await ending('2027-03-01')).map((p: any) => p.termEnd)).toEqual(['2026-11-01']);
  expect((await ending('2027-03-02')).map((p: any) => p.termEnd)).toEqual(['2026-11-01', '2027-03-01']);
});

test('ending a post: it leaves the current lists; it cannot end twice or before it began', async () => {
  const c = await ownCounty();
  const { id } = await post({ unitId: c.village1, memberId: c.members[0], role: 'SECRETARY', termStart: '2021-11-01' });
  const END = `mutation($input: EndPostInput!) { endPost(input: $input) { post { endedOn termStatus } userErrors { code field } } }`;
  const early = await t.execute(END, { input: { id, endedOn: '2020-01-01' } });
  expect(early.data.endPost.userErrors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'endedOn'] }]);
  const ok = await t.execute(END, { input: { id, endedOn: '2026-11-15', reason: '换届' } });
  expect(ok.data.endPost).toEqual({ post: { endedOn: '2026-11-15', termStatus: 'ENDED' }, userErrors: [] });
  const twice = await t.execute(END, { input: { id } });
  expect(twice.data.endPost.userErrors[0].code).toBe('INVALID_STATE');
  const after = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { posts { totalCount } all: posts(includeEnded: true) { totalCount } } } }`,
    { u: c.village1 },
  );
  expect(after.data.node).toEqual({ posts: { totalCount: 0 }, all: { totalCount: 1 } });
});

describe('terms at month ends', () => {
  test('three years from 29 February 2024 end on 28 February 2027: ending soon from 28 August 2026, expired from 1 March', async () => {
    const c = await ownCounty();
    const { id, termEnd } = await post({
      unitId: c.agency,
      memberId: c.members[2],
      role: 'SECRETARY',
      termStart: '2024-02-29',
    });
    expect(termEnd).toBe('2027-02-28');
    const on = async (day: string) => {
      t.clock.set(day);
      return status(id);
    };
    expect(await on('2026-08-27')).toBe('RUNNING');
    expect(await on('2026-08-28')).toBe('ENDING_SOON');
    expect(await on('2027-02-27')).toBe('ENDING_SOON');
    expect(await on('2027-02-28')).toBe('ENDING_SOON');
    expect(await on('2027-03-01')).toBe('EXPIRED');
  });

  test('five years from 28 February 2023 end on 28 February 2028, not on the 29th; a term given to end on 29 February 2028 has expired from 1 March', async () => {
    const c = await ownCounty();
    const secretary = await post({
      unitId: c.village1,
      memberId: c.members[0],
      role: 'SECRETARY',
      termStart: '2023-02-28',
    });
    expect(secretary.termEnd).toBe('2028-02-28');
    const deputy = await post({
      unitId: c.village1,
      memberId: c.members[1],
      role: 'DEPUTY_SECRETARY',
      termStart: '2023-03-01',
      termEnd: '2028-02-29',
    });
    expect(deputy.termEnd).toBe('2028-02-29');
    const on = async (day: string) => {
      t.clock.set(day);
      return [await status(secretary.id), await status(deputy.id)];
    };
    // Six months on from 28 August 2027 is 28 February 2028; from 29, 30 and 31 August, 29 February.
    expect(await on('2027-08-27')).toEqual(['RUNNING', 'RUNNING']);
    expect(await on('2027-08-28')).toEqual(['ENDING_SOON', 'RUNNING']);
    expect(await on('2027-08-29')).toEqual(['ENDING_SOON', 'ENDING_SOON']);
    expect(await on('2028-02-28')).toEqual(['ENDING_SOON', 'ENDING_SOON']);
    expect(await on('2028-02-29')).toEqual(['EXPIRED', 'ENDING_SOON']);
    expect(await on('2028-03-01')).toEqual(['EXPIRED', 'EXPIRED']);
  });

  test('a term is judged by the day in Shanghai: at 00:30 on 2 November (still 1 November in UTC) a term that ended on 1 November has expired', async () => {
    const c = await ownCounty();
    const { id } = await post({
      unitId: c.village1,
      memberId: c.members[0],
      role: 'SECRETARY',
      termStart: '2021-11-01',
    });
    t.clock.set('2026-11-01T23:59:00+08:00');
    expect(await status(id)).toBe('ENDING_SOON');
    t.clock.set('2026-11-01T16:30:00Z');
    expect(await status(id)).toBe('EXPIRED');
  });
});
