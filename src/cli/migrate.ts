import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openApp } from '../app';
import { loadConfig } from '../config';
import { applyMigrations, pendingMigrations } from '../db/migrate';
import { createLogger } from '../observability/logger';
import { resolveDatabase } from '../runtime';
import { failed } from './fail';

/**
 * `npm run migrate`: applies the pending migrations of the core and the installed modules (MODULES) to
 * the deployment's database (embedded or DATABASE_URL), under the start-up lock, then counts new
 * aggregate tables. `--dry-run` lists what would run and changes nothing. A running server may stay up
 * while it runs only if the release notes say its migrations are compatible; the README's upgrade
 * procedure stops it first.
 */
async function run(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { url, embedded } = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, url, { migrate: false });
    try {
      if (values['dry-run']) {
        const pending = await pendingMigrations(app.db);
        process.stdout.write(
          pending.length
            ? `${pending.length} migration(s) would run:\n${pending.map((n) => `  ${n}\n`).join('')}`
            : 'The database is up to date: no migration would run.\n',
        );
        return;
      }
      const started = performance.now();
      const { ran, counted } = await applyMigrations(app.db, app.figures, url, log, 'run');
      process.stdout.write(
        `${ran.length ? `Applied ${ran.length} migration(s):\n${ran.map((n) => `  ${n}\n`).join('')}` : 'The database was up to date: no migration ran.\n'}` +
          (counted.length ? `Counted the figures of ${counted.join(', ')} from the facts.\n` : '') +
          `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    } finally {
      await app.db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

run().catch(failed('migrate'));
