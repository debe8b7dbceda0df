import 'reflect-metadata';
import { loadConfig } from './src/config';
import { createDataSource } from './src/db/data-source';
import { loadModules } from './src/module-system/loader';
import { ModuleRegistry } from './src/module-system/registry';
import { createLogger } from './src/observability/logger';
import { CORE } from './src/schema';

/**
 * The DataSource the TypeORM CLI uses (run against compiled output: `npx typeorm -d dist/ormconfig.js
 * migration:show`). Needs DATABASE_URL; carries the core and every installed module.
 */
const config = loadConfig();
if (!config.databaseUrl) throw new Error('Set DATABASE_URL to use the TypeORM CLI');
const registry = ModuleRegistry.create(loadModules(config.modules), CORE);

export default createDataSource({
  url: config.databaseUrl,
  timeZone: config.timeZone,
  statementTimeoutMs: config.statementTimeoutMs,
  poolSize: 2,
  log: createLogger(config.logLevel),
  moduleEntities: registry.entities,
  moduleMigrations: registry.migrations,
});
