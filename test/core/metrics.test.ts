import { Writable } from 'node:stream';
import pino from 'pino';
import { metricsAccess } from '../../src/observability/metrics';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/** README "Operations": /metrics in Prometheus format, one access line per operation, /readyz while draining. */
const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
let s: ServedApp;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { METRICS_TOKEN: TOKEN } });
  // The app's log, captured: the access lines are what an operator's log collector reads.
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  (t.app as { log: pino.Logger }).log = pino({ level: 'info' }, sink);
  s = await serveHttp(t.app, t.schema);
});
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const base = () => s.url.replace(/\/graphql$/, '');
const scrape = async (headers: Record<string, string> = {}) => {
  const res = await fetch(`${base()}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of one sample: the line of `name` carrying every label given (0 when there is none yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? want.every((w) => l.includes(w)) : false));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

test('operations are counted by name and outcome, with latency, statements and cost; the pool and the process are measured', async () => {
  const before = (await scrape()).text;
  const { accessToken } = await signIn(s, 'analyst', 'jiceng-demo-2026');
  const UNITS = 'query Units { orgUnit(code: "JB01") { name children(first: 5) { nodes { name } } } }';
  for (let i = 0; i < 3; i++) expect((await s.gql(UNITS, {}, { token: accessToken })).code).toBe('OK');
  // Signed out: refused as a whole.
  expect((await s.gql(UNITS)).code).toBe('UNAUTHENTICATED');
  // Over the cost limit: refused before it runs.
  const TooBig =
    'query TooBig { orgUnits(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { name } } } } } } }';
  expect((await s.gql(TooBig, {}, { token: accessToken })).code).toBe('QUERY_TOO_COMPLEX');

  const after = await scrape();
  expect(after.status).toBe(200);
  expect(after.type).toMatch(/^text\/plain; version=0\.0\.4/);
  const moved = (name: string, labels: Record<string, string>) =>
    sample(after.text, name, labels) - sample(before, name, labels);
  expect(moved('jiceng_graphql_requests_total', { operation: 'Units', outcome: 'OK' })).toBe(3);
  expect(moved('jiceng_graphql_requests_total', { operation: 'Units', outcome: 'UNAUTHENTICATED' })).toBe(1);
  expect(moved('jiceng_graphql_requests_total', { operation: 'TooBig', outcome: 'QUERY_TOO_COMPLEX' })).toBe(1);
  expect(moved('jiceng_graphql_request_duration_seconds_count', { operation: 'Units' })).toBe(4);
  expect(moved('jiceng_graphql_sql_statements_count', { operation: 'Units' })).toBe(4);
  // The three answered reads issued statements (the unit, the children's page with their rows); the
  // histogram's sum holds them.
  expect(moved('jiceng_graphql_sql_statements_sum', { operation: 'Units' })).toBeGreaterThanOrEqual(3 * 2);
  expect(moved('jiceng_graphql_cost_count', { operation: 'Units' })).toBe(3);
  expect(moved('jiceng_graphql_cost_sum', { operation: 'Units' })).toBe(3 * 6);
  expect(after.text).toMatch(/^jiceng_db_pool_connections\{state="in_use"\} \d+$/m);
  expect(after.text).toMatch(/^jiceng_db_pool_connections\{state="waiting"\} 0$/m);
  expect(sample(after.text, 'jiceng_db_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
  expect(sample(after.text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  expect(after.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
});

test('one access line per operation: name, outcome, duration, statements, cost, account and request id', async () => {
  lines.length = 0;
  const { accessToken } = await signIn(s, 'analyst', 'jiceng-demo-2026');
  const r = await s.gql('query One { orgUnit(code: "JB01") { name } }', {}, { token: accessToken });
  const access = lines.filter((l) => l.msg === 'graphql operation');
  expect(access.map((l) => l.operation)).toEqual(['(anonymous)', 'One']);
  const [account] = await t.app.db.query(`SELECT id FROM account WHERE username = 'analyst'`);
  expect(access[1]).toMatchObject({
    level: 30,
    operation: 'One',
    outcome: 'OK',
    sqlStatements: r.body.extensions.sqlStatements,
    connectionWaitMs: r.body.extensions.connectionWaitMs,
    cost: r.body.extensions.cost.requested,
    accountId: account.id,
    requestId: r.body.extensions.requestId,
  });
  expect(access[1].durationMs).toBeGreaterThan(0);
  // The sign-in names the account that signed in.
  expect(access[0]).toMatchObject({ outcome: 'OK', accountId: account.id });
  // A request with no token names none.
  await s.gql('query Anon { viewer { username } }');
  expect(lines.filter((l) => l.msg === 'graphql operation').at(-1)).toMatchObject({
    operation: 'Anon',
    accountId: null,
  });
});

test('/metrics: loopback without a proxy, anyone else only with the token', async () => {
  expect((await scrape()).status).toBe(200);
  // Through a reverse proxy on this machine the connection is loopback, but the client is not.
  expect((await scrape({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
  expect(
    (await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-token-0123456789' })).status,
  ).toBe(403);
  const withToken = await scrape({ 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` });
  expect(withToken.status).toBe(200);
  expect(withToken.text).toContain('jiceng_graphql_requests_total');

  expect(metricsAccess('203.0.113.9', {}, undefined)).toBe('token required');
  expect(metricsAccess('203.0.113.9', { authorization: `Bearer ${TOKEN}` }, undefined)).toBe('wrong token');
  expect(metricsAccess('203.0.113.9', { authorization: `Bearer ${TOKEN}` }, TOKEN)).toBe('allowed');
  expect(metricsAccess('::ffff:127.0.0.1', {}, undefined)).toBe('allowed');
  expect(metricsAccess('::1', {}, TOKEN)).toBe('allowed');
  expect(metricsAccess('::ffff:10.1.2.3', {}, TOKEN)).toBe('token required');
});

test('/readyz answers 503 while the server drains', async () => {
  expect((await fetch(`${base()}/readyz`)).status).toBe(200);
  s.lifecycle.draining = true;
  try {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'draining' });
  } finally {
    s.lifecycle.draining = false;
  }
});
