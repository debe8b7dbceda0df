import { Writable } from 'node:stream';
import pino from 'pino';
import WebSocket from 'ws';
import { subscribe, wsClient } from '../../bench/support/subscriber';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A subscriber's address is told by TRUST_PROXY exactly as an HTTP caller's (src/client-address.ts):
 * behind nginx the forwarded client, never the proxy; without a trusted proxy, the socket's own
 * address whatever X-Forwarded-For says. Seen in the subscription's access line.
 */
jest.setTimeout(60_000);

const EVENTS = `subscription($u: ID!) { events(unit: $u) { sequence } }`;
const FORGED = '203.0.113.9';
let t: TestApp;
const lines: Record<string, any>[] = [];
const served: ServedApp[] = [];
const clients: { dispose(): void | Promise<void> }[] = [];

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  (t.app as { log: pino.Logger }).log = pino({ level: 'info' }, sink);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const s of served) await s.close();
  await t?.close();
});

/** A server whose configuration says TRUST_PROXY as given (the rule is compiled when it is made). */
async function serveWith(trustProxy: false | number | string[]): Promise<ServedApp> {
  (t.app.config as { trustProxy: unknown }).trustProxy = trustProxy;
  const s = await serveHttp(t.app, t.schema);
  served.push(s);
  return s;
}

/** Opens a subscription whose upgrade request carries X-Forwarded-For, and returns its access line's address. */
async function subscribedAddress(s: ServedApp, forwardedFor: string): Promise<unknown> {
  const { accessToken } = await signIn(s, 'county-admin', 'jiceng-demo-2026');
  const unit = (await s.gql(`{ orgUnit(code: "JB01") { id } }`, {}, { token: accessToken })).body.data.orgUnit.id;
  class Forwarded extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': forwardedFor } });
    }
  }
  const client = wsClient(s.url, accessToken, { webSocketImpl: Forwarded });
  clients.push(client);
  const before = lines.length;
  subscribe(client, EVENTS, { u: unit });
  for (let i = 0; i < 200 && !lines.slice(before).some((l) => l.msg === 'subscription started'); i++)
    await new Promise((r) => setTimeout(r, 10));
  const line = lines.slice(before).find((l) => l.msg === 'subscription started');
  expect(line).toBeDefined();
  return line!.address;
}

test('without TRUST_PROXY a forged X-Forwarded-For is ignored: the subscriber is the socket’s address', async () => {
  const s = await serveWith(false);
  expect(await subscribedAddress(s, FORGED)).toBe('127.0.0.1');
});

test('behind a trusted proxy (TRUST_PROXY=loopback) the subscriber is the forwarded client', async () => {
  const s = await serveWith(['loopback']);
  expect(await subscribedAddress(s, FORGED)).toBe(FORGED);
  // Only trusted hops are walked back: what the client itself wrote before the proxy's entry is not believed.
  expect(await subscribedAddress(s, `198.51.100.1, ${FORGED}`)).toBe(FORGED);
});

test('a hop count is the same rule: TRUST_PROXY=1 believes the last hop only', async () => {
  const s = await serveWith(1);
  expect(await subscribedAddress(s, `198.51.100.1, ${FORGED}`)).toBe(FORGED);
});
