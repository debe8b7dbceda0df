import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { SystemClock, type Clock } from './clock';
import type { Config } from './config';
import type { App } from './context';
import { createDataSource, ensureDatabase } from './db/data-source';
import { withStartupLock } from './db/startup-lock';
import { applyMigrations } from './db/migrate';
import { isEmpty, seedDemo } from './demo/seed';
import { loadModules } from './module-system/loader';
import { ModuleRegistry } from './module-system/registry';
import { FiguresEngine } from './figures/engine';
import { ModuleEnablementService } from './module-system/services/module-enablement.service';
import { createOrgServices } from './org/services';
import { loadPolicy } from './policy';
import { buildAppSchema, CORE, nodeTypes } from './schema';
import type { JicengModule } from './module-system/define-module';
import { AuthService } from './auth/services/auth.service';
import { LoginThrottle } from './auth/services/login-throttle';
import { TokenService } from './auth/tokens';
import { EventHub } from './events/hub';
import { ViewerCache } from './auth/viewer-cache';
import { costBudgetOf } from './graphql/cost-budget';
import type { FoundViewer } from './auth/services/auth.service';
import { ReminderTimer } from './reminders/scheduler';
import { WebhookWorker } from './events/webhooks/worker';

export interface OpenOptions {
  /** Modules to install instead of loading `config.modules` from disk (tests use fixtures). */
  modules?: JicengModule[];
  /** Skip migrations (the database was built from a migrated template, or a command only inspects it). */
  migrate?: boolean;
  /** `refuse`: apply none, and fail naming them when some are pending (MIGRATE_ON_START off). Default `run`. */
  pendingMigrations?: 'run' | 'refuse';
  /** The clock (tests pin one); default the machine's, in the deployment's time zone. */
  clock?: Clock;
}

/**
 * Everything but the HTTP server: modules checked, database connected and migrated, services and
 * the one schema built. Used by `npm start`, the CLI commands and the tests alike.
 */
export async function openApp(
  config: Config,
  log: Logger,
  databaseUrl: string,
  o: OpenOptions = {},
): Promise<{ app: App; schema: GraphQLSchema }> {
  const registry = ModuleRegistry.create(o.modules ?? loadModules(config.modules), CORE);
  const policy = loadPolicy(process.env.JICENG_POLICY_FILE);
  await ensureDatabase(databaseUrl);
  const db = createDataSource({
    url: databaseUrl,
    timeZone: config.timeZone,
    statementTimeoutMs: config.statementTimeoutMs,
    poolSize: config.dbPoolSize,
    log,
    moduleEntities: registry.entities,
    moduleMigrations: registry.migrations,
  });
  await db.initialize();
  const figures = new FiguresEngine(registry.modules, policy, config.timeZone);
  try {
    // Processes starting together on one database migrate one at a time (src/db/migrate.ts).
    if (o.migrate !== false) await applyMigrations(db, figures, databaseUrl, log, o.pendingMigrations ?? 'run');
    const schema = await buildAppSchema(registry);
    const clock = o.clock ?? new SystemClock(config.timeZone);
    // The viewers' listening connection ends with the data source, whoever closes it (server, command, test).
    const viewers = new ViewerCache<FoundViewer>(databaseUrl, log);
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      await viewers.close();
      // Operations' costs spent in this process and not yet written count for the account's hour.
      await costBudgetOf(db, clock)
        .flush()
        .catch((err: unknown) => log.warn({ err }, 'cost budget not written'));
      return destroy();
    };
    const app = {
      config,
      clock,
      db,
      log,
      policy,
      registry,
      // Every installed module's reaction to a member's move, or a corrected joining day, runs in the
      // writing transaction (src/org/member-moves.ts).
      org: createOrgServices(policy, figures, async (tx, move) => {
        for (const m of registry.modules) if (m.memberMoved) await m.memberMoved({ tx, move, app });
      }),
      modules: new ModuleEnablementService(registry, figures),
      figures,
      nodeTypes: nodeTypes(registry),
      auth: new AuthService(
        db,
        new TokenService(config.auth.jwtSecret, config.auth.accessTtlSeconds, config.auth.refreshTtlDays, clock),
        new LoginThrottle(db, clock),
        log,
        clock,
        viewers,
      ),
      moduleServices: new Map(),
      events: undefined as unknown as EventHub,
      reminders: undefined as unknown as ReminderTimer,
      webhooks: undefined as unknown as WebhookWorker,
    } satisfies App;
    // The process's reader of the event outbox; it connects with the first subscription.
    app.events = new EventHub(app);
    app.reminders = new ReminderTimer(app);
    app.webhooks = new WebhookWorker(app);
    for (const m of registry.modules) if (m.services) app.moduleServices.set(m.name, m.services(app));
    if (config.auth.ephemeralSecret)
      log.warn('JWT_SECRET is not set: a random secret is used and sign-ins end when the process stops');
    return { app, schema };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/**
 * What a first start does once the database is migrated (`npm start`): the first administrator from
 * JICENG_ADMIN_*, then demo data (SEED_SIZE) into an empty database. Under the start-up lock, so of
 * processes starting together on one database exactly one creates and loads, and the rest find it done.
 */
export async function prepareDatabase(app: App): Promise<void> {
  const url = (app.db.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no URL');
  await withStartupLock(url, app.log, async () => {
    await app.auth.ensureFirstAdmin(app.config.auth.admin);
    if (app.config.seedSize !== 'none' && (await isEmpty(app))) {
      app.log.info({ size: app.config.seedSize }, 'first start: loading demo data');
      await seedDemo(app, app.config.seedSize);
    }
  });
}
