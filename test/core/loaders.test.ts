import { In } from 'typeorm';
import { LoaderRegistry } from '../../src/graphql/loaders';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * `byId` reads rows with a statement built once per entity and turns them into entities as TypeORM's
 * `find` does (src/graphql/loaders.ts): for every entity with an `id`, the same objects as `find`.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t?.close());

test('byId answers every entity as find does: same class, same values, null for a missing id', async () => {
  const compared: string[] = [];
  for (const metadata of t.app.db.entityMetadatas) {
    if (metadata.tableType !== 'regular' || metadata.findColumnWithPropertyName('id') === undefined) continue;
    const repository = t.app.db.getRepository(metadata.target);
    const last = await repository
      .createQueryBuilder('x')
      .select('x.id', 'id')
      .orderBy('x.id', 'DESC')
      .limit(3)
      .getRawMany();
    if (last.length === 0) continue;
    const ids = last.map((r: { id: number }) => r.id);
    const found = await repository.find({ where: { id: In(ids) } });
    const rows = ids.map((id) => found.find((r) => (r as { id: number }).id === id));
    const loaders = new LoaderRegistry(() => t.app.db.manager);
    const loaded = await loaders.byId(metadata.target).loadMany([...ids, 2_000_000_000]);
    expect(loaded.slice(0, ids.length)).toEqual(rows);
    for (const row of loaded.slice(0, ids.length))
      expect(Object.getPrototypeOf(row)).toBe(Object.getPrototypeOf(rows[0]));
    expect(loaded[ids.length]).toBeNull();
    compared.push(metadata.name);
  }
  // The demo has rows in the core's tables and the modules' (members, units, reports, issues, …).
  expect(compared).toEqual(expect.arrayContaining(['Member', 'OrgUnit', 'Account', 'MembershipPeriod']));
  expect(compared.length).toBeGreaterThan(20);
});

test("a connection's page and its nodes' rows come in one statement, for one parent and for many", async () => {
  const ask = (fields: string) =>
    t.execute(`{ orgUnit(code: "JB01") { children(first: 20) { totalCount nodes { ${fields} } } } }`);
  const idsOnly = await ask('id');
  const rows = await ask('id name code kind establishedOn');
  expect(rows.errors).toBeUndefined();
  expect(rows.data.orgUnit.children.nodes.length).toBeGreaterThan(1);
  expect(rows.data.orgUnit.children.nodes.map((n: { id: string }) => n.id)).toEqual(
    idsOnly.data.orgUnit.children.nodes.map((n: { id: string }) => n.id),
  );
  // The unit, then the page with its rows: nothing more for the names.
  expect(rows.sql).toBe(2);
  const nested = await t.execute(
    `{ orgUnit(code: "JB01") { children(first: 20) { nodes { name children(first: 5) { nodes { name } } } } } }`,
  );
  expect(nested.errors).toBeUndefined();
  expect(nested.sql).toBe(3);
});
