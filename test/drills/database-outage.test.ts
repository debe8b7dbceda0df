import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openApp } from '../../src/app';
import { Role } from '../../src/auth/roles';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { listen, type RunningServer } from '../../src/server';
import type { App } from '../../src/context';
import { freePort, graphql } from '../../bench/support/server-process';

/**
 * PostgreSQL stopped under load and started again, against a cluster of this test's own (the shared
 * test cluster keeps serving the other files): requests during the outage fail fast with
 * SERVICE_UNAVAILABLE, nothing hangs, the server serves again without a restart, and every write
 * that was acknowledged is in the database afterwards.
 */
jest.setTimeout(120_000);

const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined } as any;
const dir = path.join(os.tmpdir(), `jiceng-outage-${process.pid}`);
let port: number;
let pgHandle: EmbeddedPostgresHandle | null = null;
let app: App;
let server: RunningServer;
let token: string;

const startPostgres = async () => {
  pgHandle = await startEmbeddedPostgres({ dir, port, log: quiet, persistent: true, settings: { fsync: 'off' } });
};

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  graphql(server.url, token ?? null, query, variables, 15_000);

beforeAll(async () => {
  port = await freePort();
  await startPostgres();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '4', PORT: '0', HOST: '127.0.0.1' });
  const opened = await openApp(config, pino({ level: 'silent' }), pgHandle!.url('drill'));
  app = opened.app;
  await app.db.transaction(async (tx) => {
    const account = await app.auth.createAccount(tx, {
      username: 'drill-admin',
      displayName: 'drill',
      password: 'drill-admin-password',
      memberId: null,
    });
    await app.auth.grant(tx, account.id, null, Role.ADMIN, null);
  });
  server = await listen(app, opened.schema, 0, '127.0.0.1');
  const login = await gql(
    `mutation { login(input: { username: "drill-admin", password: "drill-admin-password" }) { accessToken } }`,
  );
  if (!login.body.data?.login?.accessToken) throw new Error(JSON.stringify(login.body));
  token = login.body.data.login.accessToken;
});

afterAll(async () => {
  await server?.stop();
  await app?.db.destroy().catch(() => undefined);
  await pgHandle?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const CREATE = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id code } userErrors { code } } }`;

test('outage under load: fail fast with SERVICE_UNAVAILABLE, serve again without a restart, lose no acknowledged write', async () => {
  const acknowledged: string[] = [];
  const outcomes: { code: string; ms: number; status: number }[] = [];
  let n = 0;
  let running = true;
  // Four clients writing and reading in a loop, through the outage.
  const client = async (c: number) => {
    while (running) {
      const code = `DRILL-${c}-${n++}`;
      const write = await gql(CREATE, {
        i: { code, name: `演练${code}`, kind: 'COUNTY_COMMITTEE', establishedOn: '2020-01-01' },
      }).catch((e) => ({ code: `FETCH:${(e as Error).name}`, ms: 15_000, status: 0, body: {} as any }));
      outcomes.push({ code: write.code, ms: write.ms, status: write.status });
      if (write.code === 'OK' && write.body.data?.createOrgUnit?.orgUnit) acknowledged.push(code);
      const read = await gql(`{ viewer { account { username } } orgUnits(first: 5) { totalCount } }`).catch(() => ({
        code: 'FETCH',
        ms: 15_000,
        status: 0,
      }));
      outcomes.push({ code: read.code, ms: read.ms, status: read.status });
    }
  };
  const load = Promise.all([0, 1, 2, 3].map(client));
  await sleep(1500);
  const beforeOutage = acknowledged.length;
  await pgHandle!.stop();
  const outageStarted = outcomes.length;
  await sleep(3000);
  const duringOutage = outcomes.slice(outageStarted);
  await startPostgres();
  // The pool reconnects by itself: wait until requests succeed again, then keep the load a little longer.
  const restartedAt = outcomes.length;
  for (let waited = 0; waited < 30_000 && !outcomes.slice(restartedAt).some((o) => o.code === 'OK'); waited += 200)
    await sleep(200);
  await sleep(1500);
  running = false;
  await load;

  expect(beforeOutage).toBeGreaterThan(5);
  expect(duringOutage.length).toBeGreaterThan(10);
  // During the outage: only our code, quickly, never a hang or an internal error.
  const codes = new Set(duringOutage.map((o) => o.code));
  expect([...codes].filter((c) => c !== 'SERVICE_UNAVAILABLE' && c !== 'OK')).toEqual([]);
  expect(codes.has('SERVICE_UNAVAILABLE')).toBe(true);
  expect(Math.max(...duringOutage.map((o) => o.ms))).toBeLessThan(6000);
  expect(outcomes.filter((o) => o.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
  // Served again without a restart.
  expect(outcomes.slice(-8).filter((o) => o.code === 'OK').length).toBeGreaterThan(0);
  const ready = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
  expect(ready.status).toBe(200);
  // No acknowledged write lost.
  const rows = await app.db.query(`SELECT code FROM org_unit WHERE code = ANY($1)`, [acknowledged]);
  expect(rows.length).toBe(acknowledged.length);
  // eslint-disable-next-line no-console
  console.info(
    `outage drill: ${beforeOutage} writes before, ${duringOutage.length} requests during the 3 s outage (slowest ${Math.max(...duringOutage.map((o) => o.ms))} ms, codes ${[...codes].join(', ')}), ${acknowledged.length} acknowledged writes all present after`,
  );
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
