import path from 'node:path';
import { loadModules } from '../../src/module-system/loader';
import { createTestApp, type TestApp } from '../support/test-app';
import { codeOf, enableModule } from '../support/helpers';
import { smallCounty } from '../support/tree';

/**
 * A mutation that never checks a unit, or a module's mutation that never finds its module on for a
 * unit, is refused by the core: nothing is written, the caller gets an internal error with a request
 * id (it is a defect in the module, not the caller's fault), and the refusal is audited.
 */
let t: TestApp;
let unit: string;
beforeAll(async () => {
  t = await createTestApp({ modules: loadModules(['careless'], path.join(__dirname, '..', 'fixtures', 'modules')) });
  unit = (await smallCounty(t)).village1;
  await enableModule(t, unit, 'careless');
});
afterAll(() => t?.close());

const rows = async () => (await t.app.db.query(`SELECT count(*)::int AS n FROM cl_row`))[0].n;
const lastAudit = async (operation: string) =>
  (
    await t.app.db.query(`SELECT outcome, error_codes FROM audit_event WHERE operation = $1 ORDER BY id DESC LIMIT 1`, [
      operation,
    ])
  )[0];

test.each(['carelessWrite', 'carelessSelf'])('%s is refused, writes nothing and is audited', async (name) => {
  const r = await t.execute(`mutation($i: CarelessInput!) { ${name}(input: $i) { written userErrors { code } } }`, {
    i: { unitId: unit },
  });
  expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
  expect(await rows()).toBe(0);
  expect(await lastAudit(name)).toEqual({ outcome: 'DENIED', error_codes: ['INTERNAL_SERVER_ERROR'] });
});
