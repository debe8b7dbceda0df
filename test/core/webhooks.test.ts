import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { signDelivery } from '../../src/events/webhooks/signature';
import { runReminderTick } from '../../src/reminders/scheduler';
import { metricsOf } from '../../src/observability/metrics';
import { serveHttp, type ServedApp } from '../support/serve-http';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app';
import { countyWith, CREATE_REPORT, ok, planAt, RETURN, SAVE, SUBMIT } from '../modules/weekly-reports/reports';

/**
 * Webhooks (README, "Webhooks"): deliveries are written with their events, signed, POSTed by every
 * server process to a receiver on 127.0.0.1, retried with backoff on the application clock, and each
 * sent once after a 2xx. Time is driven by the pinned clock and `webhooks.runOnce()`, not by sleeps.
 */
jest.setTimeout(60_000);

const WEEK = '2026-11-23';
const JWT_SECRET = 'webhooks-test-secret-of-enough-length-0123456789';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1: answers `status` (200 unless told otherwise), or is closed. */
class Receiver {
  readonly received: Received[] = [];
  status = 200;
  delayMs = 0;
  private server: http.Server | null = null;
  port = 0;

  async open(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        setTimeout(() => res.writeHead(this.status).end(), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/jiceng`;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    s?.closeAllConnections();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
}

const REGISTER = `mutation($i: RegisterWebhookInput!) {
  registerWebhook(input: $i) { webhook { id url eventTypes active unit { id } } secret userErrors { code field message } }
}`;
const DELIVERIES = `query($u: ID!, $status: WebhookDeliveryStatus) { node(id: $u) { ... on OrgUnit {
  webhooks { id deliveries(first: 50, status: $status) { totalCount nodes {
    id sequence type status attempts lastStatusCode lastError deliveredAt nextAttemptAt
  } } }
} } }`;

let t: TestApp;
let server: ServedApp;
let county: Awaited<ReturnType<typeof countyWith>>;
const receivers: Receiver[] = [];
const receiver = async (port = 0) => {
  const r = await new Receiver().open(port);
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  // The background round never comes during a test: each test drives the worker with runOnce().
  t = await createTestApp({
    env: { JWT_SECRET, WEBHOOK_POLL_MS: '600000', WEBHOOK_RETRY_BASE_MS: '30000', WEBHOOK_TIMEOUT_MS: '2000' },
  });
  county = await countyWith(
    t,
    'WH',
    'sec-v1',
    'sec-v3',
    'staff-a',
    'staff-b',
    'township',
    'station-admin',
    'county-admin',
  );
  server = await serveHttp(t.app, t.schema);
});
beforeEach(() => t.clock.set(TEST_NOW));
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  // Hooks of one test do not receive the next test's events.
  await t.app.db.query(`DELETE FROM webhook`);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const plans = new Map<string, Record<string, string>>();
const reports = new Map<string, string>();
const STATION = { village1: 'stationA', village2: 'stationA', village3: 'stationB' } as const;

/**
 * A village's report of the week, submitted to its station and returned: made and answered the first
 * time (one report per village and week), submitted again after that (a returned report is a draft).
 */
async function returned(village: keyof typeof STATION): Promise<string> {
  const { tree } = county;
  const station = tree[STATION[village]];
  if (!plans.has(station))
    plans.set(station, await planAt(t, TEST_NOW, station, WEEK, [{ title: '入户走访', category: 'SERVICE' }]));
  let report = reports.get(village);
  if (!report) {
    const items = plans.get(station)!;
    report = ok(await t.execute(CREATE_REPORT, { i: { unitId: tree[village], week: WEEK } }), 'createWeeklyReport')
      .weeklyReport.id as string;
    reports.set(village, report);
    ok(
      await t.execute(SAVE, {
        i: { reportId: report, answers: [{ itemId: items['入户走访'], outcome: 'DONE' }], otherWork: [], problems: [] },
      }),
      'saveWeeklyReport',
    );
  }
  ok(await t.execute(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
  const staff = village === 'village3' ? county.as['staff-b'] : county.as['staff-a'];
  ok(await staff(RETURN, { i: { reportId: report, reason: '请补充说明' } }), 'returnWeeklyReport');
  return report;
}

async function register(as: string, unit: string, url: string, eventTypes: string[] | null = null) {
  const exec = await t.as(`wh-${as}`);
  const r = ok(await exec(REGISTER, { i: { unitId: unit, url, eventTypes } }), 'registerWebhook');
  return { id: r.webhook.id as string, secret: r.secret as string };
}

const deliveries = async (unit: string) => {
  const r = await t.execute(DELIVERIES, { u: unit });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.node.webhooks.flatMap((h: any) => h.deliveries.nodes) as Record<string, any>[];
};

test('a returned weekly report reaches the receiver, signed and timestamped; the log shows it delivered', async () => {
  const r = await receiver();
  const hook = await register('station-admin', county.tree.stationA, r.url, ['WEEKLY_REPORT_RETURNED']);
  expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
  const report = await returned('village1');

  expect(await t.app.webhooks.runOnce()).toBe(1);
  expect(r.received).toHaveLength(1);
  const [{ headers, body }] = r.received;
  // The receiver's check (README): HMAC-SHA256 of "<timestamp>.<body>" with the hook's secret.
  expect(headers['x-jiceng-signature']).toBe(signDelivery(hook.secret, Number(headers['x-jiceng-timestamp']), body));
  expect(headers['x-jiceng-signature']).not.toBe(
    signDelivery('whsec_other', Number(headers['x-jiceng-timestamp']), body),
  );
  // The timestamp is the application clock's now, in seconds.
  expect(Number(headers['x-jiceng-timestamp'])).toBe(Math.floor(new Date(TEST_NOW).getTime() / 1000));
  expect(headers['x-jiceng-event']).toBe('WEEKLY_REPORT_RETURNED');
  expect(headers['content-type']).toBe('application/json');
  const event = JSON.parse(body);
  expect(event).toMatchObject({
    type: 'WEEKLY_REPORT_RETURNED',
    unit: county.tree.village1,
    unitName: '东村党支部',
    nodeId: report,
    occurredAt: '2026-11-25T02:00:00.000Z',
    delivery: headers['x-jiceng-delivery'],
    attempt: 1,
  });
  expect(event.id).toMatch(/^[0-9]+$/);

  const [logged] = await deliveries(county.tree.stationA);
  expect(logged).toMatchObject({
    id: headers['x-jiceng-delivery'],
    sequence: event.id,
    type: 'WEEKLY_REPORT_RETURNED',
    status: 'DELIVERED',
    attempts: 1,
    lastStatusCode: 200,
    lastError: null,
  });
  expect(new Date(logged.deliveredAt).toISOString()).toBe('2026-11-25T02:00:00.000Z');
  // Only the type asked for: the plan, the report's creation and submission were not queued.
  expect(await deliveries(county.tree.stationA)).toHaveLength(1);
  // Nothing is sent twice.
  t.clock.set('2026-11-27T10:00:00+08:00');
  expect(await t.app.webhooks.runOnce()).toBe(0);
  expect(r.received).toHaveLength(1);
});

test('a receiver down for over an hour: retried with growing waits, delivered once back, and never again after its 2xx', async () => {
  const r = await receiver();
  r.status = 500;
  const hook = await register('county-admin', county.tree.county, r.url, ['WEEKLY_REPORT_RETURNED']);
  await returned('village3');
  const started = new Date(TEST_NOW).getTime();
  const metrics = metricsOf(t.app).webhookDeliveries;
  const retriesBefore = (await metrics.get()).values.find((v) => v.labels.outcome === 'retry')?.value ?? 0;

  // Down: every attempt answered 500; the next one is not due before its wait has passed.
  const waits: number[] = [];
  let now = started;
  while (now - started < 3600_000) {
    expect(await t.app.webhooks.runOnce()).toBe(1);
    const [d] = await deliveries(county.tree.county);
    expect(d).toMatchObject({ status: 'PENDING', lastStatusCode: 500, lastError: 'HTTP 500' });
    const next = new Date(d.nextAttemptAt).getTime();
    waits.push(next - now);
    expect(await t.app.webhooks.runOnce()).toBe(0);
    now = next;
    t.clock.set(new Date(now));
  }
  // 30 s, 60 s, 120 s … (±20 %): exponential, so an hour takes a handful of attempts, not hundreds.
  expect(waits[0]).toBeGreaterThanOrEqual(24_000);
  expect(waits[0]).toBeLessThanOrEqual(36_000);
  for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
  expect(waits.length).toBeGreaterThanOrEqual(5);
  expect(waits.length).toBeLessThanOrEqual(10);
  const retriesAfter = (await metrics.get()).values.find((v) => v.labels.outcome === 'retry')!.value;
  expect(retriesAfter - retriesBefore).toBe(waits.length);

  // Back: the next attempt delivers; later rounds send nothing more.
  r.status = 204;
  expect(await t.app.webhooks.runOnce()).toBe(1);
  const [d] = await deliveries(county.tree.county);
  expect(d).toMatchObject({ status: 'DELIVERED', attempts: waits.length + 1, lastStatusCode: 204 });
  t.clock.set(new Date(now + 86400_000));
  expect(await t.app.webhooks.runOnce()).toBe(0);
  expect(r.received).toHaveLength(waits.length + 1);
  // Every attempt carried the same event and delivery, each signed with its own timestamp.
  const bodies = r.received.map((x) => JSON.parse(x.body));
  expect(new Set(bodies.map((b) => b.delivery)).size).toBe(1);
  expect(bodies.map((b) => b.attempt)).toEqual(bodies.map((_, i) => i + 1));
  for (const x of r.received)
    expect(x.headers['x-jiceng-signature']).toBe(
      signDelivery(hook.secret, Number(x.headers['x-jiceng-timestamp']), x.body),
    );
});

test('a closed port is retried like an error answer; past the retry window the delivery is FAILED, and can be sent again', async () => {
  // A port that was free a moment ago: nothing listens there now.
  const probe = await receiver();
  const port = probe.port;
  await probe.close();
  await register('station-admin', county.tree.stationA, `http://127.0.0.1:${port}/hook`);
  await returned('village1');

  expect(await t.app.webhooks.runOnce()).toBeGreaterThan(0);
  let logged = await deliveries(county.tree.stationA);
  expect(
    logged.every((d) => d.status === 'PENDING' && d.lastStatusCode === null && d.lastError === 'ECONNREFUSED'),
  ).toBe(true);
  // Two days (WEBHOOK_RETRY_HOURS, 48) later, the next attempt is the last.
  t.clock.set('2026-11-27T10:00:01+08:00');
  await t.app.webhooks.runOnce();
  logged = await deliveries(county.tree.stationA);
  expect(logged.map((d) => d.status)).toEqual(logged.map(() => 'FAILED'));

  // The receiver is back on that port; an administrator sends one delivery again.
  const back = await receiver(port);
  const station = await t.as('wh-station-admin');
  const redeliver = `mutation($i: RedeliverWebhookDeliveryInput!) {
    redeliverWebhookDelivery(input: $i) { delivery { status } userErrors { code message } }
  }`;
  expect(
    ok(await station(redeliver, { i: { deliveryId: logged[0].id } }), 'redeliverWebhookDelivery').delivery,
  ).toEqual({ status: 'PENDING' });
  // Pending already: refused with a code.
  const again = await station(redeliver, { i: { deliveryId: logged[0].id } });
  expect(again.data.redeliverWebhookDelivery.userErrors).toEqual([
    { code: 'INVALID_STATE', message: '这条投递仍在等待发送，无需重发' },
  ]);
  expect(await t.app.webhooks.runOnce()).toBe(1);
  expect(back.received).toHaveLength(1);
  expect(JSON.parse(back.received[0].body).delivery).toBe(logged[0].id);
  // Someone who does not administer the hook's unit cannot name its deliveries.
  const township = await t.as('wh-township');
  expect(
    (await township(redeliver, { i: { deliveryId: logged[1].id } })).data.redeliverWebhookDelivery.userErrors,
  ).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
});

test('a hook for station A receives nothing of station B; a non-administrator cannot register; a bad URL is refused with its code', async () => {
  const a = await receiver();
  const b = await receiver();
  await register('station-admin', county.tree.stationA, a.url);
  await register('county-admin', county.tree.stationB, b.url);
  await returned('village3');
  await t.app.webhooks.runOnce();
  expect(a.received).toEqual([]);
  const types = b.received.map((x) => JSON.parse(x.body).type);
  // Sent side by side, so in no promised order: a receiver orders by the body's `id` (the sequence).
  expect(types.sort()).toEqual(['WEEKLY_REPORT_RETURNED', 'WEEKLY_REPORT_SUBMITTED']);
  expect(b.received.every((x) => JSON.parse(x.body).unit !== county.tree.village1)).toBe(true);

  // The township's secretary reads the subtree but does not administer it.
  const secretary = await t.as('wh-township');
  const refused = await secretary(REGISTER, { i: { unitId: county.tree.township, url: a.url } });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  // A station administrator cannot register a hook above its station, which it may not even name.
  const station = await t.as('wh-station-admin');
  const above = await station(REGISTER, { i: { unitId: county.tree.township, url: a.url } });
  expect(above.data.registerWebhook.userErrors).toEqual([
    expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'unitId'] }),
  ]);

  for (const url of [
    'ftp://127.0.0.1/x',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    'http://u:p@127.0.0.1/',
  ]) {
    const bad = await station(REGISTER, { i: { unitId: county.tree.stationA, url } });
    expect(bad.data.registerWebhook).toEqual({
      webhook: null,
      secret: null,
      userErrors: [{ code: 'BAD_USER_INPUT', field: ['input', 'url'], message: expect.stringContaining('http://') }],
    });
  }
  const unknownType = await station(REGISTER, {
    i: { unitId: county.tree.stationA, url: a.url, eventTypes: ['WEEKLY_REPORT_RETURNED', 'NO_SUCH_EVENT'] },
  });
  expect(unknownType.data.registerWebhook.userErrors).toEqual([
    { code: 'BAD_USER_INPUT', field: ['input', 'eventTypes', '1'], message: expect.stringContaining('NO_SUCH_EVENT') },
  ]);
  // Others do not see the hooks at all.
  const listed = await secretary(`query($u: ID!) { node(id: $u) { ... on OrgUnit { webhooks { id } } } }`, {
    u: county.tree.stationA,
  });
  expect(listed.data.node.webhooks).toEqual([]);
});

test('a hook carries only what its registering account may read when it is sent; paused, it queues nothing', async () => {
  const r = await receiver();
  const hook = await register('station-admin', county.tree.stationA, r.url, ['WEEKLY_REPORT_RETURNED']);
  await returned('village2');
  // Before it is sent, the account loses its grant: the delivery is withheld, not sent.
  const [grant] = await t.app.db.query(
    `SELECT g.id FROM access_grant g JOIN account a ON a.id = g.account_id WHERE a.username = 'wh-station-admin' AND g.revoked_at IS NULL`,
  );
  await t.app.db.query(`UPDATE access_grant SET revoked_at = now() WHERE id = $1`, [grant.id]);
  try {
    await t.app.webhooks.runOnce();
    expect(r.received).toEqual([]);
    const [d] = await deliveries(county.tree.stationA);
    expect(d).toMatchObject({ status: 'WITHHELD', lastError: 'NOT_READABLE' });
  } finally {
    await t.app.db.query(`UPDATE access_grant SET revoked_at = NULL WHERE id = $1`, [grant.id]);
  }

  const station = await t.as('wh-station-admin');
  const pause = `mutation($i: WebhookInput!) { pauseWebhook(input: $i) { webhook { active } userErrors { code } } }`;
  expect(ok(await station(pause, { i: { webhookId: hook.id } }), 'pauseWebhook').webhook).toEqual({ active: false });
  await returned('village1');
  expect(await deliveries(county.tree.stationA)).toHaveLength(1);
  // Deleted: the hook and its log are gone; the audit log keeps the act.
  const del = `mutation($i: WebhookInput!) { deleteWebhook(input: $i) { deletedWebhookId userErrors { code } } }`;
  expect(ok(await station(del, { i: { webhookId: hook.id } }), 'deleteWebhook').deletedWebhookId).toBe(hook.id);
  expect(Number((await t.app.db.query(`SELECT count(*) AS n FROM webhook_delivery`))[0].n)).toBe(0);
  const [audited] = await t.app.db.query(
    `SELECT outcome FROM audit_event WHERE operation = 'deleteWebhook' ORDER BY id DESC LIMIT 1`,
  );
  expect(audited.outcome).toBe('OK');
});

test('two server processes on one database: each delivery goes out once', async () => {
  const r = await receiver();
  // Slow enough that both processes' rounds overlap.
  r.delayMs = 30;
  await register('county-admin', county.tree.county, r.url);
  for (let round = 0; round < 2; round++)
    for (const v of ['village1', 'village2', 'village3'] as const) await returned(v);
  const owed = Number((await t.app.db.query(`SELECT count(*) AS n FROM webhook_delivery`))[0].n);
  expect(owed).toBeGreaterThanOrEqual(12);

  const url = (t.app.db.options as { url: string }).url;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '2',
    JWT_SECRET,
    WEBHOOK_POLL_MS: '10',
  });
  const second = await openApp(config, pino({ level: 'silent' }), url, { migrate: false, clock: t.clock });
  const other = await serveHttp(second.app, second.schema);
  try {
    // The second process polls on its own; the first sends rounds at the same time.
    await Promise.all([t.app.webhooks.runOnce(), t.app.webhooks.runOnce(), second.app.webhooks.runOnce()]);
    for (let i = 0; i < 200 && r.received.length < owed; i++) {
      await t.app.webhooks.runOnce();
      await new Promise((res) => setTimeout(res, 10));
    }
    const ids = r.received.map((x) => x.headers['x-jiceng-delivery']);
    expect(ids).toHaveLength(owed);
    expect(new Set(ids).size).toBe(owed);
    const [{ n }] = await t.app.db.query(`SELECT count(*) AS n FROM webhook_delivery WHERE status = 'DELIVERED'`);
    expect(Number(n)).toBe(owed);
    // Both processes sent some: the claims really raced.
    const sent = async (app: typeof t.app) =>
      (await metricsOf(app).webhookDeliveries.get()).values.find((v) => v.labels.outcome === 'delivered')?.value ?? 0;
    expect(await sent(second.app)).toBeGreaterThan(0);
    expect(await sent(t.app)).toBeGreaterThan(0);
  } finally {
    await other.close();
    await second.app.events.close();
    await second.app.db.destroy();
  }
});

test('deliveries are written with their event: a refused mutation owes nothing, and none is lost while no server sends', async () => {
  const r = await receiver();
  await register('county-admin', county.tree.county, r.url, ['UPDATE_ORG_UNIT']);
  const update = `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { orgUnit { id } userErrors { code } } }`;
  // Refused: rolled back, nothing owed.
  const bad = await t.execute(update, { i: { id: county.tree.village1, name: '' } });
  expect(bad.data.updateOrgUnit.userErrors.length).toBeGreaterThan(0);
  expect(Number((await t.app.db.query(`SELECT count(*) AS n FROM webhook_delivery`))[0].n)).toBe(0);
  ok(await t.execute(update, { i: { id: county.tree.village1, contactPhone: '0755-12345678' } }), 'updateOrgUnit');
  // Nobody sent it yet (no round ran): it waits in the table, not in any process's memory.
  const [row] = await t.app.db.query(`SELECT status, attempts FROM webhook_delivery`);
  expect(row).toEqual({ status: 'PENDING', attempts: 0 });
  expect(r.received).toEqual([]);
  await t.app.webhooks.runOnce();
  expect(r.received.map((x) => JSON.parse(x.body).type)).toEqual(['UPDATE_ORG_UNIT']);
});

test('a reminder the scheduler raises is delivered like a mutation’s event, to the hooks over its unit only', async () => {
  const a = await receiver();
  const b = await receiver();
  await register('station-admin', county.tree.stationA, a.url, ['REMINDER_DUE']);
  await register('county-admin', county.tree.stationB, b.url, ['REMINDER_DUE']);
  // Monday 09:30 of the next week: the week of 23 November's reports, due Friday, never submitted by village 2.
  t.clock.set('2026-11-30T09:30:00+08:00');
  const outcomes = await runReminderTick(t.app, ['WEEKLY_REPORT_NOT_SUBMITTED']);
  expect(outcomes[0].raised).toBeGreaterThan(0);
  await t.app.webhooks.runOnce();
  const units = (r: Receiver) => r.received.map((x) => JSON.parse(x.body)).filter((e) => e.type === 'REMINDER_DUE');
  expect(units(a).length).toBeGreaterThan(0);
  // Station A's hook hears of its villages' and its own reminders, never of station B's village.
  expect(units(a).map((e) => e.unit)).not.toContain(county.tree.village3);
  expect(units(b).map((e) => e.unit)).toContain(county.tree.village3);
  expect(units(b).map((e) => e.unit)).not.toContain(county.tree.village2);
});
