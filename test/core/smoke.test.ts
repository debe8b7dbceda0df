import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t?.close());

test('the demo county answers a nested query', async () => {
  const r = await t.execute(`{
    orgUnits(kinds: [COUNTY_COMMITTEE]) { totalCount nodes { id name memberStats { total shareAged60AndOver }
      children(first: 3) { nodes { name kind } } } }
  }`);
  expect(r.errors).toBeUndefined();
  console.log(JSON.stringify(r.data, null, 1), r.sql);
});
