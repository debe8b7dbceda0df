import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { graphql, type GraphqlResult } from '../../bench/support/server-process';
import { toGlobalId } from '../../src/graphql/global-id';
import { createHttpServer } from '../../src/server';
import { reportFigure } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 1: one signed-in reader must not be able to make the server produce without bound.
 * The cost rule prices variables' defaults and every list; and whatever it says, ceilings per
 * operation (objects produced, answer size, time) stop the execution, answer one QUERY_TOO_COMPLEX
 * with the limit and the value, and the server keeps answering. Everything here goes through HTTP.
 * The built server's memory under the issue's query: amplification-server.test.ts.
 */
jest.setTimeout(120_000);

const PASSWORD = 'jiceng-demo-2026';
const ISSUE_QUERY = `query($f:Int = 100){ orgUnit(code:"JB01"){ descendants(first:$f){ nodes{ ancestors{ descendants(first:$f){ nodes{ ancestors{ members(first:$f, includeDescendants:true){ nodes{ id name } } } } } } } } } }`;
const DRILL_DOWN = readFileSync(
  path.join(__dirname, '..', '..', 'bench', 'queries', 'analyst-drilldown.graphql'),
  'utf8',
);

interface Served {
  t: TestApp;
  url: string;
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/** A demo county served over HTTP (express + Apollo, as `npm start` serves it) with this configuration. */
async function serve(env: Record<string, string> = {}): Promise<Served> {
  const t = await createTestApp({ seed: 'demo', env: { COST_BUDGET_PER_HOUR: '1000000000', ...env } });
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const tokens = new Map<string, string>();
  return {
    t,
    url,
    token: async (username) => {
      if (!tokens.has(username)) {
        const r = await graphql(
          url,
          null,
          'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken userErrors { code message } } }',
          { u: username, p: PASSWORD },
        );
        const token = r.body.data?.login?.accessToken;
        if (!token) throw new Error(`login of ${username}: ${JSON.stringify(r.body)}`);
        tokens.set(username, token);
      }
      return tokens.get(username)!;
    },
    close: async () => {
      await apollo.stop();
      await t.close();
    },
  };
}

/** Objects the answer holds as the cost rule counts them: every item of a list of objects, and each root object. */
function objectsIn(data: unknown): number {
  let n = 0;
  const walk = (v: unknown, root: boolean) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item && typeof item === 'object') n++;
        walk(item, false);
      }
    } else if (v && typeof v === 'object') {
      for (const child of Object.values(v)) {
        if (root && child && typeof child === 'object' && !Array.isArray(child)) n++;
        walk(child, false);
      }
    }
  };
  walk(data, true);
  return n;
}

const priced = (r: GraphqlResult) => (r.body.extensions as { cost?: { requested: number } }).cost?.requested;
const firstError = (r: GraphqlResult) => r.body.errors?.[0] as { message: string; extensions: Record<string, any> };

describe('the cost rule prices what a query can return', () => {
  let s: Served;
  let analyst: string;
  beforeAll(async () => {
    s = await serve();
    analyst = await s.token('analyst');
  });
  afterAll(() => s?.close());

  let defaultsHonoured = false;
  test('a variable left out is priced at its default value, not at the default page size', async () => {
    const r = await graphql(
      s.url,
      analyst,
      'query($f: Int = 100) { orgUnit(code: "JB01") { descendants(first: $f) { totalCount } } }',
    );
    expect(r.code).toBe('OK');
    // The unit (1) and a page of 100 descendants, as execution will run it.
    expect(priced(r)).toBe(101);
    defaultsHonoured = true;
    // A variable that is sent wins over its default.
    const sent = await graphql(
      s.url,
      analyst,
      'query($f: Int = 100) { orgUnit(code: "JB01") { descendants(first: $f) { totalCount } } }',
      { f: 3 },
    );
    expect(priced(sent)).toBe(4);
  });

  test("the issue's query is refused before anything runs, naming the limit and the value", async () => {
    // Sent only when defaults are priced: otherwise this server would run the amplification and die.
    expect(defaultsHonoured).toBe(true);
    const r = await graphql(s.url, analyst, ISSUE_QUERY, {}, 10_000);
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.data ?? null).toBeNull();
    const e = firstError(r);
    expect(e.extensions).toMatchObject({ limit: 500_000, value: expect.any(Number) });
    expect(e.extensions.value).toBeGreaterThan(10_000_000);
    expect(e.message).toMatch(/500000/);
    // Nothing ran but the viewer's lookup (and the budget, where it is kept in the database).
    expect(r.body.extensions?.sqlStatements).toBeLessThanOrEqual(2);
    reportFigure(
      "issue's query priced",
      `${e.extensions.value} nodes (limit 500000), refused in ${Math.round(r.ms)} ms`,
    );
  });

  test('plain lists are priced: ancestors at the depth of the tree, other lists at a full page', async () => {
    const r = await graphql(
      s.url,
      analyst,
      '{ orgUnit(code: "JB01") { descendants(first: 10) { nodes { ancestors { name } } } } }',
    );
    expect(r.code).toBe('OK');
    // 1 unit + 10 descendants + 10 × at most 8 ancestors (province → city → … → party group is 9 levels).
    expect(priced(r)).toBe(91);
    const posts = await graphql(
      s.url,
      analyst,
      '{ orgUnit(code: "JB01") { members(first: 10, includeDescendants: true) { nodes { posts { id } } } } }',
    );
    expect(priced(posts)).toBe(1 + 10 + 10 * 100);
  });

  test('the priced cost is never below what the queries return, on every kind of list', async () => {
    const admin = await s.token('admin');
    const [{ id: county }] = await s.t.app.db.query(`SELECT id FROM org_unit WHERE code = 'JB01'`);
    const countyId = toGlobalId('OrgUnit', county);
    const queries: [string, string, Record<string, unknown>][] = [
      [
        'tree',
        `{ orgUnit(code: "JB01") { descendants(first: 60) { nodes { ancestors { __typename } history { __typename }
           modules { __typename } memberStats { ageBands { __typename } byCategory { __typename } byEducation { __typename } }
           members(first: 10) { nodes { posts { __typename } membershipHistory { __typename } } } } } } }`,
        {},
      ],
      [
        'members',
        `{ orgUnit(code: "JB01") { members(first: 100, includeDescendants: true) { nodes { posts { __typename }
           membershipHistory { __typename } branch { ancestors { __typename } } } } } }`,
        {},
      ],
      [
        'inspections',
        `{ orgUnit(code: "JB01") { descendants(first: 40) { nodes { inspections { findings { __typename } } } } } }`,
        {},
      ],
      [
        'notices',
        `{ orgUnit(code: "JB01") { descendants(first: 40) { nodes { mobileNotices { unread { __typename } } } } } }`,
        {},
      ],
      [
        'hosted',
        `{ orgUnit(code: "JB01") { descendants(first: 15) { nodes { hostedMembers { contacts { __typename }
           reportIns { __typename } decisions { __typename } } powerList { __typename } } } } }`,
        {},
      ],
      [
        'issues',
        `query($u: ID!) { issueList(under: $u, first: 100) { nodes { timeline { __typename } attachments { __typename } } } }`,
        { u: countyId },
      ],
    ];
    const seen: string[] = [];
    for (const [name, query, variables] of queries) {
      const r = await graphql(s.url, admin, query, variables);
      expect(r.body.errors?.filter((e) => e.extensions?.code !== 'MODULE_DISABLED') ?? []).toEqual([]);
      const returned = objectsIn(r.body.data);
      seen.push(`${name} ${returned} returned / ${priced(r)} priced`);
      expect(returned).toBeGreaterThan(0);
      expect(priced(r)).toBeGreaterThanOrEqual(returned);
    }
    reportFigure('priced against returned', seen.join('; '));
  });
});

describe('ceilings hold whatever the pricing says', () => {
  // The cost ceiling is out of the way here (as if the pricing had missed a list): the ceilings alone hold.
  let s: Served;
  let analyst: string;
  beforeAll(async () => {
    s = await serve({ MAX_COST: '1000000000', MAX_OBJECTS: '2000', MAX_RESPONSE_BYTES: '200000' });
    analyst = await s.token('analyst');
  });
  afterAll(() => s?.close());

  test('objects produced: the operation stops, one QUERY_TOO_COMPLEX with the limit and the value, no data', async () => {
    const query = `{ orgUnit(code: "JB01") { descendants(first: 100) { nodes { members(first: 100, includeDescendants: true) {
      nodes { posts { unit { name } } } } } } } }`;
    const r = await graphql(s.url, analyst, query, {}, 20_000);
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.data).toBeNull();
    const e = firstError(r);
    expect(e.extensions).toMatchObject({ ceiling: 'objects', limit: 2000, value: expect.any(Number) });
    expect(e.extensions.value).toBeGreaterThan(2000);
    expect(e.message).toMatch(/产生了 \d+ 个对象（.*），上限是 2000/);
    // Stopped at the level that passed the ceiling: what lies below it (the posts' units) was never loaded.
    const full = await graphql(
      s.url,
      await s.token('admin'),
      query.replace('first: 100) { nodes { members', 'first: 3) { nodes { members'),
    );
    expect(full.code).toBe('OK');
    expect(r.body.extensions?.sqlStatements).toBeLessThan(full.body.extensions!.sqlStatements!);
    // The server answers the next request as usual.
    expect((await graphql(s.url, analyst, '{ orgUnit(code: "JB01") { name } }')).code).toBe('OK');
  });

  test('answer size: many fields on few objects stop at the byte ceiling', async () => {
    const fields =
      'id name gender birthDate joinedOn status category ethnicity occupation education phone idCardNumber age createdAt updatedAt';
    const aliases = Array.from(
      { length: 10 },
      (_, i) =>
        `a${i}: orgUnit(code: "JB01") { members(first: 100, includeDescendants: true) { nodes { ${fields} } } }`,
    ).join('\n');
    const r = await graphql(s.url, analyst, `{ ${aliases} }`);
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.data).toBeNull();
    expect(firstError(r).extensions).toMatchObject({ ceiling: 'responseBytes', limit: 200_000 });
    expect(firstError(r).message).toMatch(/返回数据达到 \d+ 字节，上限是 200000/);
  });

  test('a query under the ceilings answers as before', async () => {
    const r = await graphql(
      s.url,
      analyst,
      '{ orgUnit(code: "JB01") { children(first: 5) { nodes { name ancestors { name } } } } }',
    );
    expect(r.code).toBe('OK');
    expect(r.body.data.orgUnit.children.nodes.length).toBe(5);
  });
});

test('execution time: a query stopped at its time limit answers then, and its statement is cancelled', async () => {
  const s = await serve({ MAX_EXECUTION_MS: '700' });
  const url = (s.t.app.db.options as { url: string }).url;
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    const analyst = await s.token('analyst');
    // A maintenance transaction holds the members table: the query's statement waits on it.
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE member IN ACCESS EXCLUSIVE MODE');
    const r = await graphql(
      s.url,
      analyst,
      '{ orgUnit(code: "JB01") { name members(first: 5, includeDescendants: true) { nodes { id } } } }',
      {},
      10_000,
    );
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.body.errors).toHaveLength(1);
    expect(firstError(r).extensions).toMatchObject({ ceiling: 'time', limit: 700 });
    expect(firstError(r).message).toMatch(/运行了 \d+ 毫秒，上限是 700 毫秒/);
    expect(r.ms).toBeLessThan(3000);
    // The statement does not go on waiting in PostgreSQL after the answer.
    let waiting = 1;
    for (let i = 0; i < 20 && waiting > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await lock.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      waiting = rows[0].n;
    }
    expect(waiting).toBe(0);
    reportFigure(
      'time ceiling',
      `a query blocked on a lock answered QUERY_TOO_COMPLEX in ${Math.round(r.ms)} ms (limit 700 ms)`,
    );
  } finally {
    await lock.query('ROLLBACK').catch(() => undefined);
    await lock.end();
    await s.close();
  }
});

test("the analyst's drill-down never meets the default ceilings", async () => {
  const s = await serve();
  try {
    const r = await graphql(s.url, await s.token('analyst'), DRILL_DOWN, { code: 'JB01' });
    expect(r.code).toBe('OK');
    const bytes = JSON.stringify(r.body.data).length;
    const { maxObjects, maxResponseBytes } = s.t.app.config.limits;
    // Far from them: ten times the drill-down still fits.
    expect(objectsIn(r.body.data) * 10).toBeLessThan(maxObjects);
    expect(bytes * 10).toBeLessThan(maxResponseBytes);
    reportFigure(
      'drill-down against the ceilings',
      `${objectsIn(r.body.data)} list objects, ${bytes} bytes of data (ceilings ${maxObjects} objects, ${maxResponseBytes} bytes)`,
    );
  } finally {
    await s.close();
  }
});
