import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { formatError } from '../../src/graphql/format-error';
import { AppError, ErrorCode } from '../../src/graphql/errors';
import { CORE_MESSAGES as coreMessages, LABELS as coreLabels } from '../../src/messages/core';
import { createHttpServer } from '../../src/server';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.join(__dirname, '..', '..');
const IDE = path.join(ROOT, 'dist', 'ide');
let t: TestApp;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  if (!existsSync(path.join(IDE, 'main.js')))
    execFileSync(process.execPath, [path.join(ROOT, 'src', 'ide', 'build.mjs')], { stdio: 'ignore' });
  t = await createTestApp({ seed: 'demo' });
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  close = () => apollo.stop();
});
afterAll(async () => {
  await close?.();
  await t?.close();
});

const json = (res: Response): Promise<any> => res.json();
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('health and readiness', async () => {
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
});

test('a signed-in query over HTTP reports its request id, SQL count and cost', async () => {
  const login = await json(
    await post({
      query:
        'mutation { login(input: { username: "analyst", password: "jiceng-demo-2026" }) { accessToken userErrors { code } } }',
    }),
  );
  expect(login.data.login.userErrors).toEqual([]);
  const res = await post(
    { query: '{ orgUnit(code: "JB01") { name } }' },
    { 'x-request-id': 'trace-123', authorization: `Bearer ${login.data.login.accessToken}` },
  );
  expect(res.headers.get('x-request-id')).toBe('trace-123');
  const body = await json(res);
  expect(body.extensions.connectionWaitMs).toBeGreaterThanOrEqual(0);
  expect(body).toEqual({
    data: { orgUnit: { name: '中共临江县委员会' } },
    // One statement for the viewer and their grants, one for the unit.
    extensions: {
      requestId: 'trace-123',
      sqlStatements: 2,
      // Time spent waiting for a pool connection: nothing else runs, so next to none.
      connectionWaitMs: expect.any(Number),
      cost: { requested: 1, actual: 1, limit: 500000, remaining: expect.any(Number), resetAt: expect.any(String) },
    },
  });
});

test('tokens travel only in the Authorization header; a bad one is 401 UNAUTHENTICATED', async () => {
  const anonymous = await post({ query: '{ orgUnit(code: "JB01") { name } }' });
  expect(anonymous.status).toBe(401);
  expect((await json(anonymous)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const forged = await post(
    { query: '{ viewer { username } }' },
    { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged-signature' },
  );
  expect(forged.status).toBe(401);
  expect((await json(forged)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const cookie = await json(await post({ query: '{ viewer { username } }' }, { cookie: 'token=whatever' }));
  expect(cookie.data.viewer).toBeNull();
});

test('CORS: no origin is allowed unless configured', async () => {
  const res = await fetch(`${base}/graphql`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
});

test('a browser gets the self-hosted IDE, which loads nothing from another host', async () => {
  const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
  expect(res.headers.get('content-type')).toContain('text/html');
  const html = await res.text();
  expect(html).toContain('/ide/main.js');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  const js = await fetch(`${base}/ide/main.js`);
  expect(js.status).toBe(200);
  // No CDN that GraphiQL or Apollo would otherwise load from.
  for (const file of readdirSync(IDE).filter((f) => f.endsWith('.js') || f.endsWith('.css') || f.endsWith('.html'))) {
    const text = readFileSync(path.join(IDE, file), 'utf8');
    expect({
      file,
      cdn: /esm\.sh|unpkg\.com|jsdelivr|cdnjs|embeddable-sandbox|fonts\.googleapis/.exec(text)?.[0] ?? null,
    }).toEqual({ file, cdn: null });
  }
});

test('limits at the door: body size, batches, malformed JSON, CSRF', async () => {
  const huge = await post({ query: `{ orgUnits { totalCount } }`, variables: { pad: 'x'.repeat(2_100_000) } });
  expect(huge.status).toBe(413);
  expect((await json(huge)).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');

  const batch = await post([{ query: '{ modules { name } }' }, { query: '{ modules { name } }' }]);
  expect(batch.status).toBe(400);

  const malformed = await post('{"query": ');
  expect(malformed.status).toBe(400);
  expect((await json(malformed)).errors[0].extensions.code).toBe('BAD_USER_INPUT');

  // A "simple" GET (no preflight) could come from any web page: Apollo's CSRF prevention refuses it.
  const simple = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`);
  expect(simple.status).toBe(400);
  const preflighted = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(preflighted.status).toBe(200);
});

test('syntax and validation errors come back as BAD_USER_INPUT', async () => {
  const syntax = await json(await post({ query: '{ orgUnits { ' }));
  expect(syntax.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
  const unknown = await json(await post({ query: '{ nope }' }));
  expect(unknown.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
  // Signed in: an anonymous request for anything but signing in is refused (401) before its variables are read.
  const login = await json(
    await post({
      query:
        'mutation { login(input: { username: "analyst", password: "jiceng-demo-2026" }) { accessToken userErrors { code } } }',
    }),
  );
  const badDate = await json(
    await post(
      {
        query: 'query($d: Date!) { orgUnit(code: "JB01") { termsEnding(endingBefore: $d) { totalCount } } }',
        variables: { d: '2026-02-30' },
      },
      { authorization: `Bearer ${login.data.login.accessToken}` },
    ),
  );
  expect(badDate.errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

describe('errors that reach clients', () => {
  const log = pino({ level: 'silent' });
  const internal = new Error('relation "secret_table" does not exist at character 42');

  test('in production an unexpected failure says only "服务器内部错误" (internal server error) and nothing of SQL', () => {
    const out = formatError(log, false)(
      { message: internal.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      internal,
    );
    expect(out).toEqual({
      message: '服务器内部错误',
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL', requestId: undefined },
    });
  });

  test('our own codes pass through without stack traces', () => {
    const err = new AppError(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: coreLabels.unit }));
    const out = formatError(log, false)(
      { message: err.message, extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } },
      err,
    );
    expect(out.extensions).toEqual({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(out.message).toBe('组织不存在');
  });

  test('a statement timeout becomes QUERY_TOO_COMPLEX', () => {
    const timeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect(formatError(log, false)({ message: timeout.message }, timeout).extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });
});
