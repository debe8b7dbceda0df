import type { Logger } from 'pino';
import { openApp } from '../app';
import { type Config, loadConfig } from '../config';
import type { App } from '../context';
import { createLogger } from '../observability/logger';
import { resolveDatabase } from '../runtime';

/**
 * What a command-line tool does with the deployment's app: its database (embedded, started and
 * stopped around the work, or DATABASE_URL), migrated, with its modules, then closed whatever happens.
 */
export async function withApp<T>(
  work: (app: App) => Promise<T>,
  o: { logLevel?: (config: Config) => string } = {},
): Promise<T> {
  const config = loadConfig();
  const log: Logger = createLogger(o.logLevel ? o.logLevel(config) : config.logLevel);
  const { url, embedded } = await resolveDatabase(config, log);
  try {
    // Commands migrate only where a start would (MIGRATE_ON_START); otherwise pending migrations stop them.
    const { app } = await openApp(config, log, url, { pendingMigrations: config.migrateOnStart ? 'run' : 'refuse' });
    try {
      return await work(app);
    } finally {
      await app.db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
