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
