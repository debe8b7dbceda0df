import net from 'node:net';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openApp } from '../../src/app';
import { Role } from '../../src/auth/roles';
import { loadConfig } from '../../src/config';
import type { App } from '../../src/context';
import { createHttpServer } from '../../src/server';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 13: "nothing was written" must be true. The server talks to PostgreSQL through a
 * proxy this test controls, so the connection can die exactly before COMMIT, or after COMMIT reached
 * the server but before its answer came back. The answer must say what is known: SERVICE_UNAVAILABLE
 * (nothing was written) only when COMMIT was never sent; OUTCOME_UNKNOWN when it may have committed —
 * and a read-back (the unit, and its audit event, which commits with it) shows what happened.
 */
jest.setTimeout(120_000);

type Mode = { kind: 'pass' } | { kind: 'cut-before'; marker: string } | { kind: 'lose-commit-answer' };

/** A TCP proxy to PostgreSQL that can cut a connection when a client message matches. */
async function pgProxy(target: { host: string; port: number }) {
  let mode: Mode = { kind: 'pass' };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    let answersLost = false;
    client.on('data', (chunk: Buffer) => {
      if (mode.kind === 'cut-before' && chunk.includes(mode.marker)) {
        // The statement never reaches PostgreSQL: the connection dies under it.
        mode = { kind: 'pass' };
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
      if (mode.kind === 'lose-commit-answer' && chunk[0] === 0x51 /* Q */ && chunk.includes('COMMIT')) {
        // COMMIT reaches PostgreSQL and runs; its answer never comes back.
        mode = { kind: 'pass' };
        answersLost = true;
        client.destroy();
        setTimeout(() => upstream.destroy(), 2000);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!answersLost && !client.destroyed) client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      if (!answersLost) upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    arm: (m: Mode) => (mode = m),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let proxied: App;
let proxy: Awaited<ReturnType<typeof pgProxy>>;
let url: string;
let stop: () => Promise<void>;
let token: string;
let county: string;

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  await accountWith(t, 'commit-admin', Role.ADMIN, null);
  const direct = new URL((t.app.db.options as { url: string }).url);
  proxy = await pgProxy({ host: direct.hostname, port: Number(direct.port) });
  const viaProxy = new URL(direct.toString());
  viaProxy.port = String(proxy.port);
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '2',
    JWT_SECRET: 'x'.repeat(40),
  });
  const opened = await openApp(config, pino({ level: 'silent' }), viaProxy.toString(), {
    migrate: false,
    clock: t.clock,
  });
  proxied = opened.app;
  const { httpServer, apollo } = await createHttpServer(proxied, opened.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  stop = () => apollo.stop();
  const login = await gql(
    `mutation { login(input: { username: "commit-admin", password: "long-enough-password" }) { accessToken } }`,
  );
  token = login.body.data.login.accessToken;
  county = (await t.execute(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit.id;
});

afterAll(async () => {
  await stop?.();
  await proxied?.db.destroy().catch(() => undefined);
  await proxy?.close();
  await t?.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const CREATE = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id } userErrors { code } } }`;
const create = (code: string) =>
  gql(CREATE, { i: { code, name: `测试支部${code}`, kind: 'BRANCH', parentId: county } });

/** What the database holds afterwards, read directly (not through the proxy). */
async function readBack(code: string) {
  const [{ units, audits }] = await t.app.db.query(
    `SELECT (SELECT count(*)::int FROM org_unit WHERE code = $1) AS units,
            (SELECT count(*)::int FROM audit_event WHERE operation = 'createOrgUnit' AND outcome = 'OK'
               AND input->>'code' = $1) AS audits`,
    [code],
  );
  return { written: units === 1, audited: audits === 1 };
}

test('the connection dies before COMMIT is sent: SERVICE_UNAVAILABLE, and indeed nothing was written', async () => {
  proxy.arm({ kind: 'cut-before', marker: 'INSERT INTO audit_event' });
  const r = await create('CUT1');
  expect(r.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  expect(r.body.errors[0].message).toMatch(/没有写入任何内容/);
  expect(await readBack('CUT1')).toEqual({ written: false, audited: false });
});

test('COMMIT reached PostgreSQL but its answer was lost: OUTCOME_UNKNOWN, and the read-back finds the write', async () => {
  proxy.arm({ kind: 'lose-commit-answer' });
  const r = await create('LOST1');
  expect(r.status).toBe(200);
  expect(r.body.errors?.[0]).toMatchObject({
    path: ['createOrgUnit'],
    extensions: { code: 'OUTCOME_UNKNOWN' },
  });
  expect(r.body.errors[0].message).toMatch(/可能已保存，也可能没有/);
  expect(r.body.errors[0].message).not.toMatch(/没有写入任何内容/);
  // It had committed: the unit and its audit event are there, together.
  expect(await readBack('LOST1')).toEqual({ written: true, audited: true });
  // The pool recovers by itself: the next write goes through.
  const next = await create('AFTER1');
  expect(next.body.data.createOrgUnit.userErrors).toEqual([]);
});

test('the backend is terminated while COMMIT runs: OUTCOME_UNKNOWN, and the read-back finds nothing', async () => {
  // A deferred constraint trigger makes COMMIT slow for one unit code, so another session can end the
  // backend while COMMIT is in flight (here the commit does not happen; the client cannot know that).
  await t.app.db.query(`
    CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.code = 'SLOW1' THEN PERFORM pg_sleep(3); END IF; RETURN NULL; END $$`);
  await t.app.db.query(`
    CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON org_unit DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION test_slow_commit()`);
  try {
    const pending = create('SLOW1');
    let killed = false;
    for (let i = 0; i < 100 && !killed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const rows = await t.app.db.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = 'COMMIT' AND state = 'active'`,
      );
      killed = rows.some((row: { done: boolean }) => row.done);
    }
    expect(killed).toBe(true);
    const r = await pending;
    expect(r.body.errors?.[0]?.extensions?.code).toBe('OUTCOME_UNKNOWN');
    expect(await readBack('SLOW1')).toEqual({ written: false, audited: false });
  } finally {
    await t.app.db.query(`DROP TRIGGER test_slow_commit ON org_unit`);
    await t.app.db.query(`DROP FUNCTION test_slow_commit()`);
  }
});
