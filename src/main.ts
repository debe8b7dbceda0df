import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config';
import { EXIT_CONFIG } from './cli/fail';
import { createLogger } from './observability/logger';
import { openApp, prepareDatabase } from './app';
import { resolveDatabase } from './runtime';
import { listen, type RunningServer } from './server';
import type { EmbeddedPostgresHandle } from './db/embedded';
import type { DataSource } from 'typeorm';
import type { EventHub } from './events/hub';
import type { ReminderTimer } from './reminders/scheduler';

/**
 * `npm start`: config → database (embedded unless DATABASE_URL) → migrations → demo data on first
 * run → listen. Shutdown runs in the reverse order: stop taking requests and drain, close the pool,
 * stop PostgreSQL, exit 0. With MIGRATE_ON_START off, pending migrations stop the start (`npm run migrate`).
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    // One line naming the variable, for the operator and the service manager's journal.
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`Jiceng could not start: ${err.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const log = createLogger(config.logLevel);
  let embedded: EmbeddedPostgresHandle | null = null;
  let db: DataSource | null = null;
  let events: EventHub | null = null;
  let reminders: ReminderTimer | null = null;
  let server: RunningServer | null = null;
  let stopping = false;

  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await server?.stop();
      await reminders?.stop();
      await events?.close();
      await db?.destroy();
      await embedded?.stop();
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'error during shutdown');
      code = code || 1;
    }
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    const database = await resolveDatabase(config, log);
    embedded = database.embedded;
    const { app, schema } = await openApp(config, log, database.url, {
      pendingMigrations: config.migrateOnStart ? 'run' : 'refuse',
    });
    db = app.db;
    events = app.events;
    await prepareDatabase(app);
    server = await listen(app, schema, config.port, config.host);
    // Every process ticks; one per kind does the work (src/reminders/scheduler.ts).
    reminders = app.reminders;
    reminders.start();
    log.info(
      { url: server.url, modules: app.registry.names },
      `Jiceng is serving the API and the IDE at ${server.url}`,
    );
  } catch (err) {
    log.fatal({ err: { message: (err as Error).message } }, 'could not start');
    process.stderr.write(`\nJiceng could not start: ${(err as Error).message}\n`);
    await shutdown('start-up failed', 1);
  }
}

void main();
