import type { EventHub, OutboxEvent } from '../../src/events/hub';
import { EVENT_CHANNEL } from '../../src/events/outbox';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The event listener's interleavings (src/events/hub.ts), each made to happen for certain by holding
 * the listener at a step through its test seam: notifications while a read runs, and a lost
 * connection while a read holds rows. Whatever the order, a subscriber receives each outbox row once,
 * in id order, and nothing is missed.
 */
jest.setTimeout(60_000);

let t: TestApp;
let hub: EventHub;
let stop: (() => void) | null = null;
const received: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  hub = t.app.events;
  hub.seam = {};
  received.length = 0;
  stop = await hub.add({
    accountId: 1,
    unitPath: '/drill/',
    types: null,
    deliver: (e: OutboxEvent) => received.push(e.id),
  });
  await hub.idle();
});
afterEach(() => {
  stop?.();
  hub.seam = {};
});

/** Commits one outbox row and its notification, as a mutation does (src/events/outbox.ts); returns its id. */
async function commitEvent(): Promise<string> {
  const [row] = await t.app.db.query(
    `WITH written AS (
       INSERT INTO event_outbox (type, unit_id, unit_path, node_id, module, actor_id, occurred_at)
       VALUES ('UPDATE_ORG_UNIT', 1, '/drill/1/', NULL, NULL, NULL, now()) RETURNING id)
     SELECT id::text AS id, pg_notify($1, id::text) FROM written`,
    [EVENT_CHANNEL],
  );
  return row.id as string;
}

/** A gate the listener waits at until the test opens it; `reached` settles when it arrives there. */
function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (arrived = r));
  return { open, reached, wait: () => (arrived(), opened) };
}

/** Resolves once `n` notifications have reached the listener. */
function notifications(n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    hub.seam.notified = () => {
      if (++seen === n) resolve();
    };
  });
}

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

test('notifications while a read holds its rows start no second read; the rows committed meanwhile are read after, once each', async () => {
  const held = gate();
  let queries = 0;
  let overlapping = 0;
  let inQuery = false;
  hub.seam.beforeQuery = async () => {
    if (inQuery) overlapping++;
    inQuery = true;
    queries++;
  };
  hub.seam.afterQuery = async (ids) => {
    if (queries === 1 && ids.length) await held.wait();
    inQuery = false;
  };
  const first = await commitEvent();
  await held.reached;
  // The read holds `first`; three more commits notify it meanwhile.
  const notified = notifications(3);
  const more = [await commitEvent(), await commitEvent(), await commitEvent()];
  await notified;
  expect(queries).toBe(1);
  held.open();
  await eventually(() => received.length === 4);
  expect(received).toEqual([first, ...more]);
  expect(overlapping).toBe(0);
  // One read for the first notification, one more (not three) for those that came while it ran.
  expect(queries).toBe(2);
});

test('the connection lost while a read holds its rows: the read after reconnecting starts after them', async () => {
  const held = gate();
  let calls = 0;
  hub.seam.afterQuery = async (ids) => {
    if (ids.length && ++calls === 1) await held.wait();
  };
  const first = await commitEvent();
  await held.reached;
  const pid = async () =>
    (
      await t.app.db.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'jiceng-events' AND datname = current_database()`,
      )
    ).map((r: { pid: number }) => r.pid) as number[];
  const [before] = await pid();
  await t.app.db.query('SELECT pg_terminate_backend($1)', [before]);
  // The listener reconnects (its first retry after 250 ms) and asks for a catch-up read.
  for (let i = 0; i < 500; i++) {
    const now = await pid();
    if (now.length === 1 && now[0] !== before) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const second = await commitEvent();
  held.open();
  await eventually(() => received.length >= 2);
  expect(received).toEqual([first, second]);
});
