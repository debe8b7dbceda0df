import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';

/**
 * Vacancies by post and kind of unit (issue 15, item 25): a secretary-led unit needs a secretary; a
 * work station needs its head and at least one full-time staff member (seed 000). A post that ended
 * leaves a vacancy; an expired term does not (the holder stays until the change of term).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25' });
});
afterAll(() => t?.close());

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { post { id termEnd } userErrors { field code message } } }`;
const END = `mutation($input: EndPostInput!) { endPost(input: $input) { userErrors { code } } }`;
const VACANCIES = `query($u: ID!) { node(id: $u) { ... on OrgUnit {
  all: vacancies(first: 50) { nodes { code missingPosts } }
  heads: vacancies(first: 50, roles: [STATION_HEAD]) { nodes { code } }
  vacancyCounts { unitKind role units vacant } } } }`;

async function post(input: Record<string, unknown>) {
  const r = await t.execute(CREATE, { input });
  expect(r.data.createPost.userErrors).toEqual([]);
  return r.data.createPost.post;
}

test('a station whose head post ended is a vacancy; a head and a full-time staff member fill it; counted by kind and post', async () => {
  t.clock.set('2026-11-25');
  const c = await smallCounty(t, 'VA');
  const v = async () => (await t.execute(VACANCIES, { u: c.county })).data.node;

  let r = await v();
  // Nothing is filled yet: the three villages lack a secretary, both stations a head and full-time staff.
  expect(r.all.nodes).toEqual([
    { code: 'VAC-T1-S1', missingPosts: ['STATION_HEAD', 'STATION_FULL_TIME_STAFF'] },
    { code: 'VAC-V1', missingPosts: ['SECRETARY'] },
    { code: 'VAC-V2', missingPosts: ['SECRETARY'] },
    { code: 'VAC-T1-S2', missingPosts: ['STATION_HEAD', 'STATION_FULL_TIME_STAFF'] },
    { code: 'VAC-V3', missingPosts: ['SECRETARY'] },
  ]);

  const head = await post({ unitId: c.stationA, holderName: '周站长', role: 'STATION_HEAD', termStart: '2025-01-01' });
  await post({ unitId: c.stationA, holderName: '兼职甲', role: 'STATION_PART_TIME_STAFF', termStart: '2025-01-01' });
  r = await v();
  // A part-time staff member does not make up for the full-time one.
  expect(r.all.nodes[0]).toEqual({ code: 'VAC-T1-S1', missingPosts: ['STATION_FULL_TIME_STAFF'] });
  expect(r.heads.nodes).toEqual([{ code: 'VAC-T1-S2' }]);
  await post({ unitId: c.stationA, holderName: '专职乙', role: 'STATION_FULL_TIME_STAFF', termStart: '2025-01-01' });
  r = await v();
  expect(r.all.nodes.map((n: any) => n.code)).not.toContain('VAC-T1-S1');

  // The head leaves: the station is a vacancy again from that day.
  expect((await t.execute(END, { input: { id: head.id, endedOn: '2026-11-20' } })).data.endPost.userErrors).toEqual([]);
  r = await v();
  expect(r.all.nodes[0]).toEqual({ code: 'VAC-T1-S1', missingPosts: ['STATION_HEAD'] });
  expect(r.heads.nodes).toEqual([{ code: 'VAC-T1-S1' }, { code: 'VAC-T1-S2' }]);
  expect(r.vacancyCounts).toEqual([
    { unitKind: 'BRANCH', role: 'SECRETARY', units: 3, vacant: 3 },
    { unitKind: 'WORK_STATION', role: 'STATION_HEAD', units: 2, vacant: 2 },
    { unitKind: 'WORK_STATION', role: 'STATION_FULL_TIME_STAFF', units: 2, vacant: 1 },
  ]);
  // A station's figure: itself and its villages.
  const own = await t.execute(
    `query($u: ID!) { node(id: $u) { ... on OrgUnit { missingPosts vacancyCounts { role vacant } } } }`,
    {
      u: c.stationA,
    },
  );
  expect(own.data.node).toEqual({
    missingPosts: ['STATION_HEAD'],
    vacancyCounts: [
      { role: 'SECRETARY', vacant: 2 },
      { role: 'STATION_HEAD', vacant: 1 },
      { role: 'STATION_FULL_TIME_STAFF', vacant: 0 },
    ],
  });
});

test('an expired term is not a vacancy (换届 due, the holder stays); an ended one is', async () => {
  t.clock.set('2026-11-25');
  const c = await smallCounty(t, 'VB');
  const s = await post({ unitId: c.village1, holderName: '老书记', role: 'SECRETARY', termStart: '2020-01-01' });
  expect(s.termEnd).toBe('2025-01-01');
  const q = `query($u: ID!) { node(id: $u) { ... on OrgUnit { missingPosts } } }`;
  expect((await t.execute(q, { u: c.village1 })).data.node.missingPosts).toEqual([]);
  await t.execute(END, { input: { id: s.id, endedOn: '2026-11-25' } });
  expect((await t.execute(q, { u: c.village1 })).data.node.missingPosts).toEqual(['SECRETARY']);
});

test("a first secretary's term defaults to two years (policy terms.firstSecretaryYears), not the branch's five", async () => {
  t.clock.set('2026-11-25');
  const c = await smallCounty(t, 'VC');
  const fs = await post({
    unitId: c.village1,
    holderName: '驻村第一书记',
    role: 'FIRST_SECRETARY',
    termStart: '2024-11-25',
  });
  // Two years from 25 November 2024 end on 25 November 2026: still in term today, EXPIRED tomorrow.
  expect(fs.termEnd).toBe('2026-11-25');
  const sec = await post({ unitId: c.village1, holderName: '村书记', role: 'SECRETARY', termStart: '2024-11-25' });
  expect(sec.termEnd).toBe('2029-11-25');
});

test('a locality may set another first-secretary term', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-policy-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ terms: { firstSecretaryYears: 3 } }));
  const saved = process.env.JICENG_POLICY_FILE;
  process.env.JICENG_POLICY_FILE = file;
  const other = await createTestApp({ now: '2026-11-25' }).finally(() => {
    if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
    else process.env.JICENG_POLICY_FILE = saved;
  });
  try {
    const c = await smallCounty(other, 'VD');
    const r = await other.execute(CREATE, {
      input: { unitId: c.village1, holderName: '第一书记', role: 'FIRST_SECRETARY', termStart: '2025-03-01' },
    });
    expect(r.data.createPost.post.termEnd).toBe('2028-03-01');
  } finally {
    await other.close();
  }
});
