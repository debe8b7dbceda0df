import { importFromFile } from '../../src/cli/import-command';
import { toGlobalId } from '../../src/graphql/global-id';
import { idFor } from '../support/people';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';
import { renderMessage } from '../../src/messages/catalogue';

/** `npm run import` runs the import of the importMembers mutation and is audited as it is. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await smallCounty(t);
});
afterAll(() => t?.close());

const events = () =>
  t.app.db.query(
    `SELECT actor_id, operation, target_ids, unit_paths, input, outcome, error_codes, request_id, at
       FROM audit_event WHERE operation = 'importMembers' ORDER BY id`,
  );

test('a good file is imported and audited once, with the unit and the file size, never its content', async () => {
  const csv = [
    '姓名,身份证号,性别,党员类别,入党日期,支部代码',
    `赵文,${idFor('1970-01-02', true, 410)},男,农村党员,1999-07-01,TC-V1`,
  ].join('\n');
  const r = await importFromFile(t.app, csv, 'TC', '/srv/files/members.csv');
  expect(r).toEqual({ imported: 1, problems: [] });
  const [unit] = await t.app.db.query(`SELECT id, path FROM org_unit WHERE code = 'TC'`);
  const [e] = await events();
  expect(e).toMatchObject({
    actor_id: null,
    operation: 'importMembers',
    target_ids: [toGlobalId('OrgUnit', unit.id)],
    unit_paths: [unit.path],
    input: {
      underId: toGlobalId('OrgUnit', unit.id),
      file: 'members.csv',
      csv: `[redacted: ${csv.length} characters]`,
    },
    outcome: 'OK',
    error_codes: [],
  });
  expect(e.request_id).toMatch(/^[0-9a-f-]{36}$/);
  // The event is dated by the application's clock, as a mutation's is.
  expect(new Date(e.at).toISOString()).toBe(t.app.clock.now().toISOString());
  expect(JSON.stringify(e.input)).not.toContain('赵文');
});

test('a bad file writes no member and one REJECTED event with the codes; an unknown unit is refused alike', async () => {
  const before = await t.app.db.query(`SELECT count(*)::int AS n FROM member`);
  const csv = [
    '姓名,党员类别,入党日期,支部代码',
    '钱一,农村党员,1999-07-01,TC-V1',
    '孙二,农村党员,不是日期,TC-V1',
  ].join('\n');
  const r = await importFromFile(t.app, csv, 'TC', 'bad.csv');
  expect(r.imported).toBe(0);
  expect(r.problems.length).toBeGreaterThan(0);
  expect(r.problems.some((p) => p.line === 3 && /入党日期/.test(`${p.field} ${renderMessage(p.message, 'zh')}`))).toBe(
    true,
  );
  expect(await t.app.db.query(`SELECT count(*)::int AS n FROM member`)).toEqual(before);
  const unknown = await importFromFile(t.app, csv, 'NO-SUCH-UNIT', 'bad.csv');
  expect(unknown.problems[0]).toMatchObject({ code: 'NOT_FOUND' });
  expect(renderMessage(unknown.problems[0].message, 'zh')).toBe('没有代码为“NO-SUCH-UNIT”的组织');
  const rejected = (await events()).filter((e: { outcome: string }) => e.outcome === 'REJECTED');
  expect(rejected).toHaveLength(2);
  expect(rejected[0]).toMatchObject({ error_codes: ['BAD_USER_INPUT'], input: { file: 'bad.csv' } });
  expect(rejected[1]).toMatchObject({ error_codes: ['NOT_FOUND'], input: { underCode: 'NO-SUCH-UNIT' } });
});
