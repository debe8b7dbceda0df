import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { graphql, startServer, type ServerProcess } from '../../bench/support/server-process';
import { embeddedDatabaseUrl } from '../../src/db/embedded';
import { unpackArchive, writeArchive } from '../../src/ops/archive';
import { walk } from '../../src/ops/cluster-backup';
import { openFileChunks } from '../../src/ops/files';
import { previousDir, stagingDir } from '../../src/ops/cluster-restore';
import { ensureBuilt } from '../support/amplification';
import { listing, rowsIn, runCli, tableHashes, unloggedEmptied } from '../support/backup';

/**
 * `npm run backup` and `npm run restore` on the default install (README, "Backup and restore"): the
 * built commands against the built server with its embedded PostgreSQL and the demo county. A backup
 * taken while the server runs, then changes, then a restore: every table of every schema holds the
 * rows it held when the backup was taken. Damaged files are refused before anything is touched, and a
 * restore whose database does not start puts the previous one back.
 */
jest.setTimeout(600_000);

let work: string;
let dataDir: string;
let server: ServerProcess | undefined;
const cluster = () => path.join(dataDir, 'pg');
const urlOf = (s: ServerProcess) => embeddedDatabaseUrl(cluster(), s.pgPort, 'jiceng');

async function stop(s: ServerProcess | undefined) {
  if (s && s.proc.exitCode === null) {
    s.proc.kill('SIGTERM');
    await s.exited;
  }
}

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(os.tmpdir(), 'jiceng-backup-'));
  dataDir = path.join(work, 'data');
});

afterAll(async () => {
  await stop(server);
  if (work) rmSync(work, { recursive: true, force: true });
});

// No reminder timer: its first tick starts when the server listens and writes reminders and events, so
// on a busy machine it was still writing while the tables were compared (CI, 30 November).
const quiet = { REMINDER_INTERVAL_MINUTES: '0' };

test('a backup of the running demo, changes, a restore: every table as it was; bad files and a failed start change nothing', async () => {
  server = await startServer({ dataDir, seed: 'demo', env: quiet });
  const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(server.pgPort) };
  const atBackup = await tableHashes(urlOf(server));
  expect(Object.keys(atBackup).length).toBeGreaterThan(50);
  expect(rowsIn(atBackup)).toBeGreaterThan(10_000);

  // The server keeps running and answering while the backup is taken.
  const file = path.join(work, 'nightly', 'jiceng.backup');
  const backup = runCli('backup', [file], env);
  const health = await fetch(`${server.base}/readyz`);
  const done = await backup;
  expect(done).toMatchObject({ code: 0, stderr: '' });
  expect(done.stdout).toMatch(/^已备份到 .*jiceng\.backup：\d+ 个文件，[\d.]+ MB（PostgreSQL 18\.\d+，迁移 \w+）\n$/);
  expect(health.status).toBe(200);
  expect(await tableHashes(urlOf(server))).toEqual(atBackup);

  expect(Object.keys(atBackup)).toContain('unlogged public.rate_limit');
  // Changes after the backup: a mutation (signing in writes a session and throttle counters) and SQL,
  // a new table among them.
  await server.login();
  const sql = new pg.Client({ connectionString: urlOf(server) });
  await sql.connect();
  await sql.query(`UPDATE member SET name = name || '改' WHERE id % 3 = 0`);
  await sql.query(`CREATE TABLE after_backup (x int)`);
  await sql.end();
  const changed = await tableHashes(urlOf(server));
  expect(changed).not.toEqual(atBackup);

  // Refused while the server runs, naming what to do; nothing changes.
  const whileRunning = await runCli('restore', [file], env);
  expect(whileRunning.code).toBe(75);
  expect(whileRunning.stderr).toMatch(/^服务器正在使用 .*：请先停止服务器再恢复\n$/);
  expect(
    (await runCli('restore', [file], { ...env, LANG: 'en_US.UTF-8' })).stderr.startsWith('the server is using'),
  ).toBe(true);
  expect(await tableHashes(urlOf(server))).toEqual(changed);
  await stop(server);
  server = undefined;

  // With the server stopped, backup starts the embedded PostgreSQL for the time it takes; that file
  // restored onto a machine with no database yet (a new DATA_DIR) serves the changed state.
  const stoppedFile = path.join(work, 'stopped.backup');
  expect(await runCli('backup', [stoppedFile], env)).toMatchObject({ code: 0, stderr: '' });
  const elsewhere = path.join(work, 'new-machine');
  expect(await runCli('restore', [stoppedFile], { ...env, DATA_DIR: elsewhere })).toMatchObject({
    code: 0,
    stderr: '',
  });
  const copy = await startServer({ dataDir: elsewhere, env: quiet });
  try {
    expect(await tableHashes(embeddedDatabaseUrl(path.join(elsewhere, 'pg'), copy.pgPort, 'jiceng'))).toEqual(
      unloggedEmptied(changed),
    );
  } finally {
    await stop(copy);
  }
  const untouched = listing(cluster());

  // A truncated file and a damaged one are refused before anything is touched.
  const cut = path.join(work, 'cut.backup');
  copyFileSync(file, cut);
  truncateSync(cut, Math.floor(readFileSync(file).length / 2));
  const damaged = path.join(work, 'damaged.backup');
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 3)] ^= 0xff;
  writeFileSync(damaged, bytes);
  for (const bad of [cut, damaged, path.join(work, 'no-such.backup')]) {
    const r = await runCli('restore', [bad], env);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/^备份文件 .* 无法使用，未做任何改动：/);
    expect(listing(cluster())).toEqual(untouched);
    expect(existsSync(stagingDir(cluster()))).toBe(false);
  }

  // A whole, checksummed file whose database cannot start (its WAL and label left out): the restore
  // fails after moving the current directory aside, and puts it back.
  const unpacked = path.join(work, 'unpacked');
  const manifest = await unpackArchive(file, unpacked);
  const withoutWal = path.join(work, 'without-wal.backup');
  async function* withoutItsWal() {
    yield* walk(unpacked); // leaves out pg_wal's segments, backup_label and pg_control
    const control = path.join(unpacked, 'global', 'pg_control');
    yield {
      name: 'global/pg_control',
      type: 'file' as const,
      mode: 0o600,
      mtime: 0,
      open: () => openFileChunks(control),
    };
  }
  await writeArchive(withoutWal, withoutItsWal(), async () => ({
    kind: manifest.kind,
    postgres: manifest.postgres,
    migration: manifest.migration,
    createdAt: manifest.createdAt,
    details: manifest.details,
  }));
  const failed = await runCli('restore', [withoutWal], env);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(
    /^恢复后的数据库未能启动，原数据目录已放回：.*PANIC: +could not locate a valid checkpoint record/,
  );
  expect(listing(cluster())).toEqual(untouched);
  expect(existsSync(previousDir(cluster()))).toBe(false);

  // The real restore.
  const restored = await runCli('restore', [file], env);
  expect(restored).toMatchObject({ code: 0, stderr: '' });
  expect(restored.stdout).toMatch(/^已从 .*jiceng\.backup 恢复（备份于 \d{4}-\d\d-\d\dT[\d:.]+Z，迁移 \w+）\n$/);
  expect(existsSync(previousDir(cluster()))).toBe(false);
  expect(existsSync(stagingDir(cluster()))).toBe(false);

  // The server starts on it, every table holds what it held at the backup, and it answers.
  server = await startServer({ dataDir, env: quiet });
  expect(await tableHashes(urlOf(server))).toEqual(unloggedEmptied(atBackup));
  const token = await server.login('analyst', 'jiceng-demo-2026');
  const r = await graphql(server.url, token, '{ viewer { username } }');
  expect(r.body.data).toEqual({ viewer: { username: 'analyst' } });
});
