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
    message: expect.stringMatching(/^查询嵌套了 22 层，上限是 15 层：最深的一支是 orgUnit\.parent/),
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

test('the hourly budget is charged what an operation produced; RATE_LIMITED with a retry time when a price no longer fits', async () => {
  // An account of its own: the budget is per account, and this test spends all of it.
  await accountWith(t, 'spender', Role.ANALYST, null);
  const spender = await t.as('spender');
  // Priced at its pages' sizes (about 10,100 nodes); produces what the demo county has in them.
  const q = `{ orgUnit(code: "JB01") { descendants(first: 100) { nodes { members(first: 100) { nodes { id } } } } } }`;
  let remaining = 60000;
  let requested = 0;
  const spent: number[] = [];
  let refused: Awaited<ReturnType<typeof spender>> | undefined;
  for (let i = 0; i < 200 && !refused; i++) {
    const r = await spender(q);
    if (codeOf(r) === 'RATE_LIMITED') refused = r;
    else {
      expect(r.errors).toBeUndefined();
      const cost = r.extensions!.cost as { requested: number; actual: number; remaining: number; limit: number };
      requested = cost.requested;
      expect(cost.limit).toBe(500000);
      // Taken at its price up front, then given back what it did not produce.
      expect(cost.actual).toBeGreaterThan(100);
      expect(cost.actual).toBeLessThan(cost.requested);
      expect(cost.remaining).toBe(remaining - cost.actual);
      remaining = cost.remaining;
      spent.push(cost.actual);
    }
  }
  // Far more operations fit than their prices would allow (60,000 / 10,100 = 5), and the refusal
  // comes exactly when the price no longer fits what is left.
  expect(spent.length).toBeGreaterThan(5);
  expect(refused).toBeDefined();
  expect(remaining).toBeLessThan(requested);
  expect(refused!.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  // Another account's budget is its own.
  expect((await t.execute(`{ viewer { id } }`)).errors).toBeUndefined();
});
