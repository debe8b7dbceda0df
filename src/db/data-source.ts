import pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { Class } from '../class';
import { CORE_ENTITIES } from './core-entities';
import { CoreSchema1763800000000 } from './migrations/1763800000000-core-schema';
import { Access1763900000000 } from './migrations/1763900000000-access';
import { SqlLogger } from './sql-logger';

// Business dates stay strings ('2026-11-23'): a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const CORE_MIGRATIONS: (new () => MigrationInterface)[] = [CoreSchema1763800000000, Access1763900000000];

export interface DataSourceOptions {
  url: string;
  timeZone: string;
  statementTimeoutMs: number;
  poolSize: number;
  log: PinoLogger;
  moduleEntities?: Class[];
  moduleMigrations?: (new () => MigrationInterface)[];
}

/** The one DataSource of a process: core and installed modules' entities and migrations. */
export function createDataSource(o: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: o.url,
    entities: [...CORE_ENTITIES, ...(o.moduleEntities ?? [])],
    migrations: [...CORE_MIGRATIONS, ...(o.moduleMigrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new SqlLogger(o.log),
    maxQueryExecutionTime: 2000,
    extra: {
      max: o.poolSize,
      // "Today" and deadlines are judged in the deployment's time zone; runaway statements are cut.
      options: `-c TimeZone=${o.timeZone} -c statement_timeout=${o.statementTimeoutMs}`,
      connectionTimeoutMillis: 5000,
      application_name: 'jiceng',
    },
  });
}

/** Creates the database named in `url` when the server lacks it (first start against a fresh server). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
