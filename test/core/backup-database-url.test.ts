import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../bench/support/server-process';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { ensureBuilt } from '../support/amplification';
import { rowsIn, runCli, startDebianPostgres, tableHashes, type DebianPostgres } from '../support/backup';

/**
 * `npm run backup` and `npm run restore` with DATABASE_URL (README, "Backup and restore"): pg_dump and
 * pg_restore of the server's major version, here Debian's PostgreSQL 15 holding the demo county. The
 * restore brings back every table's rows, drops what was made after the backup, is refused while
 * another session uses the database, and refuses a damaged file; a server whose pg_dump is not
 * installed (an embedded PostgreSQL 18) is refused with the version needed.
 */
jest.setTimeout(600_000);

let work: string;
let server: DebianPostgres;

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(path.join(os.tmpdir(), 'jiceng-backup-url-'));
  server = await startDebianPostgres(15, await freePort());
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('backup, changes, restore with DATABASE_URL on PostgreSQL 15: every table as it was, and only those', async () => {
  const env = { DATABASE_URL: server.url, MIGRATE_ON_START: 'true' };
  const seeded = await runCli('seed', ['--size', 'demo'], env);
  expect(seeded.code).toBe(0);
  const atBackup = await tableHashes(server.url);
  expect(rowsIn(atBackup)).toBeGreaterThan(10_000);

  const file = path.join(work, 'nightly', 'county.backup');
  const done = await runCli('backup', [file], env);
  expect(done).toMatchObject({ code: 0, stderr: '' });
  expect(done.stdout).toMatch(/^已备份到 .*county\.backup：1 个文件，[\d.]+ MB（PostgreSQL 15\.\d+/);

  const sql = new pg.Client({ connectionString: server.url });
  await sql.connect();
  await sql.query(`UPDATE member SET name = name || '改' WHERE id % 3 = 0`);
  await sql.query(`CREATE TABLE after_backup (x int)`);
  await sql.query(`CREATE SCHEMA later; CREATE TABLE later.t (x int)`);
  const changed = await tableHashes(server.url);
  expect(changed).not.toEqual(atBackup);

  // Another session on the database (a running server): refused, nothing changed.
  const inUse = await runCli('restore', [file], env);
  expect(inUse.code).toBe(75);
  expect(inUse.stderr).toMatch(/^数据库 jiceng 还有 1 个其他连接（服务器在运行？）：请先停止服务器再恢复\n$/);
  await sql.end();

  const damaged = path.join(work, 'damaged.backup');
  const bytes = readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(damaged, bytes);
  const refused = await runCli('restore', [damaged], env);
  expect(refused.code).toBe(65);
  expect(refused.stderr).toMatch(/^备份文件 .* 无法使用，未做任何改动：/);
  expect(await tableHashes(server.url)).toEqual(changed);

  const restored = await runCli('restore', [file], env);
  expect(restored).toMatchObject({ code: 0, stderr: '' });
  expect(restored.stdout).toMatch(/^已从 .*county\.backup 恢复/);
  expect(await tableHashes(server.url)).toEqual(atBackup);
});

test('without pg_dump of the server’s major version: refused in one line naming it; no file left', async () => {
  // A PostgreSQL 18 of its own (the embedded package's, which has no pg_dump): the suite itself may run
  // on Debian's PostgreSQL 15 through DATABASE_URL, whose pg_dump is installed.
  const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined } as never;
  const pg18 = await startEmbeddedPostgres({
    dir: path.join(work, 'pg18'),
    port: await freePort(),
    log: quiet,
    persistent: false,
  });
  try {
    await refusedWithoutPgDump(pg18.url('postgres'));
  } finally {
    await pg18.stop();
  }
});

async function refusedWithoutPgDump(url: string) {
  const file = path.join(work, 'pg18.backup');
  const r = await runCli('backup', [file], { DATABASE_URL: url });
  expect(r.code).toBe(69);
  expect(r.stderr).toMatch(
    /^找不到 PostgreSQL 18 的 pg_dump（服务器是 18 版）：请安装（Debian：postgresql-client-18），或用 PG_BIN 指向其 bin 目录\n$/,
  );
  const english = await runCli('backup', [file], {
    DATABASE_URL: url,
    LANG: 'en_GB.UTF-8',
  });
  expect(english.stderr).toMatch(/^no pg_dump of PostgreSQL 18 found/);
  expect(() => readFileSync(file)).toThrow();
  const usage = await runCli('backup', [], {});
  expect(usage).toMatchObject({ code: 1, stderr: '用法：npm run backup -- <备份文件>\n' });
}
