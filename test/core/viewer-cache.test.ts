import pg from 'pg';
import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { App } from '../../src/context';
import { LOGOUT, serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Each process keeps its signed-in viewers between requests (src/auth/viewer-cache.ts) and empties them
 * when PostgreSQL notifies a change to accounts, sessions, grants or the tree, whoever made it. Over
 * HTTP, with a second app on the same database standing for a second process.
 */
jest.setTimeout(120_000);

const PASSWORD = 'jiceng-demo-2026';
const JWT_SECRET = 'viewer-cache-test-secret-of-enough-length-0123';
const READ = '{ viewer { username grants { id role } } orgUnit(code: "JB01") { name } }';
const REVOKE = `mutation($g: ID!) { revokeGrant(input: { grantId: $g }) { userErrors { code } } }`;
const DISABLE = `mutation($a: ID!, $d: Boolean!) {
  setAccountDisabled(input: { accountId: $a, disabled: $d }) { userErrors { code } }
}`;

let t: TestApp;
let server: ServedApp;
let second: { app: App; served: ServedApp } | null = null;

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { JWT_SECRET } });
  server = await serveHttp(t.app, t.schema);
  const url = (t.app.db.options as { url: string }).url;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '2', JWT_SECRET });
  const opened = await openApp(config, pino({ level: 'silent' }), url, { migrate: false, clock: t.clock });
  second = { app: opened.app, served: await serveHttp(opened.app, opened.schema) };
});
afterAll(async () => {
  await server?.close();
  if (second) {
    await second.served.close();
    await second.app.events.close();
    await second.app.db.destroy();
  }
  await t?.close();
});

/** Waits until the app's viewers are kept (its listening connection is up; the first request starts it). */
async function listening(app: App, s: ServedApp, token: string) {
  await s.gql(READ, {}, { token });
  for (let i = 0; i < 200 && !app.auth.viewers!.live; i++) await new Promise((r) => setTimeout(r, 10));
  expect(app.auth.viewers!.live).toBe(true);
  // A new listener may still be handed notifications committed just before it listened (PostgreSQL says
  // so): they empty the cache once more. Past its own round trip, none is left to arrive.
  await app.auth.viewers!.settle();
}

/** A fresh analyst of the county, created by its administrator and signed in. */
async function analyst(
  name: string,
): Promise<{ token: string; refreshToken: string; grantId: string; accountId: string }> {
  const admin = (await signIn(server, 'county-admin', PASSWORD)).accessToken;
  const county = (await server.gql('{ orgUnit(code: "JB01") { id } }', {}, { token: admin })).body.data.orgUnit.id;
  const created = await server.gql(
    `mutation($u: String!, $p: String!, $c: ID!) {
       createAccount(input: { username: $u, displayName: $u, password: $p, grant: { role: ANALYST, unitId: $c } }) {
         account { id grants { id } } userErrors { code message }
       }
     }`,
    { u: name, p: PASSWORD, c: county },
    { token: admin },
  );
  const account = created.body.data.createAccount.account;
  const signedIn = await signIn(server, name, PASSWORD);
  return { ...signedIn, token: signedIn.accessToken, grantId: account.grants[0].id, accountId: account.id };
}

const adminToken = async () => (await signIn(server, 'county-admin', PASSWORD)).accessToken;

test('a kept viewer saves the statement that loads it; a grant revoked here stops at the very next request', async () => {
  const a = await analyst('vc-one');
  await listening(t.app, server, a.token);
  // A new session: its token's viewer is not kept yet.
  a.token = (await signIn(server, 'vc-one', PASSWORD)).accessToken;
  const first = await server.gql(READ, {}, { token: a.token });
  const again = await server.gql(READ, {}, { token: a.token });
  expect(first.code).toBe('OK');
  expect(first.body.data.orgUnit.name).toBeTruthy();
  expect(again.body.data).toEqual(first.body.data);
  // The second request found its viewer kept: one statement fewer (counted by the server).
  expect(again.body.extensions.sqlStatements).toBe(first.body.extensions.sqlStatements - 1);

  // Notifications reach this process late (held 300 ms each, in order): the revocation's answer waits.
  const admin = await adminToken();
  t.app.auth.viewers!.seam.beforeNotified = () => new Promise((r) => setTimeout(r, 300));
  try {
    expect((await server.gql(REVOKE, { g: a.grantId }, { token: admin })).body.data.revokeGrant).toEqual({
      userErrors: [],
    });
  } finally {
    t.app.auth.viewers!.seam = {};
  }
  // The revocation's answer went out once this process had heard of it: the next request is judged anew.
  const after = await server.gql(READ, {}, { token: a.token });
  expect(after.body.data.viewer.grants).toEqual([]);
  expect(after.body.data.orgUnit).toBeNull();
});

test('a logout here stops its access token at the very next request', async () => {
  const a = await analyst('vc-two');
  await listening(t.app, server, a.token);
  expect((await server.gql(READ, {}, { token: a.token })).code).toBe('OK');
  t.app.auth.viewers!.seam.beforeNotified = () => new Promise((r) => setTimeout(r, 300));
  try {
    expect((await server.gql(LOGOUT, { t: a.refreshToken }, { token: a.token })).body.data.logout.loggedOut).toBe(true);
  } finally {
    t.app.auth.viewers!.seam = {};
  }
  expect((await server.gql(READ, {}, { token: a.token })).code).toBe('UNAUTHENTICATED');
});

/** Requests on `s` until `done` holds of the answer; how long it took (ms), or fails after two seconds. */
async function until(s: ServedApp, token: string, done: (r: Awaited<ReturnType<ServedApp['gql']>>) => boolean) {
  const from = performance.now();
  for (;;) {
    if (done(await s.gql(READ, {}, { token }))) return performance.now() - from;
    if (performance.now() - from > 2000) throw new Error('the change did not reach the process within 2 s');
  }
}

test('another process hears of a disabled account, and of a grant revoked in psql, within milliseconds', async () => {
  const other = second!;
  const a = await analyst('vc-three');
  await listening(other.app, other.served, a.token);
  a.token = (await signIn(server, 'vc-three', PASSWORD)).accessToken;
  const warm = await other.served.gql(READ, {}, { token: a.token });
  expect(warm.code).toBe('OK');
  expect((await other.served.gql(READ, {}, { token: a.token })).body.extensions.sqlStatements).toBe(
    warm.body.extensions.sqlStatements - 1,
  );
  // Disabled through the first process: the second stops the account's token once notified.
  const disabled = await server.gql(DISABLE, { a: a.accountId, d: true }, { token: await adminToken() });
  expect(disabled.body.data.setAccountDisabled.userErrors).toEqual([]);
  const ms = await until(other.served, a.token, (r) => r.code === 'UNAUTHENTICATED');
  expect(ms).toBeLessThan(2000);

  // An operator's change in psql is heard too: the triggers notify whoever writes.
  const b = await analyst('vc-four');
  await listening(other.app, other.served, b.token);
  expect((await other.served.gql(READ, {}, { token: b.token })).body.data.orgUnit).not.toBeNull();
  const psql = new pg.Client({ connectionString: (t.app.db.options as { url: string }).url });
  await psql.connect();
  try {
    await psql.query(
      `UPDATE access_grant SET revoked_at = now() WHERE account_id = (SELECT id FROM account WHERE username = 'vc-four')`,
    );
  } finally {
    await psql.end();
  }
  await until(other.served, b.token, (r) => r.code === 'OK' && r.body.data.orgUnit === null);
});

test('while its listening connection is down a process keeps no viewer, and keeps them again once it is back', async () => {
  const a = await analyst('vc-five');
  await listening(t.app, server, a.token);
  const viewers = t.app.auth.viewers!;
  const psql = new pg.Client({ connectionString: (t.app.db.options as { url: string }).url });
  await psql.connect();
  try {
    // The listener's backend ends (a restart of PostgreSQL's side, a network cut): nothing is kept.
    await psql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'jiceng-viewers'`,
    );
    for (let i = 0; i < 200 && viewers.live; i++) await new Promise((r) => setTimeout(r, 5));
    expect(viewers.live).toBe(false);
    // A change now would have no notification to announce it: every request loads its viewer.
    await psql.query(`UPDATE account SET disabled = true WHERE username = 'vc-five'`);
    expect((await server.gql(READ, {}, { token: a.token })).code).toBe('UNAUTHENTICATED');
    await psql.query(`UPDATE account SET disabled = false WHERE username = 'vc-five'`);
  } finally {
    await psql.end();
  }
  // It reconnects by itself, and viewers are kept again.
  for (let i = 0; i < 400 && !viewers.live; i++) await new Promise((r) => setTimeout(r, 10));
  expect(viewers.live).toBe(true);
  await viewers.settle();
  const first = await server.gql(READ, {}, { token: a.token });
  expect(first.code).toBe('OK');
  expect((await server.gql(READ, {}, { token: a.token })).body.extensions.sqlStatements).toBe(
    first.body.extensions.sqlStatements - 1,
  );
});

test('a listener that stops hearing (its settle unanswered for 2 s) is dropped and replaced, keeping nothing meanwhile', async () => {
  const a = await analyst('vc-six');
  await listening(t.app, server, a.token);
  const viewers = t.app.auth.viewers!;
  // Notifications stop reaching the process, as on a connection cut without a word.
  viewers.seam.beforeNotified = () => new Promise<void>(() => undefined);
  try {
    const started = performance.now();
    await viewers.settle();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect(viewers.live).toBe(false);
  } finally {
    viewers.seam = {};
  }
  for (let i = 0; i < 400 && !viewers.live; i++) await new Promise((r) => setTimeout(r, 10));
  expect(viewers.live).toBe(true);
  expect((await server.gql(READ, {}, { token: a.token })).code).toBe('OK');
});
