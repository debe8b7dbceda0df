import path from 'node:path';
import { Role } from '../../src/auth/roles';
import { loadModules } from '../../src/module-system/loader';
import { ModuleRegistry } from '../../src/module-system/registry';
import { buildAppSchema, CORE } from '../../src/schema';
import { idFor } from '../support/people';
import { serveHttp, signIn } from '../support/serve-http';
import { accountWith, enableModule, onDay } from '../support/helpers';
import { smallCounty } from '../support/tree';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Member flags (docs/MODULES.md, "Member flags"): organisational life's NOT_TAKING_PART and the example
 * module's NAMED_IN_NOTE in one list, each only where its module is on at the member's branch, read
 * only inside the reader's scope, and a kind declared twice refused at start-up.
 */
jest.setTimeout(120_000);

const fixtures = path.join(__dirname, '..', 'fixtures', 'modules');
const installed = () => [...loadModules(['organisational-life']), ...loadModules(['notes'], fixtures)];

let t: TestApp;
let a: Awaited<ReturnType<typeof smallCounty>>;
let b: Awaited<ReturnType<typeof smallCounty>>;
let members: string[];

const FLAGGED = `query($u: ID!, $d: Date, $k: [MemberFlagKind!]) { node(id: $u) { ... on OrgUnit {
  flaggedMembers(asOf: $d, kinds: $k) { kind module member { id name } branch { id } since detail } } } }`;
const MEMBER_FLAGS = `query($m: ID!, $d: Date) { node(id: $m) { ... on Member { flags(asOf: $d) { kind since } } } }`;

async function must(query: string, variables: Record<string, unknown>, field?: string) {
  const r = await t.execute(query, variables);
  expect(r.errors).toBeUndefined();
  if (field) expect(r.data[field].userErrors).toEqual([]);
  return r.data;
}

beforeAll(async () => {
  t = await createTestApp({ modules: installed(), now: '2026-06-15' });
  await onDay(t, '2016-01-04', async () => {
    a = await smallCounty(t, 'FA');
    b = await smallCounty(t, 'FB');
    for (const m of ['organisational-life', 'notes']) await enableModule(t, a.county, m);
    members = [];
    for (let i = 0; i < 2; i++) {
      const r = await must(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `提示党员${i}`,
            idCardNumber: idFor('1970-06-06', i % 2 === 0, 300 + i),
            category: 'RURAL',
            joinedOn: '2005-01-01',
            fullMemberSince: '2006-01-01',
            branchId: a.village1,
          },
        },
        'createMember',
      );
      members.push(r.createMember.member.id);
    }
  });
  const [keeps, stops] = members;
  const meeting = (heldOn: string, status: string) =>
    onDay(t, heldOn, () =>
      must(
        `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { code message } } }`,
        {
          i: {
            unitId: a.village1,
            kind: 'THEME_DAY',
            heldOn,
            place: '村部',
            topic: '党日',
            attendance: [
              { memberId: keeps, status: 'PRESENT' },
              { memberId: stops, status },
            ],
          },
        },
        'recordMeeting',
      ),
    );
  // Took part on 31 August 2025, absent after: flagged from 1 March 2026 (six months, Civil Code art. 202).
  await meeting('2025-08-31', 'PRESENT');
  for (const d of ['2025-09-20', '2025-11-20', '2026-01-20']) await meeting(d, 'ABSENT');
  await onDay(t, '2026-04-02', () =>
    must(
      `mutation($i: AddNoteInput!) { addNote(input: $i) { userErrors { code message } } }`,
      { i: { unitId: a.village1, body: '提示党员0 家中有困难，需走访' } },
      'addNote',
    ),
  );
});
afterAll(() => t?.close());

test('both modules’ flags in one list for the county, each with its kind, module, day and detail', async () => {
  const flags = (await must(FLAGGED, { u: a.county })).node.flaggedMembers;
  expect(flags.map((f: any) => [f.kind, f.module, f.member.id, f.branch.id, f.since])).toEqual([
    ['NOT_TAKING_PART', 'organisational-life', members[1], a.village1, '2026-03-01'],
    ['NAMED_IN_NOTE', 'notes', members[0], a.village1, '2026-04-02'],
  ]);
  expect(flags[0].detail).toBe('最后参加 2025-08-31，此后缺席 3 次，最近 2026-01-20');
  // Only the kinds asked; before the six months end, nothing of organisational life.
  const only = (await must(FLAGGED, { u: a.stationA, k: ['NOT_TAKING_PART'] })).node.flaggedMembers;
  expect(only.map((f: any) => f.member.id)).toEqual([members[1]]);
  expect((await must(FLAGGED, { u: a.village1, d: '2026-02-28' })).node.flaggedMembers).toEqual([]);
  // The same flags on the member.
  expect((await must(MEMBER_FLAGS, { m: members[1] })).node.flags).toEqual([
    { kind: 'NOT_TAKING_PART', since: '2026-03-01' },
  ]);
  expect((await must(MEMBER_FLAGS, { m: members[0] })).node.flags).toEqual([
    { kind: 'NAMED_IN_NOTE', since: '2026-04-02' },
  ]);
});

test('a module switched off at the branch: its flags vanish, the other module’s stay; on again, back', async () => {
  await enableModule(t, a.village1, 'organisational-life', false);
  const kinds = async () => (await must(FLAGGED, { u: a.county })).node.flaggedMembers.map((f: any) => f.kind);
  expect(await kinds()).toEqual(['NAMED_IN_NOTE']);
  expect((await must(MEMBER_FLAGS, { m: members[1] })).node.flags).toEqual([]);
  await enableModule(t, a.village1, 'organisational-life', null);
  expect(await kinds()).toEqual(['NOT_TAKING_PART', 'NAMED_IN_NOTE']);
});

test('scoped: a reader of another county sees neither the unit’s list nor the member; the county’s reader sees both', async () => {
  await accountWith(t, 'flag-other', Role.ANALYST, b.county);
  await accountWith(t, 'flag-own', Role.ANALYST, a.county);
  const other = await t.as('flag-other');
  expect((await other(FLAGGED, { u: a.county })).data?.node ?? null).toBeNull();
  expect((await other(MEMBER_FLAGS, { m: members[1] })).data?.node ?? null).toBeNull();
  const theirs = await other(FLAGGED, { u: b.county });
  expect(theirs.errors).toBeUndefined();
  expect(theirs.data.node.flaggedMembers).toEqual([]);
  const own = await t.as('flag-own');
  const mine = await own(FLAGGED, { u: a.county });
  expect(mine.data.node.flaggedMembers.map((f: any) => f.member.id)).toEqual([members[1], members[0]]);
});

test('batched: three units, or two members, cost the statements of one', async () => {
  const units = (ids: string[]) =>
    `{ ${ids.map((id, i) => `u${i}: node(id: "${id}") { ... on OrgUnit { flaggedMembers { kind member { name } } } }`).join(' ')} }`;
  const one = await t.execute(units([a.village1]));
  const three = await t.execute(units([a.village1, a.village2, a.stationA]));
  expect(three.errors).toBeUndefined();
  expect(three.sql).toBe(one.sql);
  const people = (ids: string[]) =>
    `{ ${ids.map((id, i) => `m${i}: node(id: "${id}") { ... on Member { flags { kind } } }`).join(' ')} }`;
  expect((await t.execute(people(members))).sql).toBe((await t.execute(people([members[0]]))).sql);
});

test('the registry refuses a member-flag kind declared twice, naming both modules', () => {
  const [orgLife, notes] = installed();
  const twice = { ...notes, memberFlags: [...notes.memberFlags!, orgLife.memberFlags![0]] };
  expect(() => ModuleRegistry.create([orgLife, twice], CORE)).toThrow(
    'Member flag kind "NOT_TAKING_PART" is declared by both module "notes" and module "organisational-life"',
  );
});

test('where no installed module flags anyone, the schema has no flag fields (an enum needs a value)', async () => {
  const bare = await buildAppSchema(ModuleRegistry.create([], CORE));
  expect(bare.getType('MemberFlag')).toBeUndefined();
  expect(bare.getType('MemberFlagKind')).toBeUndefined();
  expect(Object.keys((bare.getType('Member') as any).getFields())).not.toContain('flags');
  expect(Object.keys((bare.getType('OrgUnit') as any).getFields())).not.toContain('flaggedMembers');
});

test('the detail in the reader’s language: Chinese by default, English when Accept-Language prefers it', async () => {
  await accountWith(t, 'flag-reader', Role.ANALYST, a.county);
  const served = await serveHttp(t.app, t.schema);
  try {
    const { accessToken } = await signIn(served, 'flag-reader', 'long-enough-password');
    const detail = async (headers: Record<string, string>) => {
      const r = await served.gql(FLAGGED, { u: a.county, k: ['NOT_TAKING_PART'] }, { token: accessToken, headers });
      expect(r.body.errors).toBeUndefined();
      return r.body.data.node.flaggedMembers.map((f: any) => f.detail);
    };
    expect(await detail({})).toEqual(['最后参加 2025-08-31，此后缺席 3 次，最近 2026-01-20']);
    expect(await detail({ 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' })).toEqual([
      'last took part 2025-08-31, absent 3 times since, last 2026-01-20',
    ]);
  } finally {
    await served.close();
  }
});

test('a member transferred after the day: flagged on that day at the branch they then belonged to, not the new one', async () => {
  const moved = await t.execute(
    `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`,
    { i: { memberId: members[1], toBranchId: a.village2, effectiveOn: '2026-06-10' } },
  );
  expect(moved.data.transferMember.userErrors).toEqual([]);
  const day = '2026-06-01';
  const at = async (u: string) =>
    (await must(FLAGGED, { u, d: day, k: ['NOT_TAKING_PART'] })).node.flaggedMembers.map((f: any) => [
      f.member.id,
      f.branch.id,
    ]);
  expect(await at(a.village1)).toEqual([[members[1], a.village1]]);
  expect(await at(a.village2)).toEqual([]);
  expect((await must(MEMBER_FLAGS, { m: members[1], d: day })).node.flags).toEqual([
    { kind: 'NOT_TAKING_PART', since: '2026-03-01' },
  ]);
});
