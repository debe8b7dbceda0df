import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT } from '../../bench/support/server-process';
import { postgresUserIds } from '../../src/db/embedded';

/**
 * Every table of every schema but PostgreSQL's own, with its row count and a hash of all its rows
 * (each row's text hashed, the hashes sorted): two snapshots are equal exactly when the tables hold
 * the same rows.
 */
export async function tableHashes(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query(
        `SELECT CASE WHEN c.relpersistence = 'u' THEN 'unlogged ' ELSE '' END || format('%I.%I', schemaname, tablename) AS name,
                format('%I.%I', schemaname, tablename) AS ident
           FROM pg_tables t JOIN pg_class c ON c.oid = format('%I.%I', schemaname, tablename)::regclass
          WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
      )
    ).rows as { name: string; ident: string }[];
    const out: Record<string, string> = {};
    for (const { name, ident } of tables) {
      const [r] = (
        await client.query(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM ${ident} x`,
        )
      ).rows;
      out[name] = `${r.n} rows ${r.h}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * What a base backup brings back: unlogged tables (keyed `unlogged …`: the sign-in throttle's counters)
 * empty, since PostgreSQL writes no WAL for them and empties them whenever it recovers.
 */
export const unloggedEmptied = (hashes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(hashes).map(([t, h]) => [
      t,
      t.startsWith('unlogged ') ? '0 rows d41d8cd98f00b204e9800998ecf8427e' : h,
    ]),
  );

export const rowsIn = (hashes: Record<string, string>) =>
  Object.values(hashes).reduce((n, v) => n + Number(v.split(' ')[0]), 0);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a built command (`dist/src/cli/<name>.js`, what `npm run <name>` runs) with the given environment. */
const withoutDatabaseUrl = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'DATABASE_URL'));

export function runCli(name: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist', 'src', 'cli', `${name}.js`), ...args],
      // The database is the one `env` names: never the DATABASE_URL the suite itself may run on.
      { cwd: ROOT, env: { ...withoutDatabaseUrl(process.env), LOG_LEVEL: 'warn', ...env }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        }),
    );
  });
}

/** Every path under a directory with its size and modification time: equal listings, untouched directory. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const p = path.join(rel, name);
      const s = statSync(path.join(dir, p));
      out.push(`${p} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`);
      if (s.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

export interface DebianPostgres {
  /** URL of the database `jiceng`. */
  url: string;
  bin: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of Debian's packages (postgresql-<major>, installed by .ci/run), as an operator's own
 * server behind DATABASE_URL: a new cluster with a password in a temporary directory, on a free port,
 * run as the user `postgres` when the tests run as root (PostgreSQL refuses root).
 */
export async function startDebianPostgres(major: number, port: number): Promise<DebianPostgres> {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(bin, 'postgres')))
    throw new Error(`PostgreSQL ${major} from Debian is needed here: apt-get install postgresql-${major}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `jiceng-pg${major}-`));
  const ids = process.getuid?.() === 0 ? postgresUserIds() : undefined;
  const password = randomBytes(12).toString('hex');
  writeFileSync(path.join(dir, 'pw'), `${password}\n`);
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(path.join(dir, 'pw'), ids.uid, ids.gid);
  }
  const as = ids ? { uid: ids.uid, gid: ids.gid } : {};
  execFileSync(
    path.join(bin, 'initdb'),
    [
      '-D',
      path.join(dir, 'data'),
      '-U',
      'postgres',
      '-A',
      'scram-sha-256',
      `--pwfile=${path.join(dir, 'pw')}`,
      '-E',
      'UTF8',
      '--no-sync',
    ],
    { ...as, stdio: 'ignore' },
  );
  const proc = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      path.join(dir, 'data'),
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ],
    { ...as, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const admin = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.query('CREATE DATABASE jiceng');
      await client.end();
      break;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/jiceng`,
    bin,
    stop: async () => {
      proc.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
