import pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { Class } from '../class';
import { CORE_ENTITIES } from './core-entities';
import { CoreSchema1763800000000 } from './migrations/1763800000000-core-schema';
import { Access1763900000000 } from './migrations/1763900000000-access';
import { AuthSessionsAndLimits1764200000000 } from './migrations/1764200000000-auth-sessions-and-limits';
import { FiguresEngine1764700000000 } from './migrations/1764700000000-figures-engine';
import { MemberStanding1764300000000 } from './migrations/1764300000000-member-standing';
import { Province1764710000000 } from './migrations/1764710000000-province';
import { IdempotencyKeys1764900000000 } from './migrations/1764900000000-idempotency-keys';
import { EventOutbox1765000000000 } from './migrations/1765000000000-event-outbox';
import { Reminders1765100000000 } from './migrations/1765100000000-reminders';
import { Webhooks1765200000000 } from './migrations/1765200000000-webhooks';
import { ReminderClosedBecause1765300000000 } from './migrations/1765300000000-reminder-closed-because';
import { ViewerNotify1765930000000 } from './migrations/1765930000000-viewer-notify';
import { SqlLogger } from './sql-logger';
import { CommitOutcomeUnknownError, commitMayHaveHappened } from './unavailable';

// Business dates stay strings ('2026-11-23'): a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const CORE_MIGRATIONS: (new () => MigrationInterface)[] = [
  CoreSchema1763800000000,
  Access1763900000000,
  AuthSessionsAndLimits1764200000000,
  MemberStanding1764300000000,
  FiguresEngine1764700000000,
  Province1764710000000,
  IdempotencyKeys1764900000000,
  EventOutbox1765000000000,
  Reminders1765100000000,
  Webhooks1765200000000,
  ReminderClosedBecause1765300000000,
  ViewerNotify1765930000000,
];

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
  const ds = new DataSource({
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
  return withCommitOutcome(ds);
}

/**
 * Every transaction of the data source (`db.transaction`, runMutation's among them) reports a COMMIT
 * whose answer was lost as CommitOutcomeUnknownError: the connection failing then does not mean
 * that nothing was written.
 */
function withCommitOutcome(ds: DataSource): DataSource {
  const create = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (mode) => {
    const runner = create(mode);
    const commit = runner.commitTransaction.bind(runner);
    runner.commitTransaction = async () => {
      // Only the outermost COMMIT decides; a nested level releases a savepoint.
      const outermost = (runner as unknown as { transactionDepth: number }).transactionDepth <= 1;
      try {
        await commit();
      } catch (err) {
        if (outermost && commitMayHaveHappened(err)) throw new CommitOutcomeUnknownError(err);
        throw err;
      }
    };
    return runner;
  };
  return ds;
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
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (err) {
        // Another process starting at the same moment created it first: 42P04, or a unique violation
        // on pg_database when both CREATE DATABASE statements ran at once. Either way, it exists.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}
