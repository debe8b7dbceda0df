import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { loadPolicy } from '../../src/policy';
import { createTestApp } from '../support/test-app';

describe('configuration', () => {
  test('defaults: embedded database with the demo county, Shanghai time, port 4000', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      timeZone: 'Asia/Shanghai',
      seedSize: 'demo',
      databaseUrl: undefined,
      modules: undefined,
    });
  });

  test('with DATABASE_URL no demo data is loaded unless asked; MODULES is a list', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/jiceng', MODULES: 'weekly-reports, issue-lists' }),
    ).toMatchObject({
      seedSize: 'none',
      modules: ['weekly-reports', 'issue-lists'],
    });
  });

  test('every bad value is reported at once, by name', () => {
    expect(() => loadConfig({ PORT: 'eighty', TZ: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: /);
    expect(() => loadConfig({ TZ: 'Mars/Olympus' })).toThrow('TZ: unknown time zone "Mars/Olympus"');
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  test('policy defaults follow docs/RULES.md and bad policy values are refused', () => {
    expect(loadPolicy().terms).toEqual({
      ruralOrCommunityBranchYears: 5,
      otherBranchYears: 3,
      committeeYears: 5,
      firstSecretaryYears: 2,
      remindMonthsBefore: 6,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ terms: { otherBranchYears: 4 } }));
    expect(loadPolicy(path.join(dir, 'ok.json')).terms).toMatchObject({
      otherBranchYears: 4,
      ruralOrCommunityBranchYears: 5,
    });
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ terms: { otherBranchYears: 0 } }));
    expect(() => loadPolicy(path.join(dir, 'bad.json'))).toThrow(/terms\.otherBranchYears/);
  });
});

test("every database connection judges dates in the deployment's time zone and stops runaway statements", async () => {
  const t = await createTestApp({ env: { TZ: 'Asia/Urumqi', STATEMENT_TIMEOUT_MS: '1500' } });
  try {
    const [row] = await t.app.db.query(
      `SELECT current_setting('TimeZone') AS tz, current_setting('statement_timeout') AS timeout`,
    );
    expect(row).toEqual({ tz: 'Asia/Urumqi', timeout: '1500ms' });
    await expect(t.app.db.query('SELECT pg_sleep(3)')).rejects.toThrow(/statement timeout/);
  } finally {
    await t.close();
  }
});

describe('operations settings', () => {
  test('a configuration error is one line naming the variable', () => {
    for (const env of [
      { NODE_ENV: 'production' },
      { PORT: 'eighty', TZ: 'Mars/Olympus' },
      { TRUST_PROXY: 'true' },
      { MIGRATE_ON_START: 'sometimes' },
      { METRICS_TOKEN: 'short' },
    ]) {
      let message = '';
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = (err as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: /);
      expect(message).not.toContain('\n');
      for (const name of Object.keys(env).filter((k) => k !== 'NODE_ENV' && k !== 'TZ'))
        expect(message).toContain(`${name}: `);
    }
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: JWT_SECRET: required/);
  });

  test('migrations run at start with the embedded database, not with DATABASE_URL, unless MIGRATE_ON_START says', () => {
    const url = 'postgres://u:p@db:5432/jiceng';
    expect(loadConfig({}).migrateOnStart).toBe(true);
    expect(loadConfig({ DATABASE_URL: url }).migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: url, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'off' }).migrateOnStart).toBe(false);
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(16) }).metricsToken).toBe('x'.repeat(16));
  });
});
