import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../../src/auth/roles';
import { createHttpServer } from '../../src/server';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 11: HTTP status codes as the GraphQL-over-HTTP specification says, for both response
 * media types. A request error (no `data` in the response) answered as application/graphql-response+json
 * gets a 4xx/5xx: 401 sign in, 403 refused, 400 a request the server will not run (syntax, validation,
 * variables, limits), 429 with Retry-After, 503. Answered as application/json (legacy clients, Apollo
 * Client 3 sends `Accept: *\/*`), a well-formed request gets 200 whatever its request errors, except
 * refusals of the client rather than of the request's contents: 401 (authentication), 429 (its budget)
 * and 503. A response with `data` — partial, or null — is 200 in both. No Accept header is treated as
 * application/graphql-response+json (the specification's rule since 2025).
 */
let t: TestApp;
let base: string;
let close: () => Promise<void>;
let analyst: string;
let spender: string;

const GQLR = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { COST_BUDGET_PER_HOUR: '25000' } });
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  close = () => apollo.stop();
  await accountWith(t, 'status-spender', Role.ANALYST, null);
  analyst = await signIn('analyst', 'jiceng-demo-2026');
  spender = await signIn('status-spender', 'long-enough-password');
});
afterAll(async () => {
  await close?.();
  await t?.close();
});

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  body: any;
}

/** A POST as a client sends it; node:http, because fetch would add `Accept: *\/*` when none is given. */
function post(
  body: Record<string, unknown>,
  o: { accept?: string | null; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/graphql`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(o.accept ? { accept: o.accept } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({
            status: res.statusCode!,
            type: res.headers['content-type'] ?? null,
            headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function signIn(username: string, password: string): Promise<string> {
  const r = await post({
    query: `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
    variables: { u: username, p: password },
  });
  return r.body.data.login.accessToken;
}

const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

describe.each([
  ['application/graphql-response+json', GQLR, GQLR],
  ['no Accept header (treated as application/graphql-response+json)', null, GQLR],
  ['application/json', JSON_TYPE, JSON_TYPE],
  ['*/* (Apollo Client 3: answered as application/json)', '*/*', JSON_TYPE],
])('%s', (_name, accept, answeredAs) => {
  const modern = answeredAs === GQLR;

  test('the response says its media type', async () => {
    const r = await post({ query: '{ viewer { username } }' }, { accept, token: analyst });
    expect(r.type).toBe(`${answeredAs}; charset=utf-8`);
    expect(r.status).toBe(200);
  });

  test('anonymous introspection: 401 UNAUTHENTICATED with WWW-Authenticate, no data', async () => {
    const r = await post({ query: '{ __schema { queryType { name } } }' }, { accept });
    expect({ status: r.status, code: code(r), hasData: 'data' in r.body }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      hasData: false,
    });
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test('an anonymous request for anything but signing in is refused as a whole: 401', async () => {
    const r = await post({ query: '{ viewer { id } orgUnit(code: "JB01") { name } }' }, { accept });
    expect({ status: r.status, code: code(r), hasData: 'data' in r.body }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      hasData: false,
    });
    // Signing in is public: the viewer alone is answered.
    const viewer = await post({ query: '{ viewer { id } }' }, { accept });
    expect({ status: viewer.status, body: viewer.body.data }).toEqual({ status: 200, body: { viewer: null } });
  });

  test('a forged token: 401 UNAUTHENTICATED with WWW-Authenticate', async () => {
    const r = await post({ query: '{ viewer { id } }' }, { accept, token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' });
    expect({ status: r.status, code: code(r) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test.each([
    ['depth', `{ orgUnit(code: "JB01") { ${'parent { '.repeat(16)}id${' }'.repeat(16)} } }`],
    ['aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`],
    [
      'cost',
      '{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { members(first: 100) { nodes { id } } } } } } }',
    ],
    ['tokens', `{ viewer { ${'id '.repeat(12_000)} } }`],
  ])('over the %s limit: QUERY_TOO_COMPLEX, 400 (200 as application/json), no data', async (_what, query) => {
    const r = await post({ query }, { accept, token: analyst });
    expect({ status: r.status, code: code(r), hasData: 'data' in r.body }).toEqual({
      status: modern ? 400 : 200,
      code: 'QUERY_TOO_COMPLEX',
      hasData: false,
    });
  });

  test.each([
    ['syntax', { query: '{ orgUnits { ' }],
    ['validation', { query: '{ nope }' }],
    ['variables', { query: 'query($f: Int) { orgUnits(first: $f) { totalCount } }', variables: { f: 'twenty' } }],
  ])('a %s error: BAD_USER_INPUT, 400 (200 as application/json)', async (_what, body) => {
    const r = await post(body, { accept, token: analyst });
    expect({ status: r.status, code: code(r), hasData: 'data' in r.body }).toEqual({
      status: modern ? 400 : 200,
      code: 'BAD_USER_INPUT',
      hasData: false,
    });
  });

  test('field errors keep 200: partial data, and data null under a non-null mutation payload', async () => {
    const partial = await post(
      {
        query:
          '{ viewer { username } orgUnit(code: "JB01") { name termsEnding(endingBefore: "2026-12-31", first: 500) { totalCount } } }',
      },
      { accept, token: analyst },
    );
    expect({ status: partial.status, code: code(partial), viewer: partial.body.data?.viewer }).toEqual({
      status: 200,
      code: 'BAD_USER_INPUT',
      viewer: { username: 'analyst' },
    });
    const county = (await post({ query: '{ orgUnit(code: "JB01") { id } }' }, { token: analyst })).body.data.orgUnit.id;
    const refused = await post(
      {
        query: 'mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code } } }',
        variables: { i: { unitId: county, module: 'weekly-reports', enabled: false } },
      },
      { accept, token: analyst },
    );
    expect({ status: refused.status, code: code(refused), data: refused.body.data }).toEqual({
      status: 200,
      code: 'FORBIDDEN',
      data: null,
    });
  });

  test('an automatic persisted query miss: PERSISTED_QUERY_NOT_FOUND, so the client sends the query', async () => {
    const query = `{ viewer { username } orgUnit(code: "JB01") { name } } # ${answeredAs} ${accept}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await post({ extensions }, { accept, token: analyst });
    expect({ status: miss.status, code: code(miss), message: miss.body.errors?.[0]?.message }).toEqual({
      status: modern ? 400 : 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
      message: 'PersistedQueryNotFound',
    });
    const register = await post({ query, extensions }, { accept, token: analyst });
    expect({ status: register.status, data: register.body.data }).toEqual({
      status: 200,
      data: { viewer: { username: 'analyst' }, orgUnit: { name: '中共临江县委员会' } },
    });
    const hit = await post({ extensions }, { accept, token: analyst });
    expect({ status: hit.status, data: hit.body.data }).toEqual({ status: 200, data: register.body.data });
  });
});

test('the hourly budget used up: 429 RATE_LIMITED with Retry-After, for both media types', async () => {
  // Ten full pages of units: priced 1,000 nodes and producing as many, so each answer spends its price.
  const q = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: orgUnits(first: 100) { nodes { id } }`).join(' ')} }`;
  let served = 0;
  while (served < 60 && (await post({ query: q }, { accept: GQLR, token: spender })).status === 200) served++;
  expect(served).toBeGreaterThanOrEqual(25); // 25,000 nodes an hour
  expect(served).toBeLessThan(60);
  const answers: Answer[] = [];
  for (const accept of [GQLR, JSON_TYPE, null, '*/*'])
    answers.push(await post({ query: q }, { accept, token: spender }));
  expect(answers.map((a) => [a.status, code(a) ?? 'OK'])).toEqual(Array(4).fill([429, 'RATE_LIMITED']));
  for (const a of answers) {
    const seconds = a.body.errors[0].extensions.retryAfterSeconds;
    expect(seconds).toBeGreaterThan(0);
    expect(a.headers.get('retry-after')).toBe(String(seconds));
    expect('data' in a.body).toBe(false);
  }
});

test('introspection switched off: 403 FORBIDDEN (200 as application/json)', async () => {
  const off = await createTestApp({ env: { INTROSPECTION: 'off' } });
  const { httpServer, apollo } = await createHttpServer(off.app, off.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
    const ask = async (accept: string) => {
      const login = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation { login(input: { username: "test-admin", password: "test-admin-password" }) { accessToken } }',
        }),
      });
      const token = ((await login.json()) as any).data.login.accessToken;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      });
      return [res.status, ((await res.json()) as any).errors[0].extensions.code];
    };
    expect(await ask(GQLR)).toEqual([403, 'FORBIDDEN']);
    expect(await ask(JSON_TYPE)).toEqual([200, 'FORBIDDEN']);
  } finally {
    await apollo.stop();
    await off.close();
  }
});
