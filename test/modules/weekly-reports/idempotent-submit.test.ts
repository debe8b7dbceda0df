import { serveHttp, signIn, type ServedApp } from '../../support/serve-http';
import { createTestApp, type TestApp } from '../../support/test-app';
import { at, countyWith, saveReport, startReport, SUBMIT } from './reports';

/**
 * A village on a dropped 4G connection submits its weekly report, gets no answer, and submits again:
 * under one Idempotency-Key the retry answers the first submission (README, "For front-end
 * developers"), where a plain retry is refused because the report is no longer a draft.
 */
let t: TestApp;
let http: ServedApp;

beforeAll(async () => {
  t = await createTestApp();
  http = await serveHttp(t.app, t.schema);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const W = '2026-11-23';

test('a submit retried under its key answers the first submission; without a key the retry is refused', async () => {
  const { tree } = await countyWith(t, 'IS', 'sec-v1', 'sec-v2');
  const keyed = await startReport(t, at('2026-11-26', '09:00:00'), tree.village1, W);
  await saveReport(t, keyed);
  const plain = await startReport(t, at('2026-11-26', '09:00:00'), tree.village2, W);
  await saveReport(t, plain);

  t.clock.set(at('2026-11-26', '10:00:00'));
  const v1 = (await signIn(http, 'is-sec-v1', 'long-enough-password')).accessToken;
  const v2 = (await signIn(http, 'is-sec-v2', 'long-enough-password')).accessToken;
  const submit = (reportId: string, token: string, headers: Record<string, string> = {}) =>
    http.gql(SUBMIT, { i: { reportId } }, { token, headers });

  const key = { 'Idempotency-Key': 'submit-v1-week-2026-11-23' };
  const first = await submit(keyed, v1, key);
  expect(first.body.data.submitWeeklyReport.userErrors).toEqual([]);
  expect(first.body.data.submitWeeklyReport.weeklyReport.status).toBe('SUBMITTED');
  t.clock.advance(60_000);
  const retried = await submit(keyed, v1, key);
  expect(retried.body.data.submitWeeklyReport).toEqual(first.body.data.submitWeeklyReport);
  expect(retried.body.extensions.idempotentReplay).toEqual(['submitWeeklyReport']);
  const [{ n }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM audit_event WHERE operation = 'submitWeeklyReport' AND outcome = 'OK'`,
  );
  expect(n).toBe(1);

  // The same retry without a key is a second submission of a report no longer a draft: refused.
  expect((await submit(plain, v2)).body.data.submitWeeklyReport.userErrors).toEqual([]);
  const again = await submit(plain, v2);
  expect(again.body.data.submitWeeklyReport.userErrors.length).toBeGreaterThan(0);
});
