import { Role } from '../../src/auth/roles';
import { accountWith, codeOf } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/** Malformed and hostile requests each get their code, and nothing is written. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { COST_BUDGET_PER_HOUR: '60000' } });
});
afterAll(() => t?.close());

const counts = async () =>
  (
    await t.app.db.query(`SELECT (SELECT count(*) FROM member)::int AS m, (SELECT count(*) FROM org_unit)::int AS u`)
  )[0];

test('wrong types are refused before anything runs', async () => {
  const r = await t.execute(`query($f: Int) { orgUnits(first: $f) { totalCount } }`, { f: 'twenty' });
  expect(codeOf(r)).toBe('BAD_USER_INPUT');
  const lit = await t.execute(`{ orgUnits(first: "twenty") { totalCount } }`);
  expect(codeOf(lit)).toBe('BAD_USER_INPUT');
  const e = await t.execute(`{ orgUnits(kinds: [VILLAGE]) { totalCount } }`);
  expect(codeOf(e)).toBe('BAD_USER_INPUT');
});

test('huge strings are refused with the path of the field, and nothing is written', async () => {
  const before = await counts();
  const county = (await t.execute(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit.id;
  const create = (name: string) =>
    t.execute(
      `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id } userErrors { field code } } }`,
      { i: { code: 'HUGE', name, kind: 'BRANCH', parentId: county } },
    );
  // Over the bound on every string (MAX_STRING_LENGTH): refused before the mutation runs.
  const huge = await create('长'.repeat(500_000));
  expect(huge.data).toBeUndefined();
  expect(huge.errors![0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: ['input', 'name'],
    limit: 10000,
    value: 500000,
  });
  // Over the field's own limit (200): a user error beside the field.
  const long = await create('长'.repeat(201));
  expect(long.data.createOrgUnit.userErrors).toEqual([{ field: ['input', 'name'], code: 'BAD_USER_INPUT' }]);
  expect(await counts()).toEqual(before);
});

test('deep nesting is refused with the limit and the value', async () => {
  let q = 'id';
  for (let i = 0; i < 20; i++) q = `parent { ${q} }`;
  const r = await t.execute(`{ orgUnit(code: "JB01") { ${q} } }`);
  expect(r.errors![0]).toMatchObject({
    message: 'Query depth is 22; the limit is 15',
    extensions: { code: 'QUERY_TOO_COMPLEX', limit: 15, value: 22 },
  });
});

test('alias floods and root-field floods are refused', async () => {
  const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { id }`).join(' ');
  expect((await t.execute(`{ ${aliases} }`)).errors![0]).toMatchObject({
    extensions: { code: 'QUERY_TOO_COMPLEX', limit: 30, value: 40 },
  });
  const roots = Array.from({ length: 21 }, () => `viewer { id }`).join(' ');
  expect(codeOf(await t.execute(`{ ${roots} }`))).toBe('QUERY_TOO_COMPLEX');
});

test('a query asking for 100 x 100 x 100 nodes is refused before it runs', async () => {
  const r = await t.execute(
    `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { members(first: 100) { nodes { name } } } } } } }`,
  );
  expect(r.errors![0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 500000, value: 1010100 } });
  expect(r.sql).toBe(0);
});

test('a token flood is refused by the parser', async () => {
  const r = await t.execute(`{ viewer { ${'id '.repeat(12_000)} } }`);
  expect(codeOf(r)).toBe('QUERY_TOO_COMPLEX');
});

test('the hourly budget runs out with RATE_LIMITED and a retry time; extensions.cost says what is left', async () => {
  // An account of its own: the budget is per account, and this test spends all of it.
  await accountWith(t, 'spender', Role.ANALYST, null);
  const spender = await t.as('spender');
  const q = `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { id } } } } }`; // 10,100 nodes
  const first = await spender(q);
  expect(first.errors).toBeUndefined();
  expect(first.extensions!.cost).toMatchObject({ requested: 10100, limit: 500000, remaining: 60000 - 10100 });
  const results = [first];
  for (let i = 0; i < 6; i++) results.push(await spender(q));
  // Five fit in 60,000 (50,500); the sixth would need 60,600.
  expect(results.map((r) => codeOf(r) ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED', 'RATE_LIMITED']);
  expect(results[5].errors![0].extensions).toMatchObject({
    code: 'RATE_LIMITED',
    retryAfterSeconds: expect.any(Number),
  });
  // Another account's budget is its own.
  expect((await t.execute(`{ viewer { id } }`)).errors).toBeUndefined();
});
