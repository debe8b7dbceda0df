import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startServer, type ServerProcess } from '../../bench/support/server-process';
import { subscribe, wsClient } from '../../bench/support/subscriber';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded';
import { toGlobalId } from '../../src/graphql/global-id';
import { DATABASE_NAME } from '../../src/runtime';
import { reportFigure } from '../support/helpers';

/**
 * Two server processes (`node dist/src/main.js`) on one PostgreSQL, behind a round-robin TCP proxy
 * written here: what one instance counts, the other sees (sign-in throttle, hourly cost budget), an
 * event committed on one reaches a subscriber on the other, and SIGKILL of one under mixed load loses
 * no acknowledged write while the other keeps answering. README "Operations", "Several instances".
 */
const PASSWORD = 'jiceng-demo-2026';
// Small, so that one account spends it within a few requests (see the budget test below).
const BUDGET = 20_000;
const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken userErrors { code } } }`;
const CREATE_MEMBER = `mutation Enrol($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { code } } }`;
const READ_BRANCH = `query Branch($u: ID!) { node(id: $u) { ... on OrgUnit { name members(first: 10) { nodes { id name } } } } }`;
const EVENTS = `subscription($u: ID!) { events(unit: $u, types: [CREATE_MEMBER]) { sequence type nodeId } }`;
const DRILL_NAME = '演练党员';

/** A connection's record: which upstream (0 or 1) it was piped to, and whether it opened a WebSocket. */
interface Piped {
  upstream: number;
  websocket: boolean;
}

interface RoundRobinProxy {
  port: number;
  /** Every connection piped, in the order accepted. */
  piped: Piped[];
  /** Connections an upstream refused, sent on to the next one. */
  skipped: number;
  /** The upstream a client connection (by its local port) was piped to. */
  upstreamOf(clientPort: number): number | undefined;
  close(): Promise<void>;
}

/**
 * Alternates new TCP connections between the upstream ports, as a load balancer does; a connection
 * an upstream refuses goes to the next one, so a dead instance is skipped. Bytes are piped as they
 * come, so HTTP and WebSocket alike pass.
 */
function roundRobinProxy(upstreams: number[]): Promise<RoundRobinProxy> {
  let turn = 0;
  let skipped = 0;
  const piped: Piped[] = [];
  const byClientPort = new Map<number, number>();
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const first = turn++;
    const attempt = (k: number) => {
      if (k === upstreams.length) return void client.destroy();
      const i = (first + k) % upstreams.length;
      const upstream = net.connect(upstreams[i], '127.0.0.1');
      let connected = false;
      upstream.on('error', () => {
        if (connected) return client.destroy();
        skipped++;
        attempt(k + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        open.add(upstream);
        upstream.on('close', () => open.delete(upstream));
        const record: Piped = { upstream: i, websocket: false };
        piped.push(record);
        byClientPort.set(client.remotePort!, i);
        client.once('data', (chunk: Buffer) => {
          record.websocket = /^upgrade:\s*websocket/im.test(chunk.toString('latin1'));
        });
        client.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    attempt(0);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        piped,
        get skipped() {
          return skipped;
        },
        upstreamOf: (clientPort) => byClientPort.get(clientPort),
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

interface Answer {
  status: number;
  /** JSON whose shape the query decides. */
  body: any;
  code: string;
  /** The upstream that answered (through the proxy), else undefined. */
  upstream?: number;
}

/**
 * One GraphQL POST on a connection of its own (no keep-alive), so that each request is a new
 * connection the proxy hands to the next instance in turn.
 */
function post(
  port: number,
  token: string | null,
  query: string,
  variables: Record<string, unknown>,
  o: { proxy?: RoundRobinProxy; idempotencyKey?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        timeout: 30_000,
        headers: {
          'content-type': 'application/json',
          'apollo-require-preflight': '1',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}),
        },
      },
      (res) => {
        const upstream = o.proxy?.upstreamOf(res.socket.localPort!);
        const chunks: Buffer[] = [];
        let ended = false;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('close', () => ended || reject(new Error('answer cut off')));
        res.on('end', () => {
          ended = true;
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve({ status: res.statusCode!, body, code: body.errors?.[0]?.extensions?.code ?? 'OK', upstream });
          } catch (e) {
            reject(e as Error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

/** A login's code: its first user error, the top-level error, or OK. */
const loginCode = (a: Answer) => (a.body.data?.login ? (a.body.data.login.userErrors[0]?.code ?? 'OK') : a.code);

/** Open subscriptions of one instance, from its /metrics (served to loopback). */
async function subscriptionsOpen(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  return Number(/^jiceng_subscriptions_open (\d+)/m.exec(text)?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let pgDir: string;
let dataDirs: string[] = [];
let postgres: EmbeddedPostgresHandle;
let db: pg.Client;
const servers: ServerProcess[] = [];
let proxy: RoundRobinProxy;
let branchId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  pgDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-two-instances-pg-'));
  dataDirs = [0, 1].map((i) => mkdtempSync(path.join(os.tmpdir(), `jiceng-two-instances-${i}-`)));
  const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };
  // The one PostgreSQL, started here: either instance may be killed without taking it along.
  postgres = await startEmbeddedPostgres({ dir: path.join(pgDir, 'pg'), port: await freePort(), log: quiet });
  const url = postgres.url(DATABASE_NAME);
  const env = { DATABASE_URL: url, COST_BUDGET_PER_HOUR: String(BUDGET) };
  // The first migrates and loads the demo county; the second finds it done (MIGRATE_ON_START is off
  // with DATABASE_URL, and would refuse pending migrations).
  servers.push(
    await startServer({ dataDir: dataDirs[0], env: { ...env, MIGRATE_ON_START: 'true', SEED_SIZE: 'demo' } }),
  );
  servers.push(await startServer({ dataDir: dataDirs[1], env }));
  proxy = await roundRobinProxy(servers.map((s) => Number(new URL(s.base).port)));
  db = new pg.Client({ connectionString: url });
  await db.connect();
  for (const name of ['secretary', 'county-admin', 'admin', 'analyst']) {
    const a = await post(proxy.port, null, LOGIN, { u: name, p: PASSWORD }, { proxy });
    expect(loginCode(a)).toBe('OK');
    tokens[name] = a.body.data.login.accessToken;
  }
  const viewer = await post(proxy.port, tokens.secretary, `{ viewer { grants { unit { id } } } }`, {});
  branchId = viewer.body.data.viewer.grants[0].unit.id;
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  for (const s of servers) {
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
    await s.exited;
  }
  await db?.end();
  await postgres?.stop();
  for (const d of [pgDir, ...dataDirs]) if (d) rmSync(d, { recursive: true, force: true });
});

test('the proxy alternates: consecutive requests are answered by the two instances in turn', async () => {
  const answered: (number | undefined)[] = [];
  for (let i = 0; i < 4; i++)
    answered.push((await post(proxy.port, null, '{ viewer { username } }', {}, { proxy })).upstream);
  expect(new Set(answered)).toEqual(new Set([0, 1]));
  for (let i = 1; i < answered.length; i++) expect(answered[i]).not.toBe(answered[i - 1]);
});

test('sign-in throttle: wrong passwords alternating between the instances are counted once, for the sum', async () => {
  const answers: Answer[] = [];
  for (let i = 0; i < 8; i++)
    answers.push(await post(proxy.port, null, LOGIN, { u: 'station', p: `wrong-${i}` }, { proxy }));
  // Five checks in all (PASSWORD_CHECKS_PER_USERNAME), not five per instance.
  expect(answers.map(loginCode)).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(3).fill('RATE_LIMITED')]);
  expect(answers.map((a) => a.upstream)).toEqual([0, 1, 0, 1, 0, 1, 0, 1].map((k) => (k + answers[0].upstream!) % 2));
  // The right password is refused now on both.
  const right = [0, 1].map(() => post(proxy.port, null, LOGIN, { u: 'station', p: PASSWORD }, { proxy }));
  const refused = await Promise.all(right);
  expect(refused.map(loginCode)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  expect(new Set(refused.map((a) => a.upstream))).toEqual(new Set([0, 1]));
  reportFigure(
    'two instances: sign-in throttle',
    `8 wrong passwords alternating between the instances: ${answers.filter((a) => loginCode(a) === 'UNAUTHENTICATED').length} checked, the rest refused; the right one then refused on both`,
  );
});

test('hourly cost budget: spent once across both instances', async () => {
  // Priced about 10,100 nodes; each answer produces far fewer, and only those are spent.
  const QUERY = `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`;
  const answers: Answer[] = [];
  for (let i = 0; i < 200; i++) {
    const a = await post(proxy.port, tokens.analyst, QUERY, {}, { proxy });
    answers.push(a);
    if (a.code !== 'OK') break;
  }
  const served = answers.filter((a) => a.code === 'OK');
  expect(new Set(served.map((a) => a.upstream))).toEqual(new Set([0, 1]));
  // What is left counts down across both instances by what each answer produced.
  let spent = 0;
  for (const a of served) {
    spent += a.body.extensions.cost.actual as number;
    expect(a.body.extensions.cost.remaining).toBe(BUDGET - spent);
  }
  const refused = answers[answers.length - 1];
  expect(refused.code).toBe('RATE_LIMITED');
  const { requested } = served[0].body.extensions.cost;
  expect(BUDGET - spent).toBeLessThan(requested);
  // Two budgets of their own would have served at least twice as many.
  expect(served.length).toBeGreaterThan(2);
  reportFigure(
    'two instances: cost budget',
    `${served.length} operations (answered by instances ${served.map((a) => a.upstream).join('')}) spent ${spent} of ${BUDGET}; the next, priced ${requested}, refused with ${BUDGET - spent} left`,
  );
});

/** The instance holding the drill's subscription (the other is the one killed under load). */
let subscriberOn: number;
let subscription: ReturnType<typeof subscribe>;
let wsClientOfDrill: ReturnType<typeof wsClient>;

test('an event committed on one instance reaches a subscriber connected to the other', async () => {
  const before = proxy.piped.length;
  wsClientOfDrill = wsClient(`http://127.0.0.1:${proxy.port}/graphql`, tokens['county-admin']);
  subscription = subscribe(wsClientOfDrill, EVENTS, { u: branchId });
  await until('the WebSocket through the proxy', () => proxy.piped.slice(before).some((p) => p.websocket));
  subscriberOn = proxy.piped.slice(before).find((p) => p.websocket)!.upstream;
  const other = 1 - subscriberOn;
  await until('the subscription to open', async () => (await subscriptionsOpen(servers[subscriberOn])) === 1);
  expect(await subscriptionsOpen(servers[other])).toBe(0);
  // Its process listens once the listener has read where the outbox stands (src/events/hub.ts).
  await until('the event listener', async () => {
    const { rows } = await db.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'jiceng-events' AND state = 'idle' AND query ILIKE '%event_outbox%'`,
    );
    return rows.length === 1;
  });

  const arrived = subscription.next(10_000);
  // Straight to the other instance, so the write is committed there for certain.
  const w = await post(Number(new URL(servers[other].base).port), tokens.secretary, CREATE_MEMBER, {
    i: newMember('跨实例'),
  });
  expect(w.body.data.createMember.userErrors).toEqual([]);
  const event = (await arrived).data!.events as { type: string; nodeId: string };
  expect(event).toMatchObject({ type: 'CREATE_MEMBER', nodeId: w.body.data.createMember.member.id });
  reportFigure(
    'two instances: events',
    `subscriber on instance ${subscriberOn}, createMember committed on instance ${other}: the event arrived`,
  );
});

function newMember(name: string) {
  return {
    name,
    gender: 'MALE',
    birthDate: '1985-05-05',
    category: 'RURAL',
    joinedOn: '2010-01-01',
    fullMemberSince: '2011-01-01',
    branchId,
  };
}

test('SIGKILL of one instance under mixed load: no acknowledged write lost or doubled, the other serves on', async () => {
  expect(subscriberOn).toBeDefined();
  const victim = 1 - subscriberOn;
  const survivor = subscriberOn;
  interface Write {
    name: string;
    key: string;
    id?: string;
    attempts: number;
    answeredBy?: number;
    replayed: boolean;
  }
  const writes: Write[] = [];
  const reads = { answered: 0, failedAttempts: 0 };
  let killed = false;
  // Requests sent once the victim had exited: each must be answered, by the survivor, first time.
  const afterKill = { sent: 0, answered: 0, bySurvivor: 0, failedAttempts: 0 };
  let stop = false;
  let seq = 0;
  const failures: string[] = [];
  // The survivor's listener logs a row it would have handed to a subscriber a second time (src/events/hub.ts).
  let refusedTwice = 0;
  servers[survivor].proc.stdout!.on('data', (b: Buffer) => {
    refusedTwice += b.toString().split('event not delivered twice to a subscriber').length - 1;
  });

  /** Sends until an answer comes: a lost connection is retried (a write under the same key). */
  async function untilAnswered(
    send: () => Promise<Answer>,
    onFailure: () => void,
  ): Promise<{ answer: Answer; attempts: number; sentAfterKill: boolean }> {
    for (let attempts = 1; attempts <= 30; attempts++) {
      const sentAfterKill = killed;
      if (sentAfterKill) afterKill.sent++;
      try {
        const answer = await send();
        // 503 SERVICE_UNAVAILABLE: the instance was stopping or lost its database; try again.
        if (answer.status < 500) {
          if (sentAfterKill) {
            afterKill.answered++;
            if (answer.upstream === survivor) afterKill.bySurvivor++;
          }
          return { answer, attempts, sentAfterKill };
        }
        failures.push(`${answer.status} ${answer.code}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
      onFailure();
      if (sentAfterKill) afterKill.failedAttempts++;
      await sleep(100);
    }
    throw new Error(`no answer after 30 attempts: ${failures.slice(-5).join(' | ')}`);
  }

  const writer = async () => {
    while (!stop) {
      const w: Write = { name: `${DRILL_NAME}${++seq}`, key: randomUUID(), attempts: 0, replayed: false };
      writes.push(w);
      const { answer, attempts } = await untilAnswered(
        () =>
          post(proxy.port, tokens.secretary, CREATE_MEMBER, { i: newMember(w.name) }, { proxy, idempotencyKey: w.key }),
        () => undefined,
      );
      w.attempts = attempts;
      expect([answer.code, answer.body.data?.createMember?.userErrors]).toEqual(['OK', []]);
      w.id = answer.body.data.createMember.member.id;
      w.answeredBy = answer.upstream;
      w.replayed = (answer.body.extensions?.idempotentReplay ?? []).includes('createMember');
    }
  };
  const reader = async () => {
    while (!stop) {
      const { answer } = await untilAnswered(
        () => post(proxy.port, tokens.admin, READ_BRANCH, { u: branchId }, { proxy }),
        () => reads.failedAttempts++,
      );
      expect(answer.code).toBe('OK');
      reads.answered++;
    }
  };
  const acknowledged = () => writes.filter((w) => w.id).length;
  const seen = () => subscription.results.map((r) => (r.result.data?.events as { sequence: string }).sequence);
  let broken: unknown = null;
  const load = Promise.all([writer(), writer(), writer(), writer(), reader(), reader()]).catch((e: unknown) => {
    broken = e;
  });
  // A client that got a wrong answer ends the drill at once with it.
  const loadUntil = (what: string, check: () => boolean, timeoutMs: number) =>
    until(
      what,
      () => {
        if (broken) throw broken;
        return check();
      },
      timeoutMs,
    );
  try {
    await loadUntil('40 acknowledged writes', () => acknowledged() >= 40, 120_000);
    const inFlight = writes.filter((w) => !w.id).length;
    const acknowledgedBefore = acknowledged();
    servers[victim].proc.kill('SIGKILL');
    await servers[victim].exited;
    killed = true;
    await loadUntil('80 answers after the kill', () => afterKill.answered >= 80, 120_000);
    stop = true;
    await load;
    if (broken) throw broken;

    // Every acknowledged write is in the database exactly once, under the id it was answered with.
    const { rows } = await db.query<{ id: number; name: string }>(
      `SELECT id, name FROM member WHERE name LIKE $1 ORDER BY id`,
      [`${DRILL_NAME}%`],
    );
    expect(writes.every((w) => w.id)).toBe(true);
    expect(rows.map((r) => r.name).sort()).toEqual(writes.map((w) => w.name).sort());
    const idOf = new Map(rows.map((r) => [r.name, toGlobalId('Member', r.id)]));
    expect(writes.filter((w) => idOf.get(w.name) !== w.id)).toEqual([]);

    // The survivor answered everything sent after the kill, first time: the proxy skipped the dead one.
    expect(afterKill.answered).toBe(afterKill.sent);
    expect(afterKill.bySurvivor).toBe(afterKill.answered);
    expect(afterKill.failedAttempts).toBe(0);
    expect(proxy.skipped).toBeGreaterThan(0);

    // The subscriber on the survivor received each write's event, those the victim committed too: one
    // event (one sequence) per write, each once and in commit order.
    await until('every write’s event', () => new Set(seen()).size >= writes.length + 1, 30_000);
    await sleep(500);
    const events = subscription.results
      .map((r) => r.result.data?.events as { nodeId: string; sequence: string })
      .filter((e) => writes.some((w) => w.id === e.nodeId));
    const sequencesOf = new Map<string, Set<string>>();
    for (const e of events) sequencesOf.set(e.nodeId, (sequencesOf.get(e.nodeId) ?? new Set()).add(e.sequence));
    expect([...sequencesOf.keys()].sort()).toEqual(writes.map((w) => w.id!).sort());
    expect([...sequencesOf.values()].filter((s) => s.size !== 1)).toEqual([]);
    const deliveredTwice = events.length - sequencesOf.size;
    expect(deliveredTwice).toBe(0);
    const sequences = events.map((e) => BigInt(e.sequence));
    expect(sequences.filter((q, i) => i > 0 && q <= sequences[i - 1])).toEqual([]);

    const retried = writes.filter((w) => w.attempts > 1);
    reportFigure(
      'two instances: SIGKILL under load',
      `${acknowledgedBefore} writes acknowledged and ${inFlight} in flight when instance ${victim} was killed; ` +
        `${writes.length} acknowledged in all (${writes.filter((w) => w.answeredBy === victim).length} by the victim, ` +
        `${writes.filter((w) => w.answeredBy === survivor).length} by the survivor), ${retried.length} retried under their key ` +
        `(${retried.filter((w) => w.replayed).length} answered as a replay of a commit whose answer was lost), ` +
        `${rows.length} rows, each once; ${reads.answered} reads (${reads.failedAttempts} attempts lost to the kill); ` +
        `after the kill ${afterKill.answered} of ${afterKill.sent} requests answered by the survivor, first time; ` +
        `${proxy.skipped} connections skipped past the dead instance; ${sequencesOf.size} events delivered to the subscriber, each once and in order ` +
        `(${refusedTwice} second deliveries refused by the listener)`,
    );
  } finally {
    stop = true;
    await load;
    await wsClientOfDrill?.dispose();
  }
});
