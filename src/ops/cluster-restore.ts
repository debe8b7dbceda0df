import { existsSync } from 'node:fs';
import { chown, lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { embeddedPostgresMajor, postgresUserIds, runningPostmaster, startEmbeddedPostgres } from '../db/embedded';
import { CLI_MESSAGES } from '../messages/operations';
import { DATABASE_NAME } from '../runtime';
import { BackupFileError, unpackArchive, type Manifest } from './archive';
import { newestMigration } from './cluster-backup';
import { EXIT, OperationError } from './operation-error';

/** Beside the data directory while a restore runs: the unpacked backup, then the directory it replaced. */
export const stagingDir = (dir: string) => `${dir}.restoring`;
export const previousDir = (dir: string) => `${dir}.before-restore`;

/** What failed and PostgreSQL's last complaint after it: one line for the operator. */
function firstAndLast(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const why = [...lines].reverse().find((l) => /PANIC|FATAL|ERROR|could not/.test(l)) ?? lines[lines.length - 1];
  return lines.length > 1 ? `${lines[0]} … ${why}` : (lines[0] ?? '');
}

async function chownTree(p: string, uid: number, gid: number): Promise<void> {
  await chown(p, uid, gid);
  if ((await lstat(p)).isDirectory())
    for (const name of await readdir(p)) await chownTree(path.join(p, name), uid, gid);
}

/**
 * Restores a cluster backup into the embedded data directory `dir`: refused while a PostgreSQL runs on
 * it; the file is unpacked beside it and checked against its manifest before anything else happens;
 * the current directory is moved aside and kept until the restored one has started (replaying the
 * backup's WAL) and answered; on any failure it is put back.
 */
export async function restoreCluster(o: { dir: string; port: number; file: string; log: Logger }): Promise<Manifest> {
  const dir = path.resolve(o.dir);
  const running = runningPostmaster(dir);
  if (running) throw new OperationError(CLI_MESSAGES.serverRunning({ dir, pid: running.pid }), EXIT.serverRunning);
  const previous = previousDir(dir);
  if (existsSync(previous))
    throw new OperationError(CLI_MESSAGES.leftoverRestore({ dir: previous, target: dir }), EXIT.failed);
  const staging = stagingDir(dir);
  await mkdir(path.dirname(dir), { recursive: true });

  let manifest: Manifest;
  try {
    manifest = await unpackArchive(o.file, staging);
  } catch (err) {
    if (err instanceof BackupFileError)
      throw new OperationError(CLI_MESSAGES.badBackupFile({ file: o.file, problem: err.message }), EXIT.badFile);
    throw err;
  }
  try {
    if (manifest.kind !== 'cluster')
      throw new OperationError(
        CLI_MESSAGES.wrongKind({ file: o.file, kind: CLI_MESSAGES.kindDump(), target: CLI_MESSAGES.kindCluster() }),
        EXIT.badFile,
      );
    const here = embeddedPostgresMajor();
    if (manifest.postgres.major !== here)
      throw new OperationError(
        CLI_MESSAGES.wrongMajor({ file: o.file, backup: manifest.postgres.version, here }),
        EXIT.badFile,
      );
    // The files belong to whoever runs PostgreSQL: as root, the user `postgres` (src/db/embedded.ts).
    if (userInfo().uid === 0) {
      const owner = existsSync(dir) ? await stat(dir) : postgresUserIds();
      await chownTree(staging, owner.uid, owner.gid);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }

  const hadCurrent = existsSync(dir);
  if (hadCurrent) await rename(dir, previous);
  await rename(staging, dir);
  try {
    const pg18 = await startEmbeddedPostgres({ dir, port: o.port, log: o.log });
    try {
      const client = new pg.Client({ connectionString: pg18.url(DATABASE_NAME) });
      await client.connect();
      try {
        const [{ recovering }] = (await client.query('SELECT pg_is_in_recovery() AS recovering')).rows;
        if (recovering) throw new Error('PostgreSQL is still in recovery');
      } finally {
        await client.end();
      }
      const migration = await newestMigration(pg18.url(DATABASE_NAME));
      if (migration !== manifest.migration)
        throw new Error(
          `the restored database's newest migration is ${migration}, the manifest says ${manifest.migration}`,
        );
    } finally {
      await pg18.stop();
    }
  } catch (err) {
    o.log.info({ err }, 'the restored cluster did not start: putting the previous one back');
    await rm(dir, { recursive: true, force: true });
    if (hadCurrent) await rename(previous, dir);
    throw new OperationError(
      CLI_MESSAGES.restoreFailed({ detail: firstAndLast(err instanceof Error ? err.message : String(err)) }),
      EXIT.failed,
    );
  }
  if (hadCurrent) await rm(previous, { recursive: true, force: true });
  return manifest;
}
