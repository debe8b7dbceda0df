import { MigrationExecutor, type DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { FiguresEngine } from '../figures/engine';
import { withStartupLock } from './startup-lock';

/** Names of the migrations (core and installed modules) this database has not had yet, oldest first. */
export async function pendingMigrations(db: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(db).getPendingMigrations();
  return pending.map((m) => m.name);
}

/** A start that found migrations pending with MIGRATE_ON_START off. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `${pending.length} migration(s) pending (${pending.join(', ')}): take a backup, run \`npm run migrate\`, then start again (or set MIGRATE_ON_START=true)`,
    );
  }
}

/**
 * Brings the database to the code's schema under the start-up lock (src/db/startup-lock.ts), so that a
 * migrate command and starting processes never migrate at once; then counts new or changed aggregate
 * tables from the facts. `refuse`: nothing is applied, and pending migrations are an error.
 */
export async function applyMigrations(
  db: DataSource,
  figures: FiguresEngine,
  url: string,
  log: Logger,
  mode: 'run' | 'refuse' = 'run',
): Promise<{ ran: string[]; counted: string[] }> {
  const { ran, counted } = await withStartupLock(url, log, async () => {
    if (mode === 'refuse') {
      const pending = await pendingMigrations(db);
      if (pending.length) throw new PendingMigrationsError(pending);
    }
    const ran = mode === 'run' ? (await db.runMigrations({ transaction: 'each' })).map((m) => m.name) : [];
    return { ran, counted: await figures.ensureBuilt(db) };
  });
  if (ran.length) log.info({ migrations: ran }, 'migrations applied');
  if (counted.length)
    log.info({ modules: counted }, 'figures counted again from the facts: new aggregate tables or changed rules');
  return { ran, counted };
}
