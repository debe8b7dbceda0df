import type { AddressInfo } from 'node:net';
import { Role } from '../../src/auth/roles';
import { flushRefusalSummaries } from '../../src/graphql/refusals';
import { createHttpServer } from '../../src/server';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 14: every refusal is audited. A mutation refused before it ran (over a limit, a
 * hostile input) is an audit event of its own, like one refused inside runMutation (FORBIDDEN,
 * MODULE_DISABLED, userErrors). What could be a flood — anonymous requests, refused queries, requests
 * over their budget — is counted instead: one summary event per (operation, code, account or address)
 * and minute, with how many were refused, so a flood of refusals cannot become a flood of writes.
 * And WeChat, QQ and other contact or identity numbers are redacted in audit inputs, like phones.
 */
let t: TestApp;
let url: string;
let close: () => Promise<void>;
let county: string;
let analyst: string;
let admin: string;
let spender: string;

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { COST_BUDGET_PER_HOUR: '1000' } });
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  close = () => apollo.stop();
  await accountWith(t, 'audit-spender', Role.ADMIN, null);
  analyst = await signIn('analyst', 'jiceng-demo-2026');
  admin = await signIn('admin', 'jiceng-demo-2026');
  spender = await signIn('audit-spender', 'long-enough-password');
  county = (await gql('{ orgUnit(code: "JB01") { id } }', {}, admin)).body.data.orgUnit.id;
});
afterAll(async () => {
  await close?.();
  await t?.close();
});

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
async function signIn(username: string, password: string) {
  const r = await gql(
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken } }`,
    { u: username, p: password },
  );
  return r.body.data.login.accessToken as string;
}

interface Row {
  actor: string | null;
  operation: string;
  outcome: string;
  error_codes: string[];
  input: Record<string, any>;
  request_id: string | null;
}
const eventsSince = async (id: number): Promise<Row[]> =>
  t.app.db.query(
    `SELECT a.username AS actor, e.operation, e.outcome, e.error_codes, e.input, e.request_id
       FROM audit_event e LEFT JOIN account a ON a.id = e.actor_id WHERE e.id > $1 ORDER BY e.id`,
    [id],
  );
const lastId = async (): Promise<number> =>
  (await t.app.db.query(`SELECT coalesce(max(id), 0)::int AS id FROM audit_event`))[0].id;

const CREATE = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id } userErrors { code } } }`;
const input = (code: string) => ({ code, name: '审计测试支部', kind: 'BRANCH', parentId: county });

test('a mutation refused over a limit is audited: who, which operation, why, the input redacted', async () => {
  const from = await lastId();
  const deep = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { ${'parent { '.repeat(15)}id${' }'.repeat(15)} } } }`;
  const r = await gql(deep, { i: input('DEEP1') }, admin);
  expect(r.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  const aliases = `mutation($i: CreateOrgUnitInput!) { ${Array.from({ length: 31 }, (_, n) => `m${n}: createOrgUnit(input: $i) { userErrors { code } }`).join(' ')} }`;
  expect((await gql(aliases, { i: input('ALIAS1') }, admin)).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  const events = await eventsSince(from);
  expect(events).toEqual([
    expect.objectContaining({
      actor: 'admin',
      operation: 'createOrgUnit',
      outcome: 'REJECTED',
      error_codes: ['QUERY_TOO_COMPLEX'],
      input: expect.objectContaining({ code: 'DEEP1' }),
    }),
    // 31 fields of one mutation refused at once: one event per field the operation named.
    ...Array.from({ length: 31 }, () =>
      expect.objectContaining({ actor: 'admin', operation: 'createOrgUnit', error_codes: ['QUERY_TOO_COMPLEX'] }),
    ),
  ]);
  expect(events[0].request_id).toEqual(expect.any(String));
});

test('a mutation refused for a hostile input is audited, the input made storable', async () => {
  const from = await lastId();
  const r = await gql(CREATE, { i: { ...input('NUL1'), name: 'a\u0000b' } }, admin);
  expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(await eventsSince(from)).toEqual([
    expect.objectContaining({
      actor: 'admin',
      operation: 'createOrgUnit',
      outcome: 'REJECTED',
      error_codes: ['BAD_USER_INPUT'],
      input: expect.objectContaining({ code: 'NUL1', name: 'a\uFFFDb' }),
    }),
  ]);
});

test('a mutation refused for its access (FORBIDDEN, inside runMutation) stays audited, once', async () => {
  const from = await lastId();
  const r = await gql(CREATE, { i: input('ANALYST1') }, analyst);
  expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
  expect(await eventsSince(from)).toEqual([
    expect.objectContaining({
      actor: 'analyst',
      operation: 'createOrgUnit',
      outcome: 'DENIED',
      error_codes: ['FORBIDDEN'],
    }),
  ]);
});

test('floods are counted, not written one by one: anonymous mutations, refused queries, a spent budget', async () => {
  await flushRefusalSummaries(t.app);
  const from = await lastId();
  // Five anonymous mutations: refused (401), and no event yet.
  for (let i = 0; i < 5; i++) expect((await gql(CREATE, { i: input(`ANON${i}`) })).status).toBe(401);
  // A forged token, three times.
  for (let i = 0; i < 3; i++)
    expect((await gql('query Probe { viewer { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.e30.forged')).status).toBe(401);
  // Three queries over the depth limit by a signed-in analyst.
  const deep = `{ orgUnit(code: "JB01") { ${'parent { '.repeat(16)}id${' }'.repeat(16)} } }`;
  for (let i = 0; i < 3; i++)
    expect((await gql(deep, {}, analyst)).body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  // An account spends its budget (1,000 nodes, priced and produced: ten full pages of units), then four
  // mutations are refused RATE_LIMITED.
  const costly = `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`;
  const tenPages = Array.from({ length: 10 }, (_, i) => `p${i}: orgUnits(first: 100) { nodes { id } }`).join(' ');
  const spent = await gql(`{ ${tenPages} }`, {}, spender);
  expect(spent.body.extensions.cost).toMatchObject({ requested: 1000, remaining: 0 });
  for (let i = 0; i < 4; i++) expect((await gql(CREATE, { i: input(`SPENT${i}`) }, spender)).status).toBe(429);
  expect((await gql(costly, {}, spender)).status).toBe(429);
  expect(await eventsSince(from)).toEqual([]);

  await flushRefusalSummaries(t.app);
  const summaries = await eventsSince(from);
  const byKey = Object.fromEntries(
    summaries.map((e) => [`${e.actor ?? e.input.address}|${e.operation}|${e.error_codes.join()}`, e]),
  );
  expect(summaries).toHaveLength(5);
  expect(byKey[`127.0.0.1|createOrgUnit|UNAUTHENTICATED`]).toMatchObject({
    outcome: 'DENIED',
    input: { summary: true, kind: 'mutation', refused: 5, address: '127.0.0.1' },
  });
  expect(byKey[`127.0.0.1|Probe|UNAUTHENTICATED`]).toMatchObject({ outcome: 'DENIED', input: { refused: 3 } });
  expect(byKey[`analyst|orgUnit|QUERY_TOO_COMPLEX`]).toMatchObject({
    outcome: 'REJECTED',
    input: { summary: true, kind: 'query', refused: 3 },
  });
  expect(byKey[`audit-spender|createOrgUnit|RATE_LIMITED`]).toMatchObject({
    outcome: 'REJECTED',
    input: { summary: true, kind: 'mutation', refused: 4 },
  });
  expect(byKey[`audit-spender|orgUnits|RATE_LIMITED`]).toMatchObject({ input: { refused: 1 } });
  // Each summary says over which period it counted.
  for (const e of summaries) expect(Date.parse(e.input.to)).toBeGreaterThanOrEqual(Date.parse(e.input.from));
});

test('WeChat, QQ, card and ID numbers and phones are redacted in audit inputs, core and modules', async () => {
  const from = await lastId();
  const member = (
    await gql(
      '{ orgUnit(code: "JB01") { members(first: 1, includeDescendants: true, orderBy: { field: NAME }) { nodes { id } } } }',
      {},
      admin,
    )
  ).body.data.orgUnit.members.nodes[0].id;
  await gql(
    `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { userErrors { code } } }`,
    {
      i: {
        memberId: member,
        leftOn: '2026-11-01',
        province: '广东省',
        kind: 'ACTIVITY_CARD',
        cardNumber: 'LD-4455',
        reason: 'MIGRANT_WORK',
        phone: '13912345678',
        wechat: 'wx_secret_id',
        qq: '123456789',
      },
    },
    admin,
  );
  await gql(
    `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { userErrors { code } } }`,
    { i: { id: county, contactPhone: '0771-5551234' } },
    admin,
  );
  const [away, unit] = await eventsSince(from);
  expect(away.operation).toBe('recordMemberAway');
  expect(away.input).toMatchObject({
    province: '广东省',
    phone: '[redacted]',
    wechat: '[redacted]',
    qq: '[redacted]',
    cardNumber: '[redacted]',
  });
  expect(JSON.stringify(away.input)).not.toMatch(/wx_secret_id|123456789|13912345678|LD-4455/);
  expect(unit.input).toMatchObject({ contactPhone: '[redacted]' });
});
