import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { openApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { Role } from '../../src/auth/roles';
import { createContext } from '../../src/context';
import { CORE_MIGRATIONS } from '../../src/db/data-source';
import { applyMigrations, pendingMigrations, PendingMigrationsError } from '../../src/db/migrate';
import { loadModules } from '../../src/module-system/loader';
import { createApollo } from '../../src/server';
import { TEST_NOW } from '../support/test-app';

/**
 * README "Operations", upgrading: a database made by an earlier release's migrations, holding data, is
 * brought to the current schema by what `npm run migrate` runs (src/cli/migrate.ts), and keeps its data.
 * The earlier release: every migration before the figures engine (timestamp 1764600000000).
 */
const EARLIER_RELEASE = 1764600000000;
const name = `upg_${randomBytes(4).toString('hex')}`;
const adminUrl = process.env.JICENG_TEST_ADMIN_URL!;
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();
const modules = loadModules(undefined);
const timestampOf = (m: { name: string }) => Number(m.name.slice(-13));
const ALL = [...CORE_MIGRATIONS, ...modules.flatMap((m) => m.migrations)];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

/** Rows as the earlier release wrote them: a county, a township, a village branch, three members, an account. */
async function fillEarlierRelease(db: DataSource): Promise<void> {
  await db.query(`
    INSERT INTO org_unit (id, code, name, kind, parent_id, path, depth, sector) VALUES
      (1, 'UP01', '旧县', 'COUNTY_COMMITTEE', NULL, '/1/', 0, NULL),
      (2, 'UP01-T1', '旧镇', 'TOWNSHIP_COMMITTEE', 1, '/1/2/', 1, NULL),
      (3, 'UP01-V1', '旧村党支部', 'BRANCH', 2, '/1/2/3/', 2, 'VILLAGE')`);
  await db.query(`
    INSERT INTO org_unit_placement (unit_id, parent_id, path, valid_from, change)
    SELECT id, parent_id, path, '2020-01-01', 'CREATED' FROM org_unit`);
  await db.query(`
    INSERT INTO member (id, name, gender, ethnicity, birth_date, category, joined_on, full_member_since, status, branch_id) VALUES
      (1, '张旧一', 'MALE', '汉族', '1960-03-01', 'RURAL', '1990-07-01', '1991-07-01', 'FULL', 3),
      (2, '李旧二', 'FEMALE', '汉族', '1975-05-09', 'RURAL', '2001-07-01', '2002-07-01', 'FULL', 3),
      (3, '王旧三', 'MALE', '壮族', '1998-11-20', 'RURAL', '2025-06-01', NULL, 'PROBATIONARY', 3)`);
  await db.query(`
    INSERT INTO membership_period (member_id, branch_id, valid_from, change)
    SELECT id, branch_id, joined_on, 'JOINED' FROM member`);
  await db.query(`
    INSERT INTO account (username, display_name, password_hash) VALUES ('old-admin', '旧管理员', 'scrypt$16384$8$1$AAAA$AAAA')`);
  await db.query(`SELECT setval(pg_get_serial_sequence('org_unit', 'id'), 3)`);
  await db.query(`SELECT setval(pg_get_serial_sequence('member', 'id'), 3)`);
}

const snapshot = async (db: { query: (sql: string) => Promise<unknown[]> }) => ({
  units: await db.query(`SELECT id, code, name, kind, parent_id, path, depth FROM org_unit ORDER BY id`),
  members: await db.query(
    `SELECT id, name, gender, birth_date, category, joined_on, status, branch_id FROM member ORDER BY id`,
  ),
  accounts: await db.query(`SELECT id, username, display_name, password_hash FROM account ORDER BY id`),
});

test('a database of the earlier release, with data, is migrated to the current schema and keeps its data', async () => {
  const earlier = ALL.filter((m) => timestampOf(m) < EARLIER_RELEASE);
  expect(earlier.length).toBeGreaterThan(5);
  expect(earlier.length).toBeLessThan(ALL.length);
  const old = new DataSource({ type: 'postgres', url, migrations: earlier, migrationsTableName: 'migrations' });
  await old.initialize();
  await old.runMigrations({ transaction: 'each' });
  await fillEarlierRelease(old);
  const before = await snapshot(old);
  await old.destroy();

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, DB_POOL_SIZE: '3' });
  expect(config.migrateOnStart).toBe(false);
  const log = pino({ level: 'silent' });
  const clock = new ManualClock(config.timeZone, TEST_NOW);

  // A start with MIGRATE_ON_START off refuses, naming what is pending, and changes nothing.
  const refused = openApp(config, log, url, { modules, clock, pendingMigrations: 'refuse' });
  await expect(refused).rejects.toThrow(PendingMigrationsError);
  await expect(refused).rejects.toThrow(/npm run migrate/);

  // What `npm run migrate -- --dry-run` and then `npm run migrate` do.
  const { app, schema } = await openApp(config, log, url, { modules, clock, migrate: false });
  try {
    const pending = await pendingMigrations(app.db);
    expect([...pending].sort()).toEqual(
      ALL.filter((m) => timestampOf(m) >= EARLIER_RELEASE)
        .map((m) => m.name)
        .sort(),
    );
    // Oldest first, as they will run.
    const times = pending.map((n) => timestampOf({ name: n }));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const { ran, counted } = await applyMigrations(app.db, app.figures, url, log, 'run');
    expect(ran).toEqual(pending);
    expect(counted.length).toBeGreaterThan(0);
    expect(await pendingMigrations(app.db)).toEqual([]);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM migrations`);
    expect(n).toBe(ALL.length);
    expect(await snapshot(app.db)).toEqual(before);
    // A second run finds nothing to do.
    expect((await applyMigrations(app.db, app.figures, url, log, 'run')).ran).toEqual([]);

    // The current code reads the upgraded data through the API.
    const apollo = createApollo(app, schema);
    await apollo.start();
    try {
      const [account] = await app.db.query(`SELECT id FROM account WHERE username = 'old-admin'`);
      await app.db.transaction((tx) => app.auth.grant(tx, account.id, null, Role.ADMIN, null));
      const ctx = createContext(app, 'upgrade-test', await app.auth.loadViewer(account.id));
      const r = await apollo.executeOperation(
        { query: '{ orgUnit(code: "UP01") { name memberStats { total probationary } } }' },
        { contextValue: ctx },
      );
      const body = r.body.kind === 'single' ? r.body.singleResult : null;
      expect(body?.errors).toBeUndefined();
      expect(body?.data).toEqual({ orgUnit: { name: '旧县', memberStats: { total: 3, probationary: 1 } } });
    } finally {
      await apollo.stop();
    }
  } finally {
    await app.db.destroy();
  }
  // And a start with MIGRATE_ON_START off now comes up.
  const started = await openApp(config, log, url, { modules, clock, pendingMigrations: 'refuse' });
  await started.app.db.destroy();
});
