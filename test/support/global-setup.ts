import { randomBytes } from 'node:crypto';
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
  const handle = await startEmbeddedPostgres({
    dir: path.join(os.tmpdir(), `jiceng-test-${process.env.JICENG_TEST_RUN}`),
    port,
    log: quiet,
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
  });
  (globalThis as any).__jicengPostgres = handle;
  process.env.JICENG_TEST_ADMIN_URL = handle.url('postgres');
  const client = new pg.Client({ connectionString: process.env.JICENG_TEST_ADMIN_URL });
  await client.connect();
  await client.end();
}
