import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { CoreSchema1763800000000 } from '../../src/db/migrations/1763800000000-core-schema';
import { Access1763900000000 } from '../../src/db/migrations/1763900000000-access';
import { AuthSessionsAndLimits1764200000000 } from '../../src/db/migrations/1764200000000-auth-sessions-and-limits';

/**
 * Issue 14, items 6 and 8, on a database that was in use before: the migration keeps the oldest of
 * duplicate grants (made by the grantRole race) and turns every refresh token into a session, so
 * sign-ins made before the upgrade keep refreshing.
 */
const admin = () => new pg.Client({ connectionString: process.env.JICENG_TEST_ADMIN_URL });
const name = `mig_${randomBytes(4).toString('hex')}`;
let db: pg.Client;

beforeAll(async () => {
  const a = admin();
  await a.connect();
  await a.query(`CREATE DATABASE ${name}`);
  await a.end();
  const url = new URL(process.env.JICENG_TEST_ADMIN_URL!);
  url.pathname = `/${name}`;
  db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  const a = admin();
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${name}`);
  await a.end();
});

const runner = () =>
  ({ query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows }) as unknown as QueryRunner;

test('duplicate grants are reduced to the oldest; refresh tokens become sessions', async () => {
  await new CoreSchema1763800000000().up(runner());
  await new Access1763900000000().up(runner());
  const hash = 'scrypt$16384$8$1$AAAA$AAAA';
  await db.query(`INSERT INTO account (username, display_name, password_hash) VALUES ('dup', 'dup', $1)`, [hash]);
  // Ten identical deployment-wide grants, as the race made them, and one already revoked.
  for (let i = 0; i < 10; i++) await db.query(`INSERT INTO access_grant (account_id, role) VALUES (1, 'ANALYST')`);
  await db.query(`INSERT INTO access_grant (account_id, role, revoked_at) VALUES (1, 'ADMIN', now())`);
  await db.query(`
    INSERT INTO refresh_token (account_id, token_hash, expires_at, revoked_at) VALUES
      (1, 'used', now() + interval '30 days', now()), (1, 'live', now() + interval '30 days', NULL)`);

  await new AuthSessionsAndLimits1764200000000().up(runner());

  const grants = await db.query(`SELECT id, role FROM access_grant WHERE revoked_at IS NULL ORDER BY id`);
  expect(grants.rows).toEqual([{ id: 1, role: 'ANALYST' }]);
  const tokens = await db.query(
    `SELECT r.token_hash, s.account_id, s.revoked_because FROM refresh_token r JOIN auth_session s ON s.id = r.session_id ORDER BY r.id`,
  );
  expect(tokens.rows).toEqual([
    { token_hash: 'used', account_id: 1, revoked_because: 'LEGACY' },
    { token_hash: 'live', account_id: 1, revoked_because: null },
  ]);
  // New sessions are numbered after the migrated ones.
  const next = await db.query(`INSERT INTO auth_session (account_id) VALUES (1) RETURNING id`);
  expect(next.rows[0].id).toBe(3);
  // And the database holds the rule from now on.
  await expect(db.query(`INSERT INTO access_grant (account_id, role) VALUES (1, 'ANALYST')`)).rejects.toMatchObject({
    code: '23505',
  });

  await new AuthSessionsAndLimits1764200000000().down(runner());
  await new AuthSessionsAndLimits1764200000000().up(runner());
});
