import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { openApp } from '../app';
import { seedDemo } from '../demo/seed';
import { resolveDatabase } from '../runtime';

/** `npm run seed -- --size demo|city`: loads demo data into an empty database (embedded or DATABASE_URL). */
async function run() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'demo' } } });
  if (values.size !== 'demo' && values.size !== 'city') throw new Error('--size must be demo or city');
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { url, embedded } = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, url);
    try {
      const result = await seedDemo(app, values.size);
      process.stdout.write(`Loaded the ${values.size} data: ${result.units} units, ${result.members} members.\n`);
    } finally {
      await app.db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

run().catch((err) => {
  process.stderr.write(`seed failed: ${err.message}\n`);
  process.exit(1);
});
