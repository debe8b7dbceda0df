import pg from 'pg';
import type { Logger } from 'pino';

/** The advisory lock key of start-up work (per database: PostgreSQL scopes advisory locks to one). */
const STARTUP_LOCK_SQL = `hashtext('jiceng start-up')`;

/**
 * Runs start-up work (migrations, the first administrator, demo data) while holding a PostgreSQL
 * session advisory lock on the database, so processes starting together do it one after the other:
 * the first migrates and seeds, the next find it done. The lock lives on a connection of its own
 * (not the pool, which may have a single connection) and goes with it if the process dies.
 */
export async function withStartupLock<T>(url: string, log: Logger, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'jiceng start-up lock' });
  await client.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(${STARTUP_LOCK_SQL}) AS got`);
    if (!rows[0].got) {
      log.info('another process is preparing the database; waiting for it to finish');
      await client.query(`SELECT pg_advisory_lock(${STARTUP_LOCK_SQL})`);
    }
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${STARTUP_LOCK_SQL})`).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
