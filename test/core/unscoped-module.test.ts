import path from 'node:path';
import { loadModules } from '../../src/module-system/loader';
import { ModuleRegistry, ModuleRegistryError } from '../../src/module-system/registry';
import { CORE } from '../../src/schema';
import { createTestApp } from '../support/test-app';

/**
 * A module whose Node type has no unit scope would be readable by every signed-in account, so the
 * registry refuses it before anything else starts. Kept in its own file: type-graphql keeps every
 * Node implementation it has seen, and this one must not reach another test's schema.
 */
const unscoped = loadModules(['unscoped-node'], path.join(__dirname, '..', 'fixtures', 'modules'))[0];
const MESSAGE =
  'Module "unscoped-node" declares the Node type "UnscopedThing" without a unit scope: extend ScopedNode (from the module kit) and say which unit it belongs to';

test('the registry refuses a module Node type that does not extend ScopedNode, naming the module and the type', () => {
  expect(() => ModuleRegistry.create([unscoped], CORE)).toThrow(new ModuleRegistryError(MESSAGE));
});

test('so the application does not start with it', async () => {
  await expect(createTestApp({ modules: [unscoped] })).rejects.toThrow(MESSAGE);
});
