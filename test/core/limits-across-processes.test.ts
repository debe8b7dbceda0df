import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { openApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { App } from '../../src/context';
import { rateCountersOf } from '../../src/db/rate-counters';
import { reportFigure } from '../support/helpers';
import { LOGIN, LOGOUT, serveHttp, signIn, type HttpResult, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 9 (and item 8 "in every process"): two instances of the server on one database,
 * as behind a load balancer. The sign-in throttle, the hourly cost budget and the end of a session
 * hold across both; behind a trusted reverse proxy each client is counted by its own address.
 */
// Room for the sign-ins of these tests (anonymous operations spend the budget of their address), and
// for a few of the query below.
const BUDGET = 20_000;
let t: TestApp;
let second: { app: App; schema: GraphQLSchema };
let untrusting: { app: App; schema: GraphQLSchema };
let a: ServedApp;
let b: ServedApp;
let direct: ServedApp;

beforeAll(async () => {
  t = await createTestApp({
    seed: 'demo',
    env: { COST_BUDGET_PER_HOUR: String(BUDGET), TRUST_PROXY: 'loopback' },
  });
  const url = (t.app.db.options as { url: string }).url;
  const log = pino({ level: 'silent' });
  // The same configuration (same JWT secret) and the same clock, on the same database.
  second = await openApp(t.app.config, log, url, { migrate: false, clock: t.clock });
  // An instance that trusts no proxy: what it sees is the address of whoever connects.
  untrusting = await openApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COST_BUDGET_PER_HOUR: String(BUDGET), DB_POOL_SIZE: '4' }),
    log,
    url,
    { migrate: false, clock: t.clock },
  );
  a = await serveHttp(t.app, t.schema);
  b = await serveHttp(second.app, second.schema);
  direct = await serveHttp(untrusting.app, untrusting.schema);
});
afterAll(async () => {
  for (const s of [a, b, direct]) await s?.close();
  for (const x of [second, untrusting]) await x?.app.db.destroy();
  await t?.close();
});

/** The code of a login, refresh or logout answer: its first user error, the top-level error, or OK. */
const loginCode = (r: HttpResult) => {
  const payload = r.body.data && Object.values(r.body.data)[0];
  return payload ? ((payload as { userErrors: { code: string }[] }).userErrors[0]?.code ?? 'OK') : r.code;
};
const xff = (ip: string) => ({ 'x-forwarded-for': ip });

test('the sign-in throttle is shared: five failures spread over two instances lock the username on both', async () => {
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const server = i % 2 === 0 ? a : b;
    codes.push(loginCode(await server.gql(LOGIN, { u: 'station', p: `wrong-${i}` }, { headers: xff(`10.1.0.${i}`) })));
  }
  expect(codes).toEqual(Array(5).fill('UNAUTHENTICATED'));
  for (const server of [a, b]) {
    const right = await server.gql(LOGIN, { u: 'station', p: 'jiceng-demo-2026' }, { headers: xff('10.1.1.1') });
    expect(right.code).toBe('RATE_LIMITED');
  }
});

test('the hourly cost budget is shared: two instances together spend it once', async () => {
  const { accessToken } = await signIn(a, 'analyst', 'jiceng-demo-2026', xff('10.2.0.1'));
  // Priced at about 10,100 nodes; each answer produces far fewer, and only those are spent.
  const QUERY = `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`;
  const answers: HttpResult[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await (i % 2 === 0 ? a : b).gql(QUERY, {}, { token: accessToken });
    answers.push(r);
    if (r.code !== 'OK') break;
  }
  const served = answers.filter((r) => r.code === 'OK');
  const { requested, actual } = served[0].body.extensions.cost as { requested: number; actual: number };
  expect(actual).toBeLessThan(requested);
  // What is left counts down across both instances, by what each answer produced.
  let left = BUDGET;
  expect(
    served.map((r) => {
      left -= r.body.extensions.cost.actual as number;
      return r.body.extensions.cost.remaining;
    }),
  ).toEqual(
    served.map((r, i) => BUDGET - served.slice(0, i + 1).reduce((n, x) => n + x.body.extensions.cost.actual, 0)),
  );
  // Refused on whichever instance comes next, once the price no longer fits what both have left.
  const refused = answers[answers.length - 1];
  expect(refused.code).toBe('RATE_LIMITED');
  expect(left).toBeLessThan(requested);
  expect(served.length).toBeGreaterThan(2);
  reportFigure(
    'budget across two instances',
    `${served.length} operations priced ${requested}, producing ${actual}, within ${BUDGET} across two instances; the next refused with ${left} left`,
  );
  const error = refused.body.errors![0];
  expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  expect(error.message).toContain(`${BUDGET}`);
  // A refused operation spends nothing; the next hour starts afresh.
  t.clock.advance(3600_000 + 1000);
  const later = await signIn(b, 'analyst', 'jiceng-demo-2026', xff('10.2.0.1'));
  const fresh = (await b.gql(QUERY, {}, { token: later.accessToken })).body.extensions.cost;
  expect(fresh.remaining).toBe(BUDGET - fresh.actual);
});

test('behind a trusted proxy, each client is counted by its forwarded address, on every instance', async () => {
  // Twenty failures from one client (distinct unknown names: the per-name limit stays out of it).
  for (let i = 0; i < 20; i++) {
    const r = await (i % 2 === 0 ? a : b).gql(
      LOGIN,
      { u: `ghost-${i}`, p: 'wrong-password' },
      { headers: xff('10.3.0.1') },
    );
    expect([loginCode(r), r.body.errors?.[0]?.message]).toEqual(['UNAUTHENTICATED', undefined]);
  }
  for (const server of [a, b])
    expect((await server.gql(LOGIN, { u: 'ghost-x', p: 'wrong-password' }, { headers: xff('10.3.0.1') })).code).toBe(
      'RATE_LIMITED',
    );
  // Another client behind the same proxy is not locked out.
  expect(loginCode(await b.gql(LOGIN, { u: 'analyst', p: 'jiceng-demo-2026' }, { headers: xff('10.3.0.2') }))).toBe(
    'OK',
  );
});

test('without TRUST_PROXY a forwarded address is ignored: a client cannot dodge the address limit', async () => {
  for (let i = 0; i < 20; i++) {
    const r = await direct.gql(LOGIN, { u: `spoof-${i}`, p: 'wrong-password' }, { headers: xff(`10.4.0.${i}`) });
    expect(loginCode(r)).toBe('UNAUTHENTICATED');
  }
  expect((await direct.gql(LOGIN, { u: 'spoof-x', p: 'wrong-password' }, { headers: xff('10.4.1.1') })).code).toBe(
    'RATE_LIMITED',
  );
});

test('a session ended on one instance is ended on the other at its next request', async () => {
  const s = await signIn(a, 'county-admin', 'jiceng-demo-2026', xff('10.5.0.1'));
  expect((await b.gql(`{ viewer { username } }`, {}, { token: s.accessToken })).body.data.viewer).toEqual({
    username: 'county-admin',
  });
  expect((await b.gql(LOGOUT, { t: s.refreshToken }, { headers: xff('10.5.0.1') })).body.data.logout.loggedOut).toBe(
    true,
  );
  for (const server of [a, b]) {
    const r = await server.gql(`{ viewer { username } }`, {}, { token: s.accessToken });
    expect({ status: r.status, code: r.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  }
});

describe('TRUST_PROXY', () => {
  const parse = (v?: string) => loadConfig({ NODE_ENV: 'test', ...(v === undefined ? {} : { TRUST_PROXY: v }) });

  test('off by default; hop counts, addresses, subnets and the named ranges are accepted', () => {
    expect((parse() as unknown as { trustProxy: unknown }).trustProxy).toBe(false);
    expect((parse('off') as unknown as { trustProxy: unknown }).trustProxy).toBe(false);
    expect((parse('1') as unknown as { trustProxy: unknown }).trustProxy).toBe(1);
    expect((parse('loopback, 10.0.0.0/8,192.168.1.7') as unknown as { trustProxy: unknown }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
    ]);
  });

  test('anything else stops the start with a clear message', () => {
    expect(() => parse('yes please')).toThrow(/TRUST_PROXY/);
    expect(() => parse('10.0.0.0/99')).toThrow(/TRUST_PROXY/);
  });
});

test('figure: what the shared budget costs an operation', async () => {
  const counters = rateCountersOf(t.app.db);
  const spec = [{ key: 'figure:budget', limit: 1_000_000_000, windowSeconds: 3600 }];
  await counters.take(spec, 1, t.clock.now());
  const pool = (t.app.db.driver as unknown as { master: { query(sql: string): Promise<unknown> } }).master;
  const n = 1000;
  // The floor: a round trip to PostgreSQL that does nothing.
  let started = performance.now();
  for (let i = 0; i < n; i++) await pool.query('SELECT 1');
  const roundTrip = (performance.now() - started) / n;
  started = performance.now();
  for (let i = 0; i < n; i++) await counters.take(spec, 100, t.clock.now());
  const perTake = (performance.now() - started) / n;
  started = performance.now();
  await Promise.all(Array.from({ length: n }, () => counters.take(spec, 100, t.clock.now())));
  const concurrent = (performance.now() - started) / n;
  const [row] = await t.app.db.query(`SELECT points FROM rate_limit WHERE key = 'figure:budget'`);
  expect(Number(row.points)).toBe(1 + 2 * n * 100);
  const { accessToken } = await signIn(a, 'analyst', 'jiceng-demo-2026', xff('10.6.0.1'));
  started = performance.now();
  for (let i = 0; i < 200; i++) await a.gql(`{ viewer { username } }`, {}, { token: accessToken });
  const perRequest = (performance.now() - started) / 200;
  reportFigure(
    'shared budget',
    `taking at the price, one statement: ${perTake.toFixed(3)} ms each in sequence (SELECT 1: ${roundTrip.toFixed(3)} ms), ${concurrent.toFixed(3)} ms each with ${n} at once on the same key; a whole signed-in request over HTTP ${perRequest.toFixed(2)} ms`,
  );
  // A small part of a request (no disk flush: the table is UNLOGGED; no lock held beyond the statement).
  // Compared with a whole request measured in the same run, so a busy machine slows both alike.
  expect(perTake).toBeLessThan(perRequest / 2);
});
