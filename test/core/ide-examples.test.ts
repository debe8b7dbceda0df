import { EXAMPLES } from '../../src/ide/client/examples';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The IDE's example tabs are the first queries a county analyst runs: each must answer on the demo
 * county without an error, as the deployment administrator and as the county's analyst.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
}, 180_000);
afterAll(() => t?.close());

const titled = EXAMPLES.map((e) => [e.query.split('\n')[0], e.query] as const);

describe.each(titled)('%s', (_title, query) => {
  it('answers as the administrator and as the analyst, without errors', async () => {
    const admin = await t.execute(query);
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toBeTruthy();
    const analyst = await (await t.as('analyst'))(query);
    expect(analyst.errors).toBeUndefined();
  });
});
