import type { AddressInfo } from 'node:net';
import { Role } from '../../src/auth/roles';
import { plusDays } from '../../src/calendar';
import { idCardCheckChar } from '../../src/org/id-card';
import { createHttpServer } from '../../src/server';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit } from '../support/tree';

/**
 * Issue 14, item 4: an analyst sees ID numbers masked (4507**********7293), but digits 7–14 are the
 * birth date, so with the county's public region code the birth date gives the whole number back.
 * The attack is repeated here over HTTP as an analyst, through every channel the analyst can read:
 * the member's fields, the cursors of a list ordered by birth date, forged cursors, age filters, and
 * figures over a one-member branch. Not one number may be rebuilt.
 *
 * The clock is pinned (a Wednesday, 25 November 2026); the county's region code is 450702.
 */

const REGION = '450702';
const MEMBERS = 40;
let t: TestApp;
let url: string;
let stop: () => Promise<void>;
const token: Record<string, string> = {};
const userErrors = 'userErrors { code field message }';
const at: Record<string, string> = {};

interface Truth {
  id: string;
  birthDate: string;
  idCardNumber: string;
}
const truth: Truth[] = [];

const idFor = (birthDate: string, seq: number) => {
  const first17 = `${REGION}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

async function http(who: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${token[who]}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[]; extensions?: { requestId?: string } };
}

async function signIn(username: string): Promise<void> {
  const r = await http(
    null,
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken ${userErrors} } }`,
    { u: username, p: 'long-enough-password' },
  );
  if (!r.data?.login?.accessToken) throw new Error(`sign-in of ${username}: ${JSON.stringify(r)}`);
  token[username] = r.data.login.accessToken;
}

async function createMember(input: Record<string, unknown>): Promise<string> {
  const r = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`,
    { i: { category: 'RURAL', joinedOn: '2020-01-01', fullMemberSince: '2021-01-01', ...input } },
  );
  if (r.errors || r.data.createMember.userErrors.length) throw new Error(JSON.stringify(r));
  return r.data.createMember.member.id;
}

/** A deterministic spread of birth dates over 1950–1999, never on 1 January (see the cursor check). */
function birthDates(n: number): string[] {
  let x = 20261125;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: n }, () => plusDays(`${1950 + (next() % 50)}-01-02`, next() % 360));
}

/** A cursor's sort keys (after the tag of its order, src/graphql/connection.ts). */
const cursorKeys = (cursor: string): unknown[] =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).slice(1);
const orderTagOf = (cursor: string): unknown => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[0];

const MEMBER_FIELDS = `id idCardNumber gender age birthDate birthYear`;

beforeAll(async () => {
  t = await createTestApp();
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  stop = () => apollo.stop();

  const unit = (code: string, kind: string, parentId?: string, extra: object = {}) =>
    createUnit(t, { code, name: `${code}党组织`, kind, parentId, establishedOn: '2000-01-01', ...extra });
  at.county = await unit('LJ', 'COUNTY_COMMITTEE');
  at.township = await unit('LJ-T1', 'TOWNSHIP_COMMITTEE', at.county);
  at.station = await unit('LJ-T1-S1', 'WORK_STATION', at.township);
  at.village = await unit('LJ-V1', 'BRANCH', at.station, { sector: 'RURAL' });
  at.station2 = await unit('LJ-T1-S2', 'WORK_STATION', at.township);
  at.villageEarly = await unit('LJ-V2', 'BRANCH', at.station2, { sector: 'RURAL' });
  at.villageLate = await unit('LJ-V3', 'BRANCH', at.station2, { sector: 'RURAL' });
  for (const [i, birthDate] of birthDates(MEMBERS).entries()) {
    const idCardNumber = idFor(birthDate, 100 + i);
    const id = await createMember({ name: `党员${i}`, idCardNumber, branchId: at.village, phone: '13912345678' });
    truth.push({ id, birthDate, idCardNumber });
  }
  // Two members born in 1980, one before and one after today's month and day, each alone in a branch.
  for (const [birthDate, branchId, seq] of [
    ['1980-03-01', at.villageEarly, 901],
    ['1980-12-20', at.villageLate, 902],
  ] as const) {
    const idCardNumber = idFor(birthDate, seq);
    const id = await createMember({ name: `党员${seq}`, idCardNumber, branchId });
    truth.push({ id, birthDate, idCardNumber });
  }
  await accountWith(t, 'analyst', Role.ANALYST, at.county);
  await accountWith(t, 'station', Role.STATION_STAFF, at.station);
  await accountWith(t, 'county-admin', Role.ADMIN, at.county);
  for (const u of ['analyst', 'station', 'county-admin']) await signIn(u);
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

/** Every GB 11643 number consistent with the masked number and the birth dates still possible. */
function candidates(masked: string, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) {
    const first17 = `${REGION}${d.replace(/-/g, '')}${masked.slice(-4, -1)}`;
    const n = first17 + idCardCheckChar(first17);
    if (n.slice(0, 4) === masked.slice(0, 4) && n.slice(-4) === masked.slice(-4)) out.push(n);
  }
  return out;
}

test('the attack: with the masked number, the public region code and everything an analyst reads, no number is rebuilt', async () => {
  // Whatever the Member type offers of birth dates (the attacker reads the schema first).
  const offered = (await http('analyst', `{ __type(name: "Member") { fields { name } } }`)).data.__type.fields.map(
    (f: { name: string }) => f.name,
  );
  const fields = MEMBER_FIELDS.split(' ').filter((f) => offered.includes(f));
  const r = await http(
    'analyst',
    `query($u: ID!) { node(id: $u) { ... on OrgUnit {
        members(includeDescendants: true, first: 100, orderBy: { field: BIRTH_DATE }) { edges { cursor node { ${fields.join(' ')} } } } } } }`,
    { u: at.county },
  );
  expect(r.errors).toBeUndefined();
  const edges: { cursor: string; node: any }[] = r.data.node.members.edges;
  expect(edges).toHaveLength(truth.length);
  const rebuilt: string[] = [];
  const fewest = { n: Infinity };
  for (const { cursor, node } of edges) {
    const real = truth.find((x) => x.id === node.id)!;
    expect(node.idCardNumber).toBe(`${real.idCardNumber.slice(0, 4)}**********${real.idCardNumber.slice(-4)}`);
    // What the analyst learns of the birth date: the date itself, the year, or a sort key in the cursor.
    let [from, to] = ['1900-01-01', t.today];
    if (node.birthDate) [from, to] = [node.birthDate, node.birthDate];
    if (node.birthYear)
      [from, to] = [
        `${node.birthYear}-01-01` > from ? `${node.birthYear}-01-01` : from,
        `${node.birthYear}-12-31` < to ? `${node.birthYear}-12-31` : to,
      ];
    const key = cursorKeys(cursor)[0];
    if (typeof key === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key) && !key.endsWith('-01-01')) [from, to] = [key, key];
    const numbers = candidates(node.idCardNumber, from, to);
    expect(numbers).toContain(real.idCardNumber);
    fewest.n = Math.min(fewest.n, numbers.length);
    if (numbers.length === 1) rebuilt.push(node.idCardNumber);
  }
  expect({ rebuilt: rebuilt.length, of: truth.length }).toEqual({ rebuilt: 0, of: truth.length });
  // A birth year leaves about a thirty-three numbers per member (365 days, one check digit in 11).
  expect(fewest.n).toBeGreaterThanOrEqual(20);
});

test('a masked viewer reads the birth year and the age reached this year, never the date; a full viewer reads the date', async () => {
  const late = truth.find((x) => x.birthDate === '1980-12-20')!;
  const q = `query($id: ID!) { node(id: $id) { ... on Member { birthDate birthYear age idCardNumber } } }`;
  expect((await http('analyst', q, { id: late.id })).data.node).toEqual({
    birthDate: null,
    birthYear: 1980,
    age: 46, // 2026 − 1980; whole years today would be 45, which tells the birthday is still to come
    idCardNumber: `4507**********${late.idCardNumber.slice(-4)}`,
  });
  expect((await http('county-admin', q, { id: late.id })).data.node).toEqual({
    birthDate: '1980-12-20',
    birthYear: 1980,
    age: 45,
    idCardNumber: late.idCardNumber,
  });
});

test('ordered by birth date, a masked viewer gets birth years: cursors carry no date, and forged cursors cannot split a year', async () => {
  const LIST = `query($u: ID!, $after: String) { node(id: $u) { ... on OrgUnit {
      members(includeDescendants: true, first: 100, orderBy: { field: BIRTH_DATE }, after: $after) { edges { cursor node { id } } } } } }`;
  const all = (await http('analyst', LIST, { u: at.county })).data.node.members.edges;
  const yearOf = (id: string) => truth.find((x) => x.id === id)!.birthDate.slice(0, 4);
  // In order of birth year (then record), every cursor's date on 1 January.
  const years = all.map((e: any) => yearOf(e.node.id));
  expect(years).toEqual([...years].sort());
  for (const e of all) expect(cursorKeys(e.cursor)[0]).toBe(`${yearOf(e.node.id)}-01-01`);
  const cursorsText = all.map((e: any) => Buffer.from(e.cursor, 'base64url').toString('utf8')).join(' ');
  for (const x of truth) expect(cursorsText).not.toContain(x.birthDate);

  // Bisection by forged cursors: "after (the day before the birthday)" and "after (the birthday)" must agree.
  // Forged with the order's own tag, so the list compares their keys.
  const tag = orderTagOf(all[0].cursor);
  const forged = (day: string) => Buffer.from(JSON.stringify([tag, day, 2147483647])).toString('base64url');
  for (const x of truth.slice(0, 8)) {
    const after = async (day: string) =>
      (await http('analyst', LIST, { u: at.county, after: forged(day) })).data.node.members.edges.some(
        (e: any) => e.node.id === x.id,
      );
    expect({ member: x.id, before: await after(plusDays(x.birthDate, -1)) }).toEqual({
      member: x.id,
      before: await after(x.birthDate),
    });
  }
});

test('age filters and figures treat a masked member by birth year: two members born in 1980 cannot be told apart', async () => {
  const early = truth.find((x) => x.birthDate === '1980-03-01')!.id;
  const late = truth.find((x) => x.birthDate === '1980-12-20')!.id;
  const FILTER = `query($u: ID!, $f: MemberFilterInput) { node(id: $u) { ... on OrgUnit {
      members(first: 100, includeDescendants: true, filter: $f) { nodes { id } } } } }`;
  for (const f of [{ minAge: 46 }, { maxAge: 45 }, { minAge: 46, maxAge: 46 }]) {
    const answer = await http('analyst', FILTER, { u: at.station2, f });
    expect(answer.errors).toBeUndefined();
    const ids = answer.data.node.members.nodes.map((n: any) => n.id);
    expect({ f, sameAnswer: ids.includes(early) === ids.includes(late) }).toEqual({ f, sameAnswer: true });
  }
  const STATS = `query($a: ID!, $b: ID!) {
    a: node(id: $a) { ... on OrgUnit { memberStats { averageAge aged35AndUnder ageBands { band count } } } }
    b: node(id: $b) { ... on OrgUnit { memberStats { averageAge aged35AndUnder ageBands { band count } } } } }`;
  const stats = (await http('analyst', STATS, { a: at.villageEarly, b: at.villageLate })).data;
  expect(stats.a.memberStats).toEqual(stats.b.memberStats);
  expect(stats.a.memberStats.averageAge).toBe(46);
  // An administrator of the county sees whole years today.
  const full = (await http('county-admin', STATS, { a: at.villageEarly, b: at.villageLate })).data;
  expect([full.a.memberStats.averageAge, full.b.memberStats.averageAge]).toEqual([46, 45]);
});

test('a writer who sees the record masked cannot probe the birth date by edits, and audit inputs hide it', async () => {
  // A member of the station's village, with a birthday well inside the year.
  const x = truth.find((m) => m.birthDate.slice(5) > '01-10' && m.birthDate.slice(5) < '12-20')!;
  const turned18 = `${Number(x.birthDate.slice(0, 4)) + 18}${x.birthDate.slice(4)}`;
  const UPDATE = `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { ${userErrors} } }`;
  // The right and a wrong birth date get the same answer: neither is checked against the ID number on record.
  const right = await http('station', UPDATE, { i: { id: x.id, birthDate: x.birthDate } });
  const wrong = await http('station', UPDATE, { i: { id: x.id, birthDate: plusDays(x.birthDate, 1) } });
  expect(right.data.updateMember.userErrors).toEqual(wrong.data.updateMember.userErrors);
  expect(right.data.updateMember.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', field: ['input', 'birthDate'], message: expect.stringContaining('遮蔽') },
  ]);
  // Joining dates in the year the member turned 18 would be judged by the hidden birthday.
  const before = await http('station', UPDATE, { i: { id: x.id, joinedOn: plusDays(turned18, -1) } });
  const after = await http('station', UPDATE, { i: { id: x.id, joinedOn: plusDays(turned18, 1) } });
  expect(before.data.updateMember.userErrors).toEqual(after.data.updateMember.userErrors);
  expect(before.data.updateMember.userErrors[0]).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: ['input', 'joinedOn'],
  });
  // Other years are decided by the birth year, which the writer sees: accepted.
  const later = `${Number(turned18.slice(0, 4)) + 1}-06-01`;
  expect((await http('station', UPDATE, { i: { id: x.id, joinedOn: later } })).data.updateMember.userErrors).toEqual(
    [],
  );
  // Someone who sees the record in full corrects it as before.
  expect(
    (await http('county-admin', UPDATE, { i: { id: x.id, joinedOn: plusDays(turned18, 1) } })).data.updateMember
      .userErrors,
  ).toEqual([]);

  const created = await http(
    'county-admin',
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { ${userErrors} } }`,
    {
      i: {
        name: '新党员',
        gender: 'MALE',
        birthDate: '1990-06-15',
        category: 'RURAL',
        joinedOn: '2015-01-01',
        branchId: at.village,
      },
    },
  );
  const [event] = await t.app.db.query(`SELECT input FROM audit_event WHERE request_id = $1`, [
    created.extensions?.requestId,
  ]);
  expect(event.input).toMatchObject({ name: '新党员', birthDate: '[redacted]' });
});
