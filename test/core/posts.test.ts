import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit, smallCounty } from '../support/tree';
import { idFor } from '../support/people';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let agency: string;
let members: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  agency = await createUnit(t, {
    code: 'TC-A1',
    name: '县财政局党支部',
    kind: 'BRANCH',
    sector: 'GOVERNMENT_AGENCY',
    parentId: tree.county,
  });
  for (let i = 0; i < 3; i++) {
    const r = await t.execute(
      `mutation($input: CreateMemberInput!) { createMember(input: $input) { member { id } userErrors { message } } }`,
      {
        input: {
          name: `成员${i}`,
          idCardNumber: idFor('1975-01-01', true, 200 + i),
          category: 'RURAL',
          joinedOn: '2000-01-01',
          fullMemberSince: '2001-01-01',
          branchId: i === 2 ? agency : tree.village1,
        },
      },
    );
    members.push(r.data.createMember.member.id);
  }
});
afterAll(() => t?.close());

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { post { id role termStart termEnd termStatus holderName unit { code } member { name } } userErrors { field code message } } }`;

test('term end defaults from the unit: village branch 5 years, other branch 3, committee 5, station none', async () => {
  const village = await t.execute(CREATE, {
    input: { unitId: tree.village1, memberId: members[0], role: 'SECRETARY', termStart: '2021-11-01' },
  });
  expect(village.data.createPost.post).toMatchObject({
    termEnd: '2026-11-01',
    termStatus: 'EXPIRED',
    holderName: '成员0',
    unit: { code: 'TC-V1' },
  });
  const other = await t.execute(CREATE, {
    input: { unitId: agency, memberId: members[2], role: 'SECRETARY', termStart: '2024-03-01' },
  });
  expect(other.data.createPost.post.termEnd).toBe('2027-03-01');
  const committee = await t.execute(CREATE, {
    input: { unitId: tree.township, memberId: members[1], role: 'DEPUTY_SECRETARY', termStart: '2026-07-01' },
  });
  expect(committee.data.createPost.post).toMatchObject({ termEnd: '2031-07-01', termStatus: 'RUNNING' });
  const station = await t.execute(CREATE, {
    input: { unitId: tree.stationA, holderName: '周站长', role: 'STATION_HEAD', termStart: '2025-01-01' },
  });
  expect(station.data.createPost.post).toMatchObject({
    termEnd: null,
    termStatus: 'NO_TERM',
    holderName: '周站长',
    member: null,
  });
});

test('post rules: one current secretary, station posts only on stations, exactly one holder', async () => {
  const second = await t.execute(CREATE, {
    input: { unitId: tree.village1, memberId: members[1], role: 'SECRETARY', termStart: '2024-01-01' },
  });
  expect(second.data.createPost.userErrors).toEqual([
    { field: ['input', 'role'], code: 'CONFLICT', message: expect.stringContaining('already has a current SECRETARY') },
  ]);
  const stationRole = await t.execute(CREATE, {
    input: { unitId: tree.village1, memberId: members[1], role: 'STATION_HEAD', termStart: '2024-01-01' },
  });
  expect(stationRole.data.createPost.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'role'] });
  const secretaryOnStation = await t.execute(CREATE, {
    input: { unitId: tree.stationB, memberId: members[1], role: 'SECRETARY', termStart: '2024-01-01' },
  });
  expect(secretaryOnStation.data.createPost.userErrors[0]).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: ['input', 'role'],
  });
  const both = await t.execute(CREATE, {
    input: {
      unitId: tree.village2,
      memberId: members[1],
      holderName: '外人',
      role: 'FIRST_SECRETARY',
      termStart: '2024-01-01',
    },
  });
  expect(both.data.createPost.userErrors[0].message).toContain('exactly one holder');
  const badTerm = await t.execute(CREATE, {
    input: {
      unitId: tree.village2,
      holderName: '外人',
      role: 'FIRST_SECRETARY',
      termStart: '2024-01-01',
      termEnd: '2023-01-01',
    },
  });
  expect(badTerm.data.createPost.userErrors[0].field).toEqual(['input', 'termEnd']);
});

test('vacancies: secretary-led units here and below with no current secretary', async () => {
  const r = await t.execute(`{ orgUnit(code: "TC") { vacancies(first: 50) { totalCount nodes { code } } } }`);
  // TC-V1 and TC-A1 have secretaries; TC-V2 and TC-V3 do not. Committees above are not secretary-led branches.
  expect(r.data.orgUnit.vacancies.nodes.map((n: any) => n.code).sort()).toEqual(['TC-V2', 'TC-V3']);
});

test('termsEnding lists current posts ending before a day, soonest first, expired ones included', async () => {
  const r = await t.execute(
    `{ orgUnit(code: "TC") { termsEnding(before: "2027-12-31") { nodes { unit { code } role termEnd termStatus } } } }`,
  );
  expect(r.data.orgUnit.termsEnding.nodes).toEqual([
    { unit: { code: 'TC-V1' }, role: 'SECRETARY', termEnd: '2026-11-01', termStatus: 'EXPIRED' },
    {
      unit: { code: 'TC-A1' },
      role: 'SECRETARY',
      termEnd: '2027-03-01',
      termStatus: expect.stringMatching(/ENDING_SOON|RUNNING/),
    },
  ]);
});

test('ending a post: it leaves the current lists; it cannot end twice or before it began', async () => {
  const list = await t.execute(`{ orgUnit(code: "TC-V1") { posts { nodes { id } } } }`);
  const id = list.data.orgUnit.posts.nodes[0].id;
  const END = `mutation($input: EndPostInput!) { endPost(input: $input) { post { endedOn termStatus } userErrors { code field } } }`;
  const early = await t.execute(END, { input: { id, endedOn: '2020-01-01' } });
  expect(early.data.endPost.userErrors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'endedOn'] }]);
  const ok = await t.execute(END, { input: { id, endedOn: '2026-11-15', reason: '换届' } });
  expect(ok.data.endPost).toEqual({ post: { endedOn: '2026-11-15', termStatus: 'ENDED' }, userErrors: [] });
  const twice = await t.execute(END, { input: { id } });
  expect(twice.data.endPost.userErrors[0].code).toBe('INVALID_STATE');
  const after = await t.execute(
    `{ orgUnit(code: "TC-V1") { posts { totalCount } all: posts(includeEnded: true) { totalCount } } }`,
  );
  expect(after.data.orgUnit).toEqual({ posts: { totalCount: 0 }, all: { totalCount: 1 } });
});
