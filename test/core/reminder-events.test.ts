import type { App } from '../../src/context';
import { runReminderTick } from '../../src/reminders/scheduler';
import { subscribe, wsClient } from '../../bench/support/subscriber';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';
import { at, countyWith } from '../modules/weekly-reports/reports';

/**
 * A reminder reaches subscribers as an event (README, "Reminders"): `REMINDER_DUE` at the reminder's
 * unit, with the reminder as its node, delivered only to those who may read that unit.
 */
jest.setTimeout(60_000);

const JWT_SECRET = 'reminder-events-secret-of-enough-length-0123456789';
const EVENTS = `subscription($u: ID!) { events(unit: $u, types: [REMINDER_DUE]) {
  type unit { id } node { id ... on Reminder { kind dueOn message unit { id } } } } }`;

let t: TestApp;
let server: ServedApp;
let county: Awaited<ReturnType<typeof countyWith>>;
const clients: { dispose(): void | Promise<void> }[] = [];

async function openSubscriptions(app: App, n: number) {
  for (let i = 0; i < 200 && app.events.open !== n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(app.events.open).toBe(n);
  await app.events.start();
}

beforeAll(async () => {
  t = await createTestApp({ env: { JWT_SECRET }, now: at('2026-11-30', '08:00:00') });
  county = await countyWith(t, 'RE', 'sec-v1', 'sec-v3');
  server = await serveHttp(t.app, t.schema);
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await server?.close();
  await t?.close();
});

test('a village’s subscriber receives its own reminder, not another village’s', async () => {
  const { tree } = county;
  const listen = async (name: string, unit: string) => {
    const c = wsClient(server.url, (await signIn(server, `re-${name}`, 'long-enough-password')).accessToken);
    clients.push(c);
    return subscribe(c, EVENTS, { u: unit });
  };
  const v1 = await listen('sec-v1', tree.village1);
  const v3 = await listen('sec-v3', tree.village3);
  await openSubscriptions(t.app, 2);
  const arrived = v1.next(10_000);
  // Monday 08:00: last week's reports, due Friday 27 November, were never submitted.
  const [outcome] = await runReminderTick(t.app, ['WEEKLY_REPORT_NOT_SUBMITTED']);
  expect(outcome.raised).toBe(5); // three villages, two stations
  const event = (await arrived).data!.events as Record<string, any>;
  expect(event).toMatchObject({
    type: 'REMINDER_DUE',
    unit: { id: tree.village1 },
    node: { kind: 'WEEKLY_REPORT_NOT_SUBMITTED', dueOn: '2026-11-27', unit: { id: tree.village1 } },
  });
  expect(event.node.message).toContain('尚未上报 2026-11-23 那一周的周报');
  // Village 3's own may have come before village 1's: wait until it is there.
  for (let i = 0; i < 200 && v3.results.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 200));
  expect(v1.results.map((r) => (r.result.data!.events as any).unit.id)).toEqual([tree.village1]);
  expect(v3.results.map((r) => (r.result.data!.events as any).unit.id)).toEqual([tree.village3]);
});

test('a reminder closing writes REMINDER_CLOSED in its transaction: dismissed, or found done by the tick', async () => {
  const { tree } = county;
  const CLOSED = `subscription($u: ID!) { events(unit: $u, types: [REMINDER_CLOSED]) {
    type unit { id } node { id ... on Reminder { kind closedAt } } } }`;
  const token = (await signIn(server, 're-sec-v1', 'long-enough-password')).accessToken;
  const c = wsClient(server.url, token);
  clients.push(c);
  const closed = subscribe(c, CLOSED, { u: tree.village1 });
  await openSubscriptions(t.app, 3);

  // Dismissed by the village's secretary: the event carries the reminder, now closed.
  const sec = await t.as('re-sec-v1');
  const MINE = `{ myReminders(kinds: [WEEKLY_REPORT_NOT_SUBMITTED], first: 5) { nodes { id } } }`;
  const [open] = (await sec(MINE)).data!.myReminders.nodes;
  const dismissed = closed.next(10_000);
  const r = await sec(
    `mutation($i: DismissReminderInput!) { dismissReminder(input: $i) { reminder { id } userErrors { code } } }`,
    { i: { id: open.id } },
  );
  expect(r.data!.dismissReminder.userErrors).toEqual([]);
  expect((await dismissed).data!.events).toMatchObject({
    type: 'REMINDER_CLOSED',
    unit: { id: tree.village1 },
    node: { id: open.id, kind: 'WEEKLY_REPORT_NOT_SUBMITTED', closedAt: expect.any(String) },
  });

  // Closed by a tick: the term was ending, and the post ended (the change of term is under way).
  const post = await t.execute(
    `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { code message } } }`,
    {
      i: {
        unitId: tree.village1,
        role: 'SECRETARY',
        holderName: '周书记',
        termStart: '2021-12-10',
        termEnd: '2026-12-10',
      },
    },
  );
  expect(post.data!.createPost.userErrors).toEqual([]);
  const [raised] = await runReminderTick(t.app, ['TERM_ENDING']);
  expect(raised.raised).toBe(1);
  const end = await t.execute(`mutation($i: EndPostInput!) { endPost(input: $i) { userErrors { code message } } }`, {
    i: { id: post.data!.createPost.post.id, reason: '换届' },
  });
  expect(end.data!.endPost.userErrors).toEqual([]);
  const ended = closed.next(10_000);
  const [tick] = await runReminderTick(t.app, ['TERM_ENDING']);
  expect(tick.closed).toBe(1);
  expect((await ended).data!.events).toMatchObject({
    type: 'REMINDER_CLOSED',
    unit: { id: tree.village1 },
    node: { kind: 'TERM_ENDING', closedAt: expect.any(String) },
  });
  // One event per closing, and none before the close committed.
  const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE type = 'REMINDER_CLOSED'`);
  expect(n).toBe(2);
});
