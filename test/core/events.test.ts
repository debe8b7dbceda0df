import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { App } from '../../src/context';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { subscribe, wsClient } from '../../bench/support/subscriber';
import { enableModule } from '../support/helpers';
import { LOGOUT, serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';
import { countyWith, CREATE_REPORT, ok, planAt, RETURN, SAVE, SUBMIT } from '../modules/weekly-reports/reports';

/**
 * Events and subscriptions (docs/ARCHITECTURE.md, "Events"): mutations write their events into the
 * outbox in their own transaction; every server process listens for them and delivers each over
 * graphql-ws to the subscribers who may read it. Against the real server over HTTP and WebSocket.
 */
jest.setTimeout(60_000);

const WEEK = '2026-11-23';
const PASSWORD = 'long-enough-password';
const JWT_SECRET = 'events-test-secret-of-enough-length-0123456789';
const EVENTS = `subscription($u: ID!, $types: [EventType!]) {
  events(unit: $u, types: $types) {
    sequence type unit { id name } nodeId occurredAt
    node { id ... on WeeklyReport { status returnReason } }
  }
}`;

let t: TestApp;
let server: ServedApp;
let county: Awaited<ReturnType<typeof countyWith>>;
const clients: { dispose(): void | Promise<void> }[] = [];
const client = (token: string | null, s: ServedApp = server) => {
  const c = wsClient(s.url, token);
  clients.push(c);
  return c;
};
const token = async (name: string, s: ServedApp = server) => (await signIn(s, `ev-${name}`, PASSWORD)).accessToken;

/** Waits until this process holds `n` open subscriptions (a subscription starts after its first message). */
async function openSubscriptions(app: App, n: number) {
  for (let i = 0; i < 200 && app.events.open !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(app.events.open).toBe(n);
  // …and its process listens: the first subscription starts the listener.
  if (n > 0) await app.events.start();
}

const plans = new Map<string, Record<string, string>>();
const STATION = { village1: 'stationA', village2: 'stationA', village3: 'stationB' } as const;

/** A village's report of the week, created, answered and submitted to its station (whose plan is issued once). */
async function submittedReport(village: keyof typeof STATION): Promise<string> {
  const { tree } = county;
  const station = tree[STATION[village]];
  if (!plans.has(station))
    plans.set(station, await planAt(t, TEST_NOW, station, WEEK, [{ title: '入户走访', category: 'SERVICE' }]));
  const items = plans.get(station)!;
  const report = ok(await t.execute(CREATE_REPORT, { i: { unitId: tree[village], week: WEEK } }), 'createWeeklyReport')
    .weeklyReport.id as string;
  ok(
    await t.execute(SAVE, {
      i: { reportId: report, answers: [{ itemId: items['入户走访'], outcome: 'DONE' }], otherWork: [], problems: [] },
    }),
    'saveWeeklyReport',
  );
  ok(await t.execute(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
  return report;
}

/** A core mutation on a unit: its event (UPDATE_ORG_UNIT) belongs to that unit. */
const UPDATE_UNIT = `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { orgUnit { id } userErrors { code } } }`;

beforeAll(async () => {
  t = await createTestApp({ env: { JWT_SECRET, MAX_SUBSCRIPTIONS_PER_ACCOUNT: '3' } });
  county = await countyWith(t, 'EV', 'sec-v1', 'sec-v3', 'staff-a', 'township');
  server = await serveHttp(t.app, t.schema);
});
beforeEach(() => t.clock.set(TEST_NOW));
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await openSubscriptions(t.app, 0);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

test('a returned report reaches the village’s subscriber; another village’s subscriber receives nothing', async () => {
  const { tree } = county;
  const village = subscribe(client(await token('sec-v1')), EVENTS, {
    u: tree.village1,
    types: ['WEEKLY_REPORT_RETURNED'],
  });
  const other = subscribe(client(await token('sec-v3')), EVENTS, { u: tree.village3 });
  // The township's secretary watches its whole subtree, every type.
  const township = subscribe(client(await token('township')), EVENTS, { u: tree.township });
  await openSubscriptions(t.app, 3);
  const report = await submittedReport('village1');

  const staff = await token('staff-a');
  // Only that it arrives: how soon is measured by bench/subscriptions.ts, not by a timed test.
  const arrived = village.next(10_000);
  const returned = await server.gql(RETURN, { i: { reportId: report, reason: '请补充说明' } }, { token: staff });
  expect(returned.body.data.returnWeeklyReport.userErrors).toEqual([]);
  const event = (await arrived).data!.events as Record<string, any>;
  expect(event).toMatchObject({
    type: 'WEEKLY_REPORT_RETURNED',
    unit: { id: tree.village1, name: '东村党支部' },
    nodeId: report,
    node: { id: report, status: 'DRAFT', returnReason: '请补充说明' },
    occurredAt: '2026-11-25T02:00:00.000Z',
  });
  // Only the type asked for: the submission before it was not delivered to the village.
  expect(village.results).toHaveLength(1);

  // The township saw every step of the report, in commit order, and the plan its station issued.
  for (
    let i = 0;
    i < 100 && !township.results.some((r) => (r.result.data?.events as any).type === 'WEEKLY_REPORT_RETURNED');
    i++
  )
    await new Promise((r) => setTimeout(r, 10));
  const types = township.results.map((r) => (r.result.data!.events as any).type);
  expect(types).toEqual(
    expect.arrayContaining([
      'WORK_PLAN_ISSUED',
      'WEEKLY_REPORT_CREATED',
      'WEEKLY_REPORT_SAVED',
      'WEEKLY_REPORT_SUBMITTED',
      'WEEKLY_REPORT_RETURNED',
    ]),
  );
  const sequences = township.results.map((r) => BigInt((r.result.data!.events as any).sequence));
  expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);

  // Village 3 (under station B) heard nothing of village 1's report.
  await new Promise((r) => setTimeout(r, 300));
  expect(other.results).toEqual([]);
  expect(other.errors).toEqual([]);
});

test('a unit outside the viewer’s scope cannot be subscribed to; the WebSocket runs subscriptions only', async () => {
  const c = client(await token('sec-v3'));
  const outside = subscribe(c, EVENTS, { u: county.tree.village1 });
  await outside.ended;
  const refused = outside.results[0]?.result ?? { errors: outside.errors };
  expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', reason: 'NOT_FOUND' } });
  expect(refused.errors?.[0].message).toMatch(/不存在|找不到|未找到/);

  const query = subscribe(c, '{ viewer { username } }');
  await query.ended;
  expect(query.errors[0]).toEqual([
    expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' } }),
  ]);
  expect(await t.app.db.query(`SELECT 1 FROM event_outbox WHERE type = 'LOGIN'`)).toEqual([]);
});

test('an account holds at most MAX_SUBSCRIPTIONS_PER_ACCOUNT open subscriptions in a process', async () => {
  const c = client(await token('township'));
  const open = [1, 2, 3].map(() => subscribe(c, EVENTS, { u: county.tree.township }));
  await openSubscriptions(t.app, 3);
  const fourth = subscribe(c, EVENTS, { u: county.tree.township });
  await fourth.ended;
  expect(fourth.results[0].result.errors?.[0]).toMatchObject({
    message: '你的账号在本服务器上已有 3 个订阅（每个账号的上限）；请先结束不用的订阅',
    extensions: { code: 'RATE_LIMITED', reason: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
  });
  // Another account is not held back, and an ended subscription frees its place.
  const other = subscribe(client(await token('sec-v1')), EVENTS, { u: county.tree.village1 });
  open[0].stop();
  await open[0].ended;
  const again = subscribe(c, EVENTS, { u: county.tree.township });
  await openSubscriptions(t.app, 4);
  expect(other.errors).toEqual([]);
  expect(again.errors).toEqual([]);
});

test('an expired or signed-out token cannot subscribe, and a subscription ends when its session does', async () => {
  const signedIn = await signIn(server, 'ev-sec-v1', PASSWORD);
  const live = client(signedIn.accessToken);
  const watching = subscribe(live, EVENTS, { u: county.tree.village1 });
  await openSubscriptions(t.app, 1);

  // Without a token, with a forged one: the connection closes with 4403 and the reason.
  const anonymous = client(null);
  subscribe(anonymous, EVENTS, { u: county.tree.village1 });
  expect(await anonymous.closed).toEqual({
    code: 4403,
    reason: JSON.stringify({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' }),
  });

  const logout = await server.gql(LOGOUT, { t: signedIn.refreshToken }, { token: signedIn.accessToken });
  expect(logout.body.data.logout.loggedOut).toBe(true);
  const afterLogout = client(signedIn.accessToken);
  subscribe(afterLogout, EVENTS, { u: county.tree.village1 });
  expect(await afterLogout.closed).toEqual({
    code: 4403,
    reason: JSON.stringify({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' }),
  });
  // The open subscription of the ended session gets the refusal with the next event, and ends.
  ok(await t.execute(UPDATE_UNIT, { i: { id: county.tree.village1, shortName: '东村' } }), 'updateOrgUnit');
  await watching.ended;
  expect(watching.results.map((r) => r.result.errors?.[0]?.extensions)).toEqual([
    expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' }),
  ]);

  const fresh = await token('sec-v1');
  t.clock.set('2026-11-25T10:16:00+08:00'); // past the 15-minute access token
  const expired = client(fresh);
  subscribe(expired, EVENTS, { u: county.tree.village1 });
  expect(await expired.closed).toEqual({
    code: 4403,
    reason: JSON.stringify({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' }),
  });
});

test('two server processes on one database: an event written through one reaches a subscriber on the other', async () => {
  // A second app on the same database, as a second process behind a load balancer would open it.
  const url = (t.app.db.options as { url: string }).url;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '2', JWT_SECRET });
  const second = await openApp(config, pino({ level: 'silent' }), url, { migrate: false, clock: t.clock });
  const other = await serveHttp(second.app, second.schema);
  try {
    const onOther = subscribe(client(await token('township', other), other), EVENTS, {
      u: county.tree.township,
      types: ['WEEKLY_REPORT_SUBMITTED'],
    });
    await openSubscriptions(second.app, 1);
    const arrived = onOther.next(10_000);
    const report = await submittedReport('village2'); // through the first app
    expect((await arrived).data!.events).toMatchObject({ type: 'WEEKLY_REPORT_SUBMITTED', nodeId: report });
    expect(t.app.events.open).toBe(0);
  } finally {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await other.close();
    await second.app.events.close();
    await second.app.db.destroy();
  }
});

test('events are written with their mutation or not at all; old ones are pruned by the application clock', async () => {
  const count = async () => Number((await t.app.db.query(`SELECT count(*) AS n FROM event_outbox`))[0].n);
  const before = await count();
  // Refused (userErrors): the transaction rolled back, and no event was written.
  const refused = await t.execute(RETURN, { i: { reportId: toGlobalId('WeeklyReport', 99999), reason: 'x' } });
  expect(refused.data.returnWeeklyReport.userErrors[0].code).toBe('NOT_FOUND');
  expect(await count()).toBe(before);
  const report = await submittedReport('village3');
  const written = await t.app.db.query(
    `SELECT e.type, e.unit_id, e.actor_id, e.occurred_at FROM event_outbox e WHERE e.node_id = $1 ORDER BY e.id`,
    [report],
  );
  const village3 = Number(county.tree.village3 && fromGlobalId(county.tree.village3)!.key);
  expect(written).toEqual(
    ['WEEKLY_REPORT_CREATED', 'WEEKLY_REPORT_SAVED', 'WEEKLY_REPORT_SUBMITTED'].map((type) => ({
      type,
      unit_id: village3,
      actor_id: expect.any(Number),
      occurred_at: new Date(TEST_NOW),
    })),
  );

  // Kept EVENT_RETENTION_DAYS (7) by the application clock, then pruned.
  t.clock.set('2026-12-02T10:00:00+08:00');
  await t.app.events.prune();
  const kept = await count();
  expect(kept).toBeGreaterThanOrEqual(3);
  expect(await t.app.db.query(`SELECT 1 FROM event_outbox WHERE occurred_at <> $1`, [new Date(TEST_NOW)])).toEqual([]);
  t.clock.set('2026-12-02T10:00:01+08:00');
  expect(await t.app.events.prune()).toBe(kept);
  expect(await count()).toBe(0);
});

test('an event is delivered only if the subscriber may read its object now, and its module is on for its unit', async () => {
  const { tree } = county;
  const village = subscribe(client(await token('sec-v1')), EVENTS, { u: tree.village1, types: ['UPDATE_ORG_UNIT'] });
  await openSubscriptions(t.app, 1);
  const unitId = (id: string) => Number(fromGlobalId(id)!.key);
  const [v1] = await t.app.db.query(`SELECT path FROM org_unit WHERE id = $1`, [unitId(tree.village1)]);
  const emit = (nodeId: string | null, module: string | null) =>
    t.app.db.query(
      `WITH e AS (INSERT INTO event_outbox (type, unit_id, unit_path, node_id, module, occurred_at)
                  VALUES ('UPDATE_ORG_UNIT', $1, $2, $3, $4, $5) RETURNING id)
       SELECT pg_notify('jiceng_events', id::text) FROM e`,
      [unitId(tree.village1), v1.path, nodeId, module, new Date(TEST_NOW)],
    );
  // Placed in village 1 but naming village 3, which its secretary may not see: nothing.
  await emit(tree.village3, null);
  // A module's event where that module is now off for the village: nothing.
  await enableModule(t, tree.village1, 'weekly-reports', false);
  await emit(null, 'weekly-reports');
  await enableModule(t, tree.village1, 'weekly-reports', true);
  // Then one it may read: the first and only one to arrive (events are checked in order).
  const arrived = village.next(10_000);
  await emit(tree.village1, null);
  expect((await arrived).data!.events).toMatchObject({ nodeId: tree.village1, node: { id: tree.village1 } });
  expect(village.results).toHaveLength(1);
});
