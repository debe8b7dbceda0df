import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openApp } from '../../src/app';
import { Role } from '../../src/auth/roles';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { listen, type RunningServer } from '../../src/server';
import type { App } from '../../src/context';
import { freePort, graphql } from '../../bench/support/server-process';
import { reportFigure } from '../support/helpers';
import { TEST_NOW } from '../support/test-app';

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
  // The application's clock, pinned like every test's (tokens are signed and checked against it).
  const clock = new ManualClock(config.timeZone, TEST_NOW);
  const opened = await openApp(config, pino({ level: 'silent' }), pgHandle!.url('drill'), { clock });
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
// A read that needs the database twice over: the viewer and its grants, then a count of units.
const READ = `{ viewer { username } orgUnits(first: 5) { totalCount } }`;

type Outcome = { kind: 'write' | 'read'; code: string; ms: number; status: number };

test('outage under load: fail fast with SERVICE_UNAVAILABLE, serve again without a restart, lose no acknowledged write', async () => {
  const acknowledged: string[] = [];
  const outcomes: Outcome[] = [];
  let n = 0;
  let running = true;
  // Four clients writing and reading in a loop, through the outage.
  const client = async (c: number) => {
    while (running) {
      const code = `DRILL-${c}-${n++}`;
      const write = await gql(CREATE, {
        i: { code, name: `演练${code}`, kind: 'COUNTY_COMMITTEE', establishedOn: '2020-01-01' },
      }).catch((e) => ({ code: `FETCH:${(e as Error).name}`, ms: 15_000, status: 0, body: {} as any }));
      outcomes.push({ kind: 'write', code: write.code, ms: write.ms, status: write.status });
      if (write.code === 'OK' && write.body.data?.createOrgUnit?.orgUnit) acknowledged.push(code);
      const read = await gql(READ).catch((e) => ({
        code: `FETCH:${(e as Error).name}`,
        ms: 15_000,
        status: 0,
        body: {} as any,
      }));
      // An answer without errors must be a whole answer: the viewer and a count.
      const whole =
        read.body.data?.viewer?.username === 'drill-admin' && Number.isInteger(read.body.data?.orgUnits?.totalCount);
      outcomes.push({
        kind: 'read',
        code: read.code === 'OK' && !whole ? 'INCOMPLETE' : read.code,
        ms: read.ms,
        status: read.status,
      });
    }
  };
  const ok = (from: number, kind: Outcome['kind']) =>
    outcomes.slice(from).filter((o) => o.kind === kind && o.code === 'OK').length;
  const load = Promise.all([0, 1, 2, 3].map(client));
  // Under load first: enough reads and writes answered before PostgreSQL goes away.
  for (let waited = 0; waited < 20_000 && (ok(0, 'write') < 10 || ok(0, 'read') < 10); waited += 100) await sleep(100);
  const beforeOutage = { writes: ok(0, 'write'), reads: ok(0, 'read'), requests: outcomes.length };
  await pgHandle!.stop();
  const outageStarted = outcomes.length;
  await sleep(3000);
  const duringOutage = outcomes.slice(outageStarted);
  await startPostgres();
  // The pool reconnects by itself: wait until reads and writes succeed again, then keep the load a little longer.
  const restartedAt = outcomes.length;
  for (let waited = 0; waited < 30_000 && (ok(restartedAt, 'write') < 1 || ok(restartedAt, 'read') < 1); waited += 200)
    await sleep(200);
  await sleep(1500);
  running = false;
  await load;

  // Before the outage every request was answered in full.
  expect(beforeOutage.writes).toBeGreaterThanOrEqual(10);
  expect(beforeOutage.reads).toBeGreaterThanOrEqual(10);
  expect(outcomes.slice(0, beforeOutage.requests).filter((o) => o.code !== 'OK')).toEqual([]);
  expect(duringOutage.length).toBeGreaterThan(10);
  // During the outage: only our code, quickly, never a hang or an internal error, for reads and writes alike.
  const codes = new Set(duringOutage.map((o) => o.code));
  // A write whose COMMIT was in flight when PostgreSQL went away may or may not have been saved: it
  // answers OUTCOME_UNKNOWN (never "nothing was written"); a write runs several statements (it keeps
  // the figures in its transaction), so the stop can land on a COMMIT.
  const expected = (o: Outcome) =>
    o.code === 'SERVICE_UNAVAILABLE' || o.code === 'OK' || (o.kind === 'write' && o.code === 'OUTCOME_UNKNOWN');
  expect(duringOutage.filter((o) => !expected(o))).toEqual([]);
  for (const kind of ['read', 'write'] as const)
    expect(duringOutage.some((o) => o.kind === kind && o.code === 'SERVICE_UNAVAILABLE')).toBe(true);
  expect(Math.max(...duringOutage.map((o) => o.ms))).toBeLessThan(6000);
  // Over the whole run, no other code at all: no internal error, and no request the server could not run.
  expect(outcomes.filter((o) => !expected(o))).toEqual([]);
  // Served again without a restart: reads and writes.
  expect(ok(restartedAt, 'write')).toBeGreaterThan(0);
  expect(ok(restartedAt, 'read')).toBeGreaterThan(0);
  const ready = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
  expect(ready.status).toBe(200);
  // No acknowledged write lost; the read counts what the database holds.
  const rows = await app.db.query(`SELECT code FROM org_unit WHERE code = ANY($1)`, [acknowledged]);
  expect(rows.length).toBe(acknowledged.length);
  const [{ units }] = await app.db.query(`SELECT count(*)::int AS units FROM org_unit`);
  const last = await gql(READ);
  expect(last.code).toBe('OK');
  expect(last.body.data.orgUnits.totalCount).toBe(units);
  reportFigure(
    'outage drill',
    `${beforeOutage.writes} writes and ${beforeOutage.reads} reads before; ${duringOutage.length} requests during the 3 s outage (slowest ${Math.round(Math.max(...duringOutage.map((o) => o.ms)))} ms, codes ${[...codes].join(', ')}); ${ok(restartedAt, 'read')} reads and ${ok(restartedAt, 'write')} writes after; ${acknowledged.length} acknowledged writes all present`,
  );
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
