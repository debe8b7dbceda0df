import type { AddressInfo } from 'node:net';
import { Role } from '../../src/auth/roles';
import { createHttpServer } from '../../src/server';
import { accountWith, enableModule, reportFigure } from '../support/helpers';
import { idFor } from '../support/people';
import { smallCounty } from '../support/tree';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, items 12 and 2 (first half): hostile inputs are BAD_USER_INPUT with the path of the value,
 * never INTERNAL_SERVER_ERROR, and nothing is written. One class per test, each through HTTP:
 *
 * - strings no text field can hold (NUL, lone surrogates) and strings over their bound, in any
 *   argument or input field, literal or variable, at any depth: refused before anything runs;
 * - names of only white space (U+3000 and the other Unicode blanks): a userError on the field;
 * - cursors whose contents do not fit the list: BAD_USER_INPUT on `after`;
 * - integers that feed date or SQL arithmetic (ages, depths, years): refused by the field's validator,
 *   in queries as in mutations.
 */
jest.setTimeout(120_000);

let t: TestApp;
let url: string;
let close: () => Promise<void>;
let token: string;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let member: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01' });
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'star-rating');
  await enableModule(t, tree.county, 'village-affairs');
  await accountWith(t, 'hostile-admin', Role.ADMIN, null);
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  close = () => apollo.stop();
  const login = await gql(
    `mutation { login(input: { username: "hostile-admin", password: "long-enough-password" }) { accessToken } }`,
  );
  token = login.body.data.login.accessToken;
  const m = await gql(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: '测试党员',
        idCardNumber: idFor('1978-07-07', true, 301),
        category: 'RURAL',
        joinedOn: '2000-01-01',
        fullMemberSince: '2001-01-01',
        branchId: tree.village1,
      },
    },
  );
  member = m.body.data.createMember.member.id;
});
afterAll(async () => {
  await close?.();
  await t?.close();
});

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  accept = 'application/graphql-response+json',
) {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ms: performance.now() - started, body: (await res.json()) as any };
}
const first = (r: { body: any }) => r.body.errors?.[0];
const counts = async () =>
  (
    await t.app.db.query(
      `SELECT (SELECT count(*) FROM org_unit)::int AS units, (SELECT count(*) FROM member)::int AS members,
              (SELECT count(*) FROM sr_scheme)::int AS schemes`,
    )
  )[0];

const CREATE_UNIT = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id } userErrors { field code message } } }`;
const unit = (over: Record<string, unknown>) => ({
  i: { code: 'H-1', name: '测试支部', kind: 'BRANCH', sector: 'RURAL', parentId: tree.stationA, ...over },
});

describe('strings no text can hold, anywhere, are refused before anything runs', () => {
  test('the same document, sent again and again, is checked each time with its variables and fragments', async () => {
    const q = `query($s: String) { ...F orgUnits(search: $s) { totalCount } }
      fragment F on Query { orgUnit(code: "JB\\u000001") { id } }`;
    const clean = `query($s: String) { ...G orgUnits(search: $s) { totalCount } } fragment G on Query { orgUnit(code: "JB01") { id } }`;
    for (let i = 0; i < 2; i++) {
      expect(first(await gql(q, { s: 'a' }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['code'] });
      expect((await gql(clean, { s: 'a' })).body.errors).toBeUndefined();
      expect(first(await gql(clean, { s: 'a\u0000' }))?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['search'],
      });
    }
  });

  test.each([
    [
      'a NUL in a query argument (variable)',
      'query($s: String) { orgUnits(search: $s) { totalCount } }',
      { s: 'a\u0000b' },
      ['search'],
    ],
    ['a NUL in a query argument (literal)', '{ orgUnits(search: "a\\u0000b") { totalCount } }', {}, ['search']],
    ['a NUL in a lookup key', '{ orgUnit(code: "JB\\u000001") { id } }', {}, ['code']],
    [
      'a lone surrogate in an argument',
      'query($s: String) { orgUnits(search: $s) { totalCount } }',
      { s: 'x\uD800y' },
      ['search'],
    ],
    ['a low surrogate alone', 'query($s: String) { orgUnits(search: $s) { totalCount } }', { s: '\uDC00' }, ['search']],
    [
      'a NUL in a list item of a nested field argument',
      'query($id: ID!, $c: [String!]) { node(id: $id) { ... on OrgUnit { villageDisclosures(categories: $c) { totalCount } } } }',
      { c: ['FINANCE', 'x\u0000'] },
      ['categories', '1'],
    ],
    [
      'a NUL in an input object field of a query',
      'query($id: ID!) { node(id: $id) { ... on OrgUnit { members(filter: { search: "\\u0000" }) { totalCount } } } }',
      {},
      ['filter', 'search'],
    ],
    ['a NUL in a mutation input', CREATE_UNIT, () => unit({ name: '支部\u0000' }), ['input', 'name']],
    ['a lone surrogate in a mutation input', CREATE_UNIT, () => unit({ address: '\uD83D' }), ['input', 'address']],
    ['a NUL in an ID', 'query($id: ID!) { node(id: $id) { id } }', { id: 'T3Jn\u0000' }, ['id']],
    [
      'a NUL in a variable default value',
      'query($s: String = "\\u0000") { orgUnits(search: $s) { totalCount } }',
      {},
      ['search'],
    ],
  ])('%s: BAD_USER_INPUT at %j', async (_what, query, variables, field) => {
    const before = await counts();
    const vars = { id: tree.county, ...(typeof variables === 'function' ? variables() : variables) };
    const r = await gql(query, vars);
    expect({
      status: r.status,
      code: first(r)?.extensions?.code,
      field: first(r)?.extensions?.field,
      data: r.body.data,
    }).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      field,
      data: undefined,
    });
    expect(first(r).message).toMatch(/空字符|孤立的代理字符/);
    expect(await counts()).toEqual(before);
    // As application/json (Apollo Client 3): the same error, with 200.
    const legacy = await gql(query, vars, 'application/json');
    expect([legacy.status, first(legacy)?.extensions?.code]).toEqual([200, 'BAD_USER_INPUT']);
  });
});

describe('every string has a length bound', () => {
  test('a 1.9 MB search is refused at once with the limit and the value, and takes no connection', async () => {
    const search = 'x'.repeat(1_900_000); // 1.9 MB: under the 2 MB body limit
    const r = await gql('query($s: String) { orgUnits(search: $s) { totalCount } }', { s: search });
    expect(first(r)).toMatchObject({
      message: 'search有1900000个字符，上限是10000',
      extensions: { code: 'BAD_USER_INPUT', field: ['search'], limit: 10000, value: 1900000 },
    });
    // Only the viewer's own row was read; no statement searched.
    expect(r.body.extensions.sqlStatements).toBeLessThanOrEqual(1);
  });

  test('twelve of them at once do not take the pool: another reader is answered meanwhile', async () => {
    const search = 'x'.repeat(1_900_000);
    const started = performance.now();
    const flood = Array.from({ length: 12 }, () =>
      gql('query($s: String) { orgUnits(search: $s) { totalCount } }', { s: search }),
    );
    const other = await gql('{ orgUnits { totalCount } }');
    const answers = await Promise.all(flood);
    const ms = performance.now() - started;
    expect(other.body.data.orgUnits.totalCount).toBeGreaterThan(0);
    expect(answers.map((a) => first(a)?.extensions?.code)).toEqual(Array(12).fill('BAD_USER_INPUT'));
    expect(ms).toBeLessThan(10_000);
    reportFigure(
      'twelve 1.9 MB searches at once',
      `all refused in ${Math.round(ms)} ms; another reader answered in ${Math.round(other.ms)} ms`,
    );
  });

  test('a string in a nested mutation input over the bound: the path of the field', async () => {
    const r = await gql(CREATE_UNIT, unit({ address: 'a'.repeat(10_001) }));
    expect(first(r)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'address'], limit: 10000 });
  });

  test('a field that needs more declares it: a CSV of importMembers above the default bound is read', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `党员${i},${idFor('1980-01-01', i % 2 === 0, i)},RURAL,2005-01-01,2006-01-01,NO-SUCH-BRANCH`,
    );
    const csv = ['name,idCardNumber,category,joinedOn,fullMemberSince,branchCode', ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(10_000);
    const r = await gql(
      `mutation($i: ImportMembersInput!) { importMembers(input: $i) { imported userErrors { field code } } }`,
      { i: { underId: tree.county, csv } },
    );
    // Past the bound on strings: the rows are read (and here refused, line by line, for their branch).
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.importMembers.imported).toBe(0);
    expect(r.body.data.importMembers.userErrors[0].field.slice(0, 2)).toEqual(['input', 'csv']);
  });
});

describe('names of only white space are user errors on the field, and nothing is written', () => {
  test.each([
    ['U+3000 ideographic space', '\u3000'],
    ['several Unicode spaces', '\u3000\u00A0\u2003\u205F'],
    ['zero-width characters', '\u200B\uFEFF'],
    ['a Hangul filler', '\u3164'],
    ['tabs and new lines', '\t\n'],
  ])('%s', async (_what, name) => {
    const before = await counts();
    const r = await gql(CREATE_UNIT, unit({ code: 'WS-1', name }));
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.createOrgUnit.userErrors).toEqual([
      { field: ['input', 'name'], code: 'BAD_USER_INPUT', message: '名称不能只有空白字符' },
    ]);
    expect(await counts()).toEqual(before);
  });

  test('in every input, core and modules alike: a member, a star scheme', async () => {
    const m = await gql(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { userErrors { field code } } }`, {
      i: { id: member, name: '\u3000\u3000' },
    });
    expect(m.body.data.updateMember.userErrors).toEqual([{ field: ['input', 'name'], code: 'BAD_USER_INPUT' }]);
    const s = await gql(
      `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { userErrors { field code } } }`,
      {
        i: {
          unitId: tree.county,
          year: 2026,
          subjectType: 'MEMBER',
          name: '方案',
          thresholds: [10, 20, 30, 40, 50],
          criteria: [{ code: 'A', title: '\u3000', kind: 'REGULAR', points: 10 }],
        },
      },
    );
    expect(s.body.data.createStarScheme.userErrors).toEqual([
      { field: ['input', 'criteria', '0', 'title'], code: 'BAD_USER_INPUT' },
    ]);
  });
});

describe('cursors whose contents do not fit the list', () => {
  const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const MEMBERS = 'members(includeDescendants: true, after: $a) { totalCount }';
  const POSTS = 'posts(after: $a) { totalCount }';
  const CHILDREN = 'children(after: $a) { totalCount }';
  const MATTERS = 'villageMatters(after: $a) { totalCount }';
  test.each([
    ['text where the list sorts by number', MEMBERS, cursor(['abc', 'def'])],
    ['a fraction where an id is', MEMBERS, cursor(['东村', 1.5])],
    ['a number too large for any column', MEMBERS, cursor(['a', 2 ** 53 + 2])],
    ['a NUL inside', MEMBERS, cursor(['\u0000', 1])],
    ['not a cursor at all', MEMBERS, 'bm90LWEtY3Vyc29y'],
    ['a date that is no date', POSTS, cursor(['2026-13-45', 1])],
    ['text where a date is', POSTS, cursor(['abc', 'def'])],
    ['text where an id is', CHILDREN, cursor(['x', 'y'])],
    ['a cursor of another list', MATTERS, cursor(['abc', 1])],
  ])('%s: BAD_USER_INPUT on after', async (_what, list, after) => {
    const r = await gql(`query($id: ID!, $a: String) { node(id: $id) { ... on OrgUnit { ${list} } } }`, {
      id: tree.county,
      a: after,
    });
    expect({ code: first(r)?.extensions?.code, argument: first(r)?.extensions?.argument }).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'after',
    });
    expect(first(r).path).toEqual(['node', list.split('(')[0]]);
    expect(r.status).toBe(200); // a field error: the rest of the query answers
  });
});

describe('integers that feed date or SQL arithmetic are bounded by their validators', () => {
  test.each([
    ['maxAge 2^31−1', { maxAge: 2147483647 }, ['filter', 'maxAge']],
    ['minAge 2^31−1', { minAge: 2147483647 }, ['filter', 'minAge']],
    ['minAge −1', { minAge: -1 }, ['filter', 'minAge']],
    ['maxAge −2^31', { maxAge: -2147483648 }, ['filter', 'maxAge']],
  ])('a member filter with %s', async (_what, filter, field) => {
    const r = await gql(
      `query($id: ID!, $f: MemberFilterInput) { node(id: $id) { ... on OrgUnit { members(filter: $f, includeDescendants: true) { totalCount } } } }`,
      { id: tree.county, f: filter },
    );
    expect({ code: first(r)?.extensions?.code, field: first(r)?.extensions?.field }).toEqual({
      code: 'BAD_USER_INPUT',
      field,
    });
  });

  test('a value once found valid is known; a wrong one beside it is refused every time', async () => {
    const q = `query($id: ID!, $f: MemberFilterInput) { node(id: $id) { ... on OrgUnit { members(filter: $f, includeDescendants: true) { totalCount } } } }`;
    for (let i = 0; i < 2; i++) {
      const ok = await gql(q, { id: tree.county, f: { maxAge: 60 } });
      expect(ok.body.errors).toBeUndefined();
      const refused = await gql(q, { id: tree.county, f: { maxAge: 2147483647 } });
      expect(first(refused)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['filter', 'maxAge'] });
    }
  });

  test('descendants(maxDepth: 2^31−1)', async () => {
    const r = await gql(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { descendants(maxDepth: 2147483647) { totalCount } } } }`,
      {
        id: tree.county,
      },
    );
    expect(first(r)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxDepth' });
  });

  test.each([
    ['−1', -1],
    ['0', 0],
    ['2^31−1', 2147483647],
  ])('a star scheme for year %s, and grades fixed for it', async (_what, year) => {
    const before = await counts();
    const s = await gql(
      `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { userErrors { field code } } }`,
      {
        i: {
          unitId: tree.county,
          year,
          subjectType: 'MEMBER',
          name: '方案',
          thresholds: [10, 20, 30, 40, 50],
          criteria: [{ code: 'A', title: '志愿服务', kind: 'REGULAR', points: 10 }],
        },
      },
    );
    expect(s.body.data.createStarScheme.userErrors).toEqual([{ field: ['input', 'year'], code: 'BAD_USER_INPUT' }]);
    const f = await gql(
      `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { userErrors { field code } } }`,
      { i: { unitId: tree.village1, subjectType: 'MEMBER', year, quarter: 3 } },
    );
    expect(f.body.data.fixStarGrades.userErrors).toEqual([{ field: ['input', 'year'], code: 'BAD_USER_INPUT' }]);
    expect(await counts()).toEqual(before);
  });
});
