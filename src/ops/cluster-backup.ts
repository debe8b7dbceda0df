import { existsSync, type Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { embeddedDatabaseUrl, runningPostmaster, startEmbeddedPostgres } from '../db/embedded';
import { CLI_MESSAGES } from '../messages/operations';
import { DATABASE_NAME } from '../runtime';
import { writeArchive, type Manifest, type Source } from './archive';
import { openFileChunks } from './files';
import { OperationError } from './operation-error';

/**
 * Backup of the embedded PostgreSQL by PostgreSQL's low-level base-backup API (PostgreSQL docs,
 * "Making a Base Backup Using the Low Level API"): on one session `pg_backup_start`, the data directory
 * copied file by file while the server runs, `pg_backup_stop`, whose label goes into the backup as
 * `backup_label`, and the WAL from the backup's start to its end, held by a temporary replication
 * slot so no segment is recycled meanwhile. The result starts by itself: PostgreSQL replays that WAL
 * on its first start and is then consistent (what `pg_basebackup -X fetch` makes).
 */

/** Directories whose contents a base backup leaves out (the directories themselves are kept). */
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
/** Top-level files a base backup leaves out. */
const SKIP_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'backup_manifest',
  'current_logfiles.tmp',
  'postgresql.auto.conf.tmp',
]);
/** Copied last, as pg_basebackup does. */
const CONTROL_FILE = 'global/pg_control';
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

const skipped = (name: string) => name === 'pg_internal.init' || name.startsWith('pgsql_tmp');

/** The files and directories of a data directory a base backup copies, but pg_control (copied last by the backup). */
export async function* walk(dir: string, rel = ''): AsyncGenerator<Source> {
  let entries: Dirent[];
  try {
    entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (skipped(e.name) || (!rel && SKIP_FILES.has(e.name)) || name === CONTROL_FILE) continue;
    let stat;
    try {
      stat = await lstat(path.join(dir, name));
    } catch {
      continue; // dropped meanwhile
    }
    const mtime = stat.mtimeMs / 1000;
    if (stat.isDirectory()) {
      yield { name, type: 'directory', mode: stat.mode, mtime };
      if (!rel && EMPTY_DIRS.has(e.name)) {
        // pg_wal's own subdirectories (archive_status, summaries) are kept, empty.
        if (e.name === 'pg_wal')
          for (const sub of await readdir(path.join(dir, name), { withFileTypes: true }))
            if (sub.isDirectory()) yield { name: `${name}/${sub.name}`, type: 'directory', mode: 0o700, mtime };
        continue;
      }
      yield* walk(dir, name);
    } else if (stat.isFile()) {
      const full = path.join(dir, name);
      yield { name, type: 'file', mode: stat.mode, mtime, open: () => openFileChunks(full) };
    }
  }
}

/** A backup of the embedded cluster in `dir` into `file`: through the running server, or one started for it. */
export async function backupCluster(o: {
  dir: string;
  port: number;
  file: string;
  log: Logger;
  clock: Clock;
}): Promise<Manifest> {
  const dir = path.resolve(o.dir);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) throw new OperationError(CLI_MESSAGES.noCluster({ dir }), 1);
  const running = runningPostmaster(dir);
  const started = running ? null : await startEmbeddedPostgres({ dir, port: o.port, log: o.log });
  const url = (database: string) =>
    running ? embeddedDatabaseUrl(dir, running.port, database) : started!.url(database);
  const session = new pg.Client({ connectionString: url('postgres') });
  try {
    await session.connect();
    const [{ version, num, spaces, segment }] = (
      await session.query(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num,
                (SELECT count(*)::int FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global')) AS spaces,
                current_setting('wal_segment_size') AS segment`,
      )
    ).rows;
    if (spaces > 0) throw new OperationError(CLI_MESSAGES.tablespacesUnsupported(), 1);
    const migration = await newestMigration(url(DATABASE_NAME));
    const createdAt = o.clock.now().toISOString();
    // Temporary: dropped when this session ends, however it ends.
    await session.query(`SELECT pg_create_physical_replication_slot($1, true, true)`, [`jiceng_backup_${process.pid}`]);
    const [{ lsn: startLsn, wal: startWal }] = (
      await session.query(`SELECT lsn::text, pg_walfile_name(lsn) AS wal FROM pg_backup_start($1, true) AS lsn`, [
        `jiceng ${createdAt}`,
      ])
    ).rows;
    o.log.info({ startLsn, segment }, 'base backup started');
    let stopLsn = '';
    const sources = async function* (): AsyncGenerator<Source> {
      yield* walk(dir);
      const control = path.join(dir, CONTROL_FILE);
      yield { name: CONTROL_FILE, type: 'file', mode: 0o600, mtime: 0, open: () => openFileChunks(control) };
      const [stop] = (
        await session.query(
          `SELECT lsn::text, labelfile, spcmapfile, pg_walfile_name(lsn + 1) AS wal FROM pg_backup_stop(false)`,
        )
      ).rows;
      stopLsn = stop.lsn;
      const label = Buffer.from(stop.labelfile as string);
      yield {
        name: 'backup_label',
        type: 'file',
        mode: 0o600,
        mtime: 0,
        open: async () => ({ size: label.length, chunks: [label] as unknown as AsyncIterable<Buffer> }),
      };
      // The WAL from the start checkpoint to the end record: complete, since pg_backup_stop switched segments.
      const wal = (await readdir(path.join(dir, 'pg_wal')))
        .filter((n) => (WAL_SEGMENT.test(n) && n >= startWal && n <= stop.wal) || n.endsWith('.history'))
        .sort();
      if (!wal.includes(startWal) || !wal.includes(stop.wal))
        throw new OperationError(CLI_MESSAGES.walMissing({ from: startWal, to: stop.wal }), 1);
      for (const n of wal) {
        const full = path.join(dir, 'pg_wal', n);
        yield { name: `pg_wal/${n}`, type: 'file', mode: 0o600, mtime: 0, open: () => openFileChunks(full) };
      }
    };
    return await writeArchive(o.file, sources(), async () => ({
      kind: 'cluster',
      postgres: { version, major: Math.floor(num / 10000) },
      migration,
      createdAt,
      details: { startLsn, stopLsn },
    }));
  } finally {
    await session.end().catch(() => undefined);
    await started?.stop();
  }
}

/** The newest applied migration of the application's database, or null before the first. */
export async function newestMigration(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1');
    return rows[0]?.name ?? null;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null; // no migrations table yet
    throw err;
  } finally {
    await client.end();
  }
}
