import { Role } from '../../src/auth/roles';
import { accountWith } from '../support/helpers';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';

/**
 * Safe retries: a mutation sent again with the same Idempotency-Key by the same account within 24
 * hours answers the first answer and writes nothing (src/graphql/idempotency.ts), over HTTP as a front
 * end sends it.
 */
let t: TestApp;
let http: ServedApp;
let village: string;
let admin: string;
let other: string;

beforeAll(async () => {
  // Enough connections for twenty transactions to wait on one key for real.
  t = await createTestApp({ env: { DB_POOL_SIZE: '25', MAX_STATEMENTS_PER_ACCOUNT: '25' } });
  http = await serveHttp(t.app, t.schema);
  const units = await smallCounty(t, 'ID');
  village = units.village1;
  admin = (await signIn(http, 'test-admin', 'test-admin-password')).accessToken;
  await accountWith(t, 'second-admin', Role.ADMIN, units.county);
  other = (await signIn(http, 'second-admin', 'long-enough-password')).accessToken;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const CREATE = `mutation Create($i: CreateMemberInput!) {
  createMember(input: $i) { member { id name } userErrors { code message } }
}`;
const input = (name: string) => ({
  name,
  gender: 'FEMALE',
  birthDate: '1980-03-01',
  category: 'RURAL',
  joinedOn: '2005-01-01',
  fullMemberSince: '2006-01-01',
  branchId: village,
});

async function membersNamed(name: string): Promise<number> {
  const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM member WHERE name = $1`, [name]);
  return n;
}

const send = (variables: Record<string, unknown>, key: string, token = admin, query = CREATE) =>
  http.gql(query, variables, { token, headers: { 'Idempotency-Key': key } });

test('the same createMember sent twice with one key makes one member and answers it twice', async () => {
  const first = await send({ i: input('重试甲') }, 'key-twice');
  const second = await send({ i: input('重试甲') }, 'key-twice');
  expect(first.code).toBe('OK');
  expect(first.body.data.createMember.userErrors).toEqual([]);
  expect(second.body.data.createMember).toEqual(first.body.data.createMember);
  expect(second.body.extensions.idempotentReplay).toEqual(['createMember']);
  expect(first.body.extensions.idempotentReplay).toBeUndefined();
  expect(await membersNamed('重试甲')).toBe(1);
  // Without a key, a repeat writes again: the key is what makes a retry safe.
  await http.gql(CREATE, { i: input('无键') }, { token: admin });
  await http.gql(CREATE, { i: input('无键') }, { token: admin });
  expect(await membersNamed('无键')).toBe(2);
});

test('the same key with another input is CONFLICT and writes nothing', async () => {
  await send({ i: input('冲突甲') }, 'key-conflict');
  const r = await send({ i: input('冲突乙') }, 'key-conflict');
  const payload = r.body.data.createMember;
  expect(payload.member).toBeNull();
  expect(payload.userErrors.map((e: { code: string }) => e.code)).toEqual(['CONFLICT']);
  expect(payload.userErrors[0].message).toMatch(/Idempotency-Key 在 24 小时内已用于另一个请求/);
  expect(await membersNamed('冲突乙')).toBe(0);
  // Another document under the key is another request too, even with the same variables.
  const renamed = await send(
    { i: input('冲突甲') },
    'key-conflict',
    admin,
    CREATE.replace('member { id name }', 'member { id }'),
  );
  expect(renamed.body.data.createMember.userErrors[0].code).toBe('CONFLICT');
  expect(await membersNamed('冲突甲')).toBe(1);
});

test('another account with the same key is independent', async () => {
  const mine = await send({ i: input('账号甲') }, 'key-shared');
  const theirs = await send({ i: input('账号甲') }, 'key-shared', other);
  expect(theirs.body.data.createMember.userErrors).toEqual([]);
  expect(theirs.body.data.createMember.member.id).not.toBe(mine.body.data.createMember.member.id);
  expect(theirs.body.extensions.idempotentReplay).toBeUndefined();
  expect(await membersNamed('账号甲')).toBe(2);
});

test('twenty concurrent sends of one key make one member; every answer is that member', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, () => send({ i: input('并发') }, 'key-race')));
  const ids = new Set(answers.map((a) => a.body.data?.createMember?.member?.id));
  expect(answers.every((a) => a.code === 'OK' && a.body.data.createMember.userErrors.length === 0)).toBe(true);
  expect(ids.size).toBe(1);
  expect(answers.filter((a) => a.body.extensions.idempotentReplay).length).toBe(19);
  expect(await membersNamed('并发')).toBe(1);
});

test('a mutation refused with userErrors records nothing: its corrected retry under the key writes', async () => {
  const bad = await send({ i: { ...input('先错'), joinedOn: '2999-01-01' } }, 'key-fix');
  expect(bad.body.data.createMember.userErrors.length).toBeGreaterThan(0);
  // The same request again is refused again (nothing was recorded), not replayed.
  const again = await send({ i: { ...input('先错'), joinedOn: '2999-01-01' } }, 'key-fix');
  expect(again.body.extensions.idempotentReplay).toBeUndefined();
  const [{ n }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM idempotency_key WHERE idempotency_key = 'key-fix'`,
  );
  expect(n).toBe(0);
  // Nothing recorded, so the corrected request is no conflict under the key: it writes.
  const fixed = await send({ i: input('先错') }, 'key-fix');
  expect(fixed.body.data.createMember.userErrors).toEqual([]);
  expect(await membersNamed('先错')).toBe(1);
});

test('two mutations under one key: the key covers the operation, each field is replayed by its alias', async () => {
  const TWO = `mutation Two($a: CreateMemberInput!, $b: CreateMemberInput!) {
    a: createMember(input: $a) { member { id } userErrors { code } }
    b: createMember(input: $b) { member { id } userErrors { code } }
  }`;
  const vars = { a: input('双甲'), b: input('双乙') };
  const first = await send(vars, 'key-two', admin, TWO);
  const second = await send(vars, 'key-two', admin, TWO);
  expect(second.body.data).toEqual(first.body.data);
  expect(second.body.extensions.idempotentReplay).toEqual(['a', 'b']);
  expect((await membersNamed('双甲')) + (await membersNamed('双乙'))).toBe(2);
});

test('two mutations under one key, one refused: the retry replays the saved one and runs the other again', async () => {
  const TWO = `mutation Two($a: CreateMemberInput!, $b: CreateMemberInput!) {
    a: createMember(input: $a) { member { id } userErrors { code } }
    b: createMember(input: $b) { member { id } userErrors { code } }
  }`;
  const vars = { a: input('半成'), b: { ...input('半败'), joinedOn: '2999-01-01' } };
  const first = await send(vars, 'key-half', admin, TWO);
  expect(first.body.data.a.userErrors).toEqual([]);
  expect(first.body.data.b.userErrors.length).toBeGreaterThan(0);
  const second = await send(vars, 'key-half', admin, TWO);
  expect(second.body.extensions.idempotentReplay).toEqual(['a']);
  expect(second.body.data.a).toEqual(first.body.data.a);
  expect(second.body.data.b.userErrors).toEqual(first.body.data.b.userErrors);
  expect(await membersNamed('半成')).toBe(1);
  expect(await membersNamed('半败')).toBe(0);
});

test('a key of the wrong form is refused; sign-in mutations refuse a key; queries ignore it', async () => {
  const bad = await send({ i: input('坏键') }, 'has space');
  expect(bad.code).toBe('BAD_USER_INPUT');
  expect(bad.body.errors?.[0].message).toMatch(/Idempotency-Key 应为 1–200 个可打印 ASCII 字符/);
  expect(await membersNamed('坏键')).toBe(0);
  const login = await http.gql(
    `mutation { login(input: { username: "test-admin", password: "test-admin-password" }) { accessToken } }`,
    {},
    { headers: { 'Idempotency-Key': 'key-login' } },
  );
  expect(login.code).toBe('BAD_USER_INPUT');
  expect(login.body.errors?.[0].message).toMatch(/^login 不能带 Idempotency-Key 重放/);
  const query = await http.gql(`{ viewer { username } }`, {}, { token: admin, headers: { 'Idempotency-Key': 'x' } });
  expect(query.code).toBe('OK');
});

test('after 24 hours by the app clock the key no longer counts: it writes again, and old keys are cleaned up', async () => {
  await send({ i: input('隔日') }, 'key-day');
  t.clock.advance(24 * 60 * 60 * 1000 - 1000);
  // Access tokens live minutes: sign in again, as a client would after a day.
  admin = (await signIn(http, 'test-admin', 'test-admin-password')).accessToken;
  const within = await send({ i: input('隔日') }, 'key-day');
  expect(within.body.extensions.idempotentReplay).toEqual(['createMember']);
  expect(await membersNamed('隔日')).toBe(1);
  t.clock.advance(2000);
  const after = await send({ i: input('隔日') }, 'key-day');
  expect(after.body.extensions.idempotentReplay).toBeUndefined();
  expect(after.body.data.createMember.userErrors).toEqual([]);
  expect(await membersNamed('隔日')).toBe(2);
  // The keys of the earlier tests are now older than 24 hours: written keys sweep them away.
  const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE created_at <= $1`, [
    new Date(t.clock.now().getTime() - 24 * 60 * 60 * 1000),
  ]);
  expect(n).toBe(0);
  const [{ kept }] = await t.app.db.query(
    `SELECT count(*)::int AS kept FROM idempotency_key WHERE idempotency_key = 'key-day'`,
  );
  expect(kept).toBe(1);
});
