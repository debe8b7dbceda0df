import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { CLI_MESSAGES } from '../messages/operations';
import { BackupFileError, unpackArchive, writeArchive, type Manifest } from './archive';
import { newestMigration } from './cluster-backup';
import { openFileChunks } from './files';
import { EXIT, OperationError } from './operation-error';

/**
 * Backup and restore of an operator's own PostgreSQL (DATABASE_URL) with its own tools: `pg_dump -Fc`
 * and `pg_restore` of the server's major version, found in PG_BIN, on PATH or where Debian puts them
 * (/usr/lib/postgresql/<major>/bin). The dump travels in the same kind of file as a cluster backup
 * (src/ops/archive.ts), so a restore checks it the same way before it touches the database.
 */
const run = promisify(execFile);
const DUMP = 'database.dump';

/** The program `tool` of PostgreSQL `major`, or a refusal naming the version needed. */
export async function findTool(tool: 'pg_dump' | 'pg_restore' | 'psql', major: number): Promise<string> {
  const dirs = [
    ...(process.env.PG_BIN ? [process.env.PG_BIN] : []),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    `/usr/lib/postgresql/${major}/bin`,
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, tool);
    if (!existsSync(candidate)) continue;
    try {
      const { stdout } = await run(candidate, ['--version']);
      if (Number(/(\d+)(?:\.\d+)*\s*(?:\(.*\))?\s*$/.exec(stdout.trim())?.[1]) === major) return candidate;
    } catch {
      /* not runnable: try the next */
    }
  }
  throw new OperationError(CLI_MESSAGES.toolMissing({ tool, major }), EXIT.toolMissing);
}

/** The URL without its password, and the password for PGPASSWORD: never on a command line others can read. */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function serverMajor(url: string): Promise<{ version: string; major: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [r] = (
      await client.query(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num`,
      )
    ).rows;
    return { version: r.version, major: Math.floor(r.num / 10000) };
  } finally {
    await client.end();
  }
}

async function tool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(program, args, { env, maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const detail = (e.stderr || e.message).trim().split('\n').slice(-1)[0];
    throw new OperationError(CLI_MESSAGES.toolFailed({ tool: path.basename(program), detail }), EXIT.failed);
  }
}

export async function backupDump(o: { url: string; file: string; clock: Clock; log: Logger }): Promise<Manifest> {
  const postgres = await serverMajor(o.url);
  const pgDump = await findTool('pg_dump', postgres.major);
  const migration = await newestMigration(o.url);
  const createdAt = o.clock.now().toISOString();
  // The dump is written beside the backup file (the same disk, which must hold both for a moment).
  await mkdir(path.dirname(path.resolve(o.file)), { recursive: true });
  const work = await mkdtemp(path.join(path.dirname(path.resolve(o.file)), '.jiceng-backup-'));
  try {
    const dump = path.join(work, DUMP);
    const c = connection(o.url);
    await tool(pgDump, ['--format=custom', '--compress=0', `--file=${dump}`, `--dbname=${c.url}`], c.env);
    const { size } = await stat(dump);
    return await writeArchive(
      o.file,
      (async function* () {
        yield { name: DUMP, type: 'file', mode: 0o600, mtime: 0, open: () => openFileChunks(dump) };
      })(),
      async () => ({ kind: 'dump', postgres, migration, createdAt, details: { dumpBytes: String(size) } }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Replaces the database's contents with the dump's, in one transaction: every schema of the database
 * (but PostgreSQL's own) is dropped and the dump's statements recreate what the backup held, so a
 * table made after the backup does not survive it; any error rolls all of it back. Refused while
 * other sessions use the database (a running server).
 */
export async function restoreDump(o: { url: string; file: string; log: Logger }): Promise<Manifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'jiceng-restore-'));
  try {
    let manifest: Manifest;
    try {
      manifest = await unpackArchive(o.file, path.join(work, 'data'));
    } catch (err) {
      if (err instanceof BackupFileError)
        throw new OperationError(CLI_MESSAGES.badBackupFile({ file: o.file, problem: err.message }), EXIT.badFile);
      throw err;
    }
    if (manifest.kind !== 'dump')
      throw new OperationError(
        CLI_MESSAGES.wrongKind({ file: o.file, kind: CLI_MESSAGES.kindCluster(), target: CLI_MESSAGES.kindDump() }),
        EXIT.badFile,
      );
    const postgres = await serverMajor(o.url);
    if (manifest.postgres.major !== postgres.major)
      throw new OperationError(
        CLI_MESSAGES.wrongMajor({ file: o.file, backup: manifest.postgres.version, here: postgres.version }),
        EXIT.badFile,
      );
    const [pgRestore, psql] = [await findTool('pg_restore', postgres.major), await findTool('psql', postgres.major)];
    const client = new pg.Client({ connectionString: o.url });
    await client.connect();
    let prelude: string;
    try {
      const [{ database, sessions }] = (
        await client.query(
          `SELECT current_database() AS database,
                  (SELECT count(*)::int FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') AS sessions`,
        )
      ).rows;
      if (sessions > 0)
        throw new OperationError(CLI_MESSAGES.databaseInUse({ database, sessions }), EXIT.serverRunning);
      const schemas = (
        await client.query(
          `SELECT quote_ident(nspname) AS name FROM pg_namespace
            WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
        )
      ).rows.map((r) => r.name as string);
      prelude = schemas.map((s) => `DROP SCHEMA ${s} CASCADE;\n`).join('');
    } finally {
      await client.end();
    }
    const script = path.join(work, 'restore.sql');
    const c = connection(o.url);
    // The dump as SQL (pg_restore -f), run by psql in one transaction after the prelude.
    await tool(pgRestore, ['--no-owner', `--file=${script}`, path.join(work, 'data', DUMP)], c.env);
    const preludeFile = path.join(work, 'prelude.sql');
    await writeFile(preludeFile, `${prelude}CREATE SCHEMA IF NOT EXISTS public;\n`);
    await tool(
      psql,
      [
        '--no-psqlrc',
        '--quiet',
        '--single-transaction',
        '-v',
        'ON_ERROR_STOP=1',
        '-f',
        preludeFile,
        '-f',
        script,
        c.url,
      ],
      c.env,
    );
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
