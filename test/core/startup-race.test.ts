import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { openApp, prepareDatabase } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createHttpServer } from '../../src/server';
import { reportFigure } from '../support/helpers';
import { TEST_NOW } from '../support/test-app';

/**
 * Issue 14, item 15: N processes started together on an empty database all come up. Each start runs
 * what `npm start` runs (src/main.ts): openApp (create the database, migrate), then prepareDatabase
 * (first administrator, demo data), then serves HTTP. Three starts at once, on a database that does
 * exists but is empty, or does not exist yet, five times in a row.
 */
// Each round migrates and seeds the demo county from nothing, three starts at once: about 30-40 s on an
// idle machine, and far longer on a loaded one. The bound is for a hang, not for speed.
jest.setTimeout(900_000);

const adminUrl = () => process.env.JICENG_TEST_ADMIN_URL!;
const urlOf = (name: string) => {
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
};
const created: string[] = [];

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

/** One start, as src/main.ts does it; answers what its HTTP server says, or why it could not start. */
async function start(
  url: string,
): Promise<{ ok: true; close: () => Promise<void>; base: string } | { ok: false; error: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '3',
    SEED_SIZE: 'demo',
    DATABASE_URL: url,
    JICENG_ADMIN_USERNAME: 'first-admin',
    JICENG_ADMIN_PASSWORD: 'first-admin-password',
  });
  const log = pino({ level: 'silent' });
  try {
    const { app, schema } = await openApp(config, log, url, { clock: new ManualClock(config.timeZone, TEST_NOW) });
    try {
      await prepareDatabase(app);
      const { httpServer, apollo } = await createHttpServer(app, schema);
      await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
      return {
        ok: true,
        base,
        close: async () => {
          await apollo.stop();
          await app.db.destroy();
        },
      };
    } catch (err) {
      await app.db.destroy();
      throw err;
    }
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

test('three starts at once on an empty (or missing) database all come up, five times in a row', async () => {
  const rounds: string[] = [];
  for (let round = 0; round < 5; round++) {
    const name = `race_${process.env.JICENG_TEST_RUN}_${randomBytes(3).toString('hex')}`;
    created.push(name);
    // Rounds alternate: an empty database that exists (the migrations race), and none at all (its creation races too).
    if (round % 2 === 0) {
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
    }
    const started = Date.now();
    const starts = await Promise.all([0, 1, 2].map(() => start(urlOf(name))));
    const ms = Date.now() - started;
    try {
      expect(starts.map((s) => (s.ok ? 'up' : s.error))).toEqual(['up', 'up', 'up']);
      // Each answers over HTTP, sees one administrator and one copy of the demo county.
      for (const s of starts) {
        if (!s.ok) continue;
        expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
        const login = await fetch(`${s.base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query:
              'mutation { login(input: { username: "first-admin", password: "first-admin-password" }) { accessToken } }',
          }),
        });
        const token = ((await login.json()) as any).data.login.accessToken;
        const units = await fetch(`${s.base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ orgUnits(kinds: [COUNTY_COMMITTEE]) { totalCount } }' }),
        });
        expect(((await units.json()) as any).data.orgUnits.totalCount).toBe(1);
      }
      const db = new pg.Client({ connectionString: urlOf(name) });
      await db.connect();
      const [{ admins, migrations, distinct }] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM account WHERE username = 'first-admin') AS admins,
                  (SELECT count(*)::int FROM migrations) AS migrations,
                  (SELECT count(DISTINCT name)::int FROM migrations) AS distinct`,
        )
      ).rows;
      await db.end();
      expect({ admins, duplicateMigrations: migrations - distinct }).toEqual({ admins: 1, duplicateMigrations: 0 });
    } finally {
      await Promise.all(starts.map((s) => (s.ok ? s.close() : undefined)));
    }
    rounds.push(`${ms} ms`);
  }
  reportFigure('three simultaneous starts on an empty database (5 rounds)', rounds.join(', '));
});
