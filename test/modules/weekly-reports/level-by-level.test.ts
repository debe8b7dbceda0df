import { codeOf } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { ACCEPT, at, countyWith, type Exec, ok, reportAt, RETURN } from './reports';

/**
 * Issue 15, item 3: reports go up level by level (逐级上报, seed 000). Only the unit a report goes
 * to — the reporter's parent on the week's due day — returns or accepts it, through an account whose
 * acting role (ADMIN, SECRETARY, STATION_STAFF) is granted on that very unit. A grant on a unit
 * above covers the subtree for module work, but does not let its holder review in the station's place.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const W = '2026-11-16';
const STATE = `query($id: ID!) { node(id: $id) { ... on WeeklyReport { status returnReason acceptedAt } } }`;
const state = async (id: string) => (await t.execute(STATE, { id })).data.node;

/** Tries to return and to accept the report as `exec`; the codes and the messages it got. */
async function review(exec: Exec, reportId: string) {
  const returned = await exec(RETURN, { i: { reportId, reason: '请补充说明' } });
  const accepted = await exec(ACCEPT, { i: { reportId } });
  return {
    codes: [
      codeOf(returned) ?? returned.data.returnWeeklyReport.userErrors[0]?.code ?? 'OK',
      codeOf(accepted) ?? accepted.data.acceptWeeklyReport.userErrors[0]?.code ?? 'OK',
    ],
    message: returned.errors?.[0]?.message,
  };
}

test('a village report: the township secretary, the township and county administrators and the deployment administrator may neither return nor accept it', async () => {
  const { tree, as } = await countyWith(t, 'LV', 'staff-a', 'township', 'township-admin', 'county-admin');
  const id = await reportAt(t, at('2026-11-20', '09:00:00'), tree.village1, W);
  t.clock.set(TEST_NOW);
  const above: [string, Exec][] = [
    ['township secretary', as.township],
    ['township admin', as['township-admin']],
    ['county admin', as['county-admin']],
    ['deployment admin', t.execute],
  ];
  for (const [who, exec] of above) {
    const r = await review(exec, id);
    expect({ who, ...r }).toEqual({
      who,
      codes: ['FORBIDDEN', 'FORBIDDEN'],
      message: expect.stringContaining('周报逐级上报：只有该周报当周报送的第一工作站才能退回或接收'),
    });
  }
  // Nothing was written, and every refusal is in the audit log.
  expect(await state(id)).toEqual({ status: 'SUBMITTED', returnReason: null, acceptedAt: null });
  const [{ denied }] = await t.app.db.query(
    `SELECT count(*)::int AS denied FROM audit_event
     WHERE operation IN ('returnWeeklyReport', 'acceptWeeklyReport') AND outcome = 'DENIED' AND $1 = ANY(target_ids)`,
    [id],
  );
  expect(denied).toBe(8);

  // The station's own staff may.
  expect(ok(await as['staff-a'](ACCEPT, { i: { reportId: id } }), 'acceptWeeklyReport').weeklyReport.status).toBe(
    'ACCEPTED',
  );
});

test("a station's administrator acts for the station: returns a village report, the village resubmits, the administrator accepts", async () => {
  const { tree, as } = await countyWith(t, 'LA', 'station-admin', 'sec-v1');
  const id = await reportAt(t, at('2026-11-20', '09:00:00'), tree.village1, W);
  t.clock.set(TEST_NOW);
  ok(await as['station-admin'](RETURN, { i: { reportId: id, reason: '请补充说明' } }), 'returnWeeklyReport');
  ok(
    await as['sec-v1'](
      `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { userErrors { code } } }`,
      { i: { reportId: id } },
    ),
    'submitWeeklyReport',
  );
  ok(await as['station-admin'](ACCEPT, { i: { reportId: id } }), 'acceptWeeklyReport');
  expect((await state(id)).status).toBe('ACCEPTED');
});

test("a station's report goes to its township: the township's secretary or administrator returns and accepts it, not the county's, not the station's staff", async () => {
  const { tree, as } = await countyWith(t, 'LS', 'staff-a', 'township', 'township-admin', 'county-admin');
  const id = await reportAt(t, at('2026-11-20', '09:00:00'), tree.stationA, W);
  t.clock.set(TEST_NOW);
  expect((await review(as['county-admin'], id)).codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  expect((await review(t.execute, id)).codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  // The station's staff work on the station's villages, not on the township it reports to.
  expect((await review(as['staff-a'], id)).codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  expect(await state(id)).toMatchObject({ status: 'SUBMITTED' });

  ok(await as.township(RETURN, { i: { reportId: id, reason: '请汇总各村情况' } }), 'returnWeeklyReport');
  expect(await state(id)).toMatchObject({ status: 'DRAFT', returnReason: '请汇总各村情况' });
  ok(
    await t.execute(
      `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { userErrors { code } } }`,
      {
        i: { reportId: id },
      },
    ),
    'submitWeeklyReport',
  );
  ok(await as['township-admin'](ACCEPT, { i: { reportId: id } }), 'acceptWeeklyReport');
  expect((await state(id)).status).toBe('ACCEPTED');
});

test('not another station, not an analyst of the station itself: only an acting role on the unit the report went to; nothing is written', async () => {
  const { tree, as } = await countyWith(t, 'LO', 'staff-b', 'station-analyst');
  const id = await reportAt(t, at('2026-11-20', '09:00:00'), tree.village1, W);
  t.clock.set(TEST_NOW);
  // Station B's staff: the report went to station A (out of station B's scope: refused as FORBIDDEN, or as
  // NOT_FOUND where the core checks input ids against what the viewer may see before the mutation runs).
  const b = await review(as['staff-b'], id);
  for (const code of b.codes) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code);
  // An analyst on station A reads the report but does no module work: FORBIDDEN.
  expect((await as['station-analyst'](STATE, { id })).data.node).toMatchObject({ status: 'SUBMITTED' });
  expect((await review(as['station-analyst'], id)).codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  expect(await state(id)).toEqual({ status: 'SUBMITTED', returnReason: null, acceptedAt: null });
});
