import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { freePort } from '../../bench/support/server-process';

/**
 * Runs once, as plain Node: starts a throwaway embedded PostgreSQL (or uses DATABASE_URL) and hands
 * its address to the workers. Each test file then clones a migrated template into its own database.
 */
export default async function globalSetup(): Promise<void> {
  process.env.JICENG_TEST_RUN = randomBytes(4).toString('hex');
  if (process.env.DATABASE_URL) {
    process.env.JICENG_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const port = await freePort();
  const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined } as any;
  let dir = path.join(os.tmpdir(), `jiceng-test-${process.env.JICENG_TEST_RUN}`);
  let persistent = false;
  // Runs that follow each other with the same code (the faked-clock days) keep one cluster: the first
  // makes it there and leaves it, with the templates it built; each later run starts on a copy (cp -a:
  // the files stay the postgres user's) and finds them. Their names then say what they hold, not the run.
  const kept = process.env.JICENG_TEST_CLUSTER;
  if (kept) {
    process.env.JICENG_TEST_TEMPLATES = 'kept';
    if (existsSync(path.join(kept, 'PG_VERSION'))) execFileSync('cp', ['-a', kept, dir]);
    else [dir, persistent] = [kept, true];
  }
  const handle = await startEmbeddedPostgres({
    dir,
    port,
    log: quiet,
    persistent,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
  });
  (globalThis as any).__jicengPostgres = handle;
  process.env.JICENG_TEST_ADMIN_URL = handle.url('postgres');
  const client = new pg.Client({ connectionString: process.env.JICENG_TEST_ADMIN_URL });
  await client.connect();
  await client.end();
}
