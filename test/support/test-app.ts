import { createHash, randomBytes } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import pg from 'pg';
import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ManualClock, todayOf } from '../../src/clock';
import { createContext, type App, type Context } from '../../src/context';
import { CORE_MIGRATIONS } from '../../src/db/data-source';
import { seedDemo } from '../../src/demo/seed';
import type { JicengModule } from '../../src/module-system/define-module';
import { loadModules } from '../../src/module-system/loader';
import { runInRequestScope } from '../../src/observability/request-context';
import { createApollo } from '../../src/server';
import type { Viewer } from '../../src/auth/access';
import { Role } from '../../src/auth/roles';

export interface ExecResult {
  data?: any;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
  /** SQL statements the operation issued. */
  sql: number;
}

type Execute = (query: string, variables?: Record<string, unknown>) => Promise<ExecResult>;

export interface TestApp {
  app: App;
  schema: GraphQLSchema;
  /** The app's clock, pinned: move it with `clock.set('2026-12-01')` or `clock.set('2026-11-30T00:30:00+08:00')`. */
  clock: ManualClock;
  /** The clock's business day. */
  readonly today: string;
  /** As the test's deployment administrator. */
  execute: Execute;
  /** As the account with this username (demo accounts: see README). */
  as(username: string): Promise<Execute>;
  /** With no token at all. */
  anonymous: Execute;
  close(): Promise<void>;
}

const adminUrl = () => {
  const url = process.env.JICENG_TEST_ADMIN_URL;
  if (!url)
    throw new Error('JICENG_TEST_ADMIN_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  return url;
};
const databaseUrl = (name: string) => {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
};

export interface TestAppOptions {
  /** Modules to install; default every module in modules/. */
  modules?: JicengModule[];
  /** Start from the demo county (or one three times larger) instead of an empty database. */
  seed?: 'demo' | 'demo-x3';
  /** Extra environment for the config (e.g. TZ). */
  env?: Record<string, string>;
  /**
   * Where the clock starts: a business day (10:00 that day in the deployment's time zone) or an
   * instant. Tests never read the machine's clock; the default is a fixed Wednesday (TEST_NOW).
   */
  now?: string;
}

/** The instant every test starts at unless it pins another: a Wednesday morning in Shanghai. */
export const TEST_NOW = '2026-11-25T10:00:00+08:00';

/**
 * A fresh database for one test file, cloned from a template that was migrated (and seeded) once
 * per test run and module set, and the app opened on it exactly as `npm start` opens it.
 */
export async function createTestApp(o: TestAppOptions = {}): Promise<TestApp> {
  const modules = o.modules ?? loadModules(undefined);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: process.env.TEST_POOL ?? '4',
    ...o.env,
  });
  const log = pino({ level: 'silent' });
  const migrations = [...CORE_MIGRATIONS, ...modules.flatMap((m) => m.migrations)].map((m) => m.name);
  const clock = new ManualClock(config.timeZone, o.now ?? TEST_NOW);
  const key = createHash('sha1')
    .update(
      JSON.stringify({
        migrations,
        // Demo data is dated from the clock's day, so templates are kept per day.
        seed: o.seed ? [o.seed, todayOf(clock)] : null,
        modules: modules.map((m) => m.name),
      }),
    )
    .digest('hex')
    .slice(0, 10);
  const template = `tpl_${process.env.JICENG_TEST_TEMPLATES ?? process.env.JICENG_TEST_RUN}_${key}`;

  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      // Built under another name and renamed when complete: a build that failed or was killed leaves
      // no template behind for the next file (or the next faked-clock day, which reuses them).
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      const { app } = await openApp(config, log, databaseUrl(building), { modules, clock });
      try {
        if (o.seed) await seedDemo(app, 'demo', o.seed === 'demo-x3' ? 3 : 1);
      } finally {
        await app.db.destroy();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    const name = `test_${process.env.JICENG_TEST_RUN}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const { app, schema } = await openApp(config, log, databaseUrl(name), { modules, migrate: false, clock });
    const apollo: ApolloServer<Context> = createApollo(app, schema);
    await apollo.start();
    const adminId = await app.db.transaction(async (tx) => {
      const account = await app.auth.createAccount(tx, {
        username: 'test-admin',
        displayName: 'Test administrator',
        password: 'test-admin-password',
        memberId: null,
      });
      await app.auth.grant(tx, account.id, null, Role.ADMIN, null);
      return account.id;
    });
    const viewerOf = async (username: string): Promise<Viewer> => {
      const [row] = await app.db.query('SELECT id FROM account WHERE username = $1', [username]);
      const viewer = row && (await app.auth.loadViewer(row.id));
      if (!viewer) throw new Error(`no enabled account ${username}`);
      return viewer;
    };
    const adminViewer = (await app.auth.loadViewer(adminId))!;
    return {
      app,
      schema,
      clock,
      get today() {
        return todayOf(clock);
      },
      execute: (query, variables) => execute(apollo, app, query, variables, adminViewer),
      as: async (username) => {
        const viewer = await viewerOf(username);
        return (query, variables) => execute(apollo, app, query, variables, viewer);
      },
      anonymous: (query, variables) => execute(apollo, app, query, variables, null),
      close: async () => {
        await apollo.stop();
        await app.events.close();
        await app.webhooks.stop();
        // Every test file ends by checking that the aggregates its writes maintained match the facts.
        const checked = await app.figures.check(app.db).then(
          (found) => ({ found, failed: null }),
          (failed: Error) => ({ found: [], failed }),
        );
        await app.db.destroy();
        const drop = new pg.Client({ connectionString: adminUrl() });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name}`);
        await drop.end();
        if (checked.failed) throw checked.failed;
        if (checked.found.length)
          throw new Error(
            `aggregates differ from a recount of the facts: ${checked.found.map((m) => `${m.module} ${m.table} (${m.extra} extra, ${m.missing} missing: ${JSON.stringify(m.sample)})`).join('; ')}`,
          );
      },
    };
  } finally {
    await admin.end();
  }
}

async function execute(
  apollo: ApolloServer<Context>,
  app: App,
  query: string,
  variables: Record<string, unknown> | undefined,
  viewer: Viewer | null,
): Promise<ExecResult> {
  const scope = { requestId: randomBytes(6).toString('hex'), sqlCount: 0 };
  const response = await runInRequestScope(scope, () =>
    apollo.executeOperation(
      { query, variables },
      { contextValue: createContext(app, scope.requestId, viewer, '127.0.0.1') },
    ),
  );
  if (response.body.kind !== 'single') throw new Error('incremental responses are not used');
  const { data, errors, extensions } = response.body.singleResult as ExecResult;
  return { data, errors, extensions, sql: scope.sqlCount };
}
