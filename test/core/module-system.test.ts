import path from 'node:path';
import { CORE } from '../../src/schema';
import { availableModules, loadModules } from '../../src/module-system/loader';
import { ModuleRegistry, ModuleRegistryError } from '../../src/module-system/registry';
import { defineModule } from '../../src/module-system/define-module';
import { createTestApp, type TestApp } from '../support/test-app';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'modules');
const fixture = (name: string) => loadModules([name], FIXTURES)[0];

describe('the registry refuses bad module sets at start-up', () => {
  test('two modules declaring the same field on a core type: the error names both', () => {
    expect(() => ModuleRegistry.create([fixture('notes'), fixture('duplicate-notes')], CORE)).toThrow(
      new ModuleRegistryError(
        'Field "OrgUnit.noteCount" is declared by both module "duplicate-notes" and module "notes"',
      ),
    );
  });

  test('a module redeclaring a core field', () => {
    expect(() => ModuleRegistry.create([fixture('core-clash')], CORE)).toThrow(
      'Field "OrgUnit.name" is declared by both the core and module "core-clash"',
    );
  });

  test('a missing dependency names both modules', () => {
    expect(() => ModuleRegistry.create([fixture('needs-missing')], CORE)).toThrow(
      'Module "needs-missing" depends on module "weekly-reports", which is not installed',
    );
  });

  test('duplicate names, cycles and bad names', () => {
    const a = defineModule({ name: 'a', title: 'A', description: 'a', dependsOn: ['b'] });
    const b = defineModule({ name: 'b', title: 'B', description: 'b', dependsOn: ['a'] });
    expect(() => ModuleRegistry.create([a, a], CORE)).toThrow('Two modules are named "a"');
    expect(() => ModuleRegistry.create([a, b], CORE)).toThrow('cycle');
    expect(() => defineModule({ name: 'Weekly Reports', title: 'x', description: 'x' })).toThrow('lower-case');
  });

  test('a module publishes to members only OrgUnit fields it declares itself', () => {
    const notes = fixture('notes');
    expect(() => ModuleRegistry.create([{ ...notes, memberUnitFields: ['name'] }], CORE)).toThrow(
      'Module "notes" publishes OrgUnit.name to members, but does not declare that field',
    );
    expect(ModuleRegistry.create([{ ...notes, memberUnitFields: ['noteCount'] }], CORE).memberUnitFields).toEqual([
      'noteCount',
    ]);
  });

  test('dependencies come first in the module order', () => {
    const base = defineModule({ name: 'base', title: 'B', description: 'b' });
    const top = defineModule({ name: 'top', title: 'T', description: 't', dependsOn: ['base'] });
    expect(ModuleRegistry.create([top, base], CORE).names).toEqual(['base', 'top']);
  });

  test('MODULES naming an unknown module is refused with the list of available ones', () => {
    expect(availableModules(FIXTURES)).toEqual([
      'careless',
      'core-clash',
      'duplicate-notes',
      'needs-missing',
      'notes',
      'unscoped-node',
    ]);
    expect(() => loadModules(['nope'], FIXTURES)).toThrow(
      'MODULES names unknown modules: nope (available: careless, core-clash, duplicate-notes, needs-missing, notes, unscoped-node)',
    );
  });
});

describe('a module that plugs in', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ modules: [fixture('notes')], seed: 'demo' });
    const r = await t.execute(`{
      county: orgUnit(code: "JB01") { id }
      townships: orgUnits(kinds: [TOWNSHIP_COMMITTEE], first: 2) { nodes { id code } }
    }`);
    ids.county = r.data.county.id;
    [ids.townshipA, ids.townshipB] = r.data.townships.nodes.map((n: any) => n.id);
  });
  afterAll(() => t?.close());

  const villagesOf = async (townshipId: string) => {
    const r = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit {
      descendants(kinds: [BRANCH], sectors: [RURAL], first: 3) { nodes { name noteCount } } } } }`,
      { id: townshipId },
    );
    return r;
  };

  test('its migration ran and its seed loaded, its field answers where it is on', async () => {
    const r = await t.execute(
      `{ modules { name title } orgUnit(code: "JB01") { noteCount modules { module { name } enabled explicit decidedBy { code } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.modules).toEqual([{ name: 'notes', title: '笔记 Notes (fixture)' }]);
    expect(r.data.orgUnit.noteCount).toBe(1);
    expect(r.data.orgUnit.modules).toEqual([
      { module: { name: 'notes' }, enabled: true, explicit: true, decidedBy: { code: 'JB01' } },
    ]);
  });

  test("county on, one township off: its villages are off, another township's are on", async () => {
    const off = await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "notes", enabled: false }) {
      orgUnit { modules { enabled explicit } } userErrors { code } } }`,
      { u: ids.townshipA },
    );
    expect(off.data.setModuleEnabled).toEqual({
      orgUnit: { modules: [{ enabled: false, explicit: true }] },
      userErrors: [],
    });

    const a = await villagesOf(ids.townshipA);
    expect(a.data.node.descendants.nodes.length).toBeGreaterThan(0);
    expect(a.data.node.descendants.nodes.every((n: any) => n.noteCount === null)).toBe(true);
    expect(a.errors!.every((e) => e.extensions?.code === 'MODULE_DISABLED')).toBe(true);
    expect(a.errors).toHaveLength(a.data.node.descendants.nodes.length);
    // Said so that a person can act on it: which module, which unit, and who switches it on.
    expect(a.errors![0].extensions).toMatchObject({ code: 'MODULE_DISABLED', reason: 'MODULE_OFF', module: 'notes' });
    expect(a.errors![0].message).toMatch(
      /^“笔记”模块未对.+启用：请.+或其上级组织的管理员在“模块设置”（setModuleEnabled）中开启$/,
    );
    // The other fields of the same query still answer.
    expect(a.data.node.descendants.nodes.every((n: any) => typeof n.name === 'string')).toBe(true);

    const b = await villagesOf(ids.townshipB);
    expect(b.errors).toBeUndefined();
    expect(b.data.node.descendants.nodes.every((n: any) => n.noteCount === 0)).toBe(true);

    const state = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { descendants(first: 1, kinds: [BRANCH], sectors: [RURAL]) {
      nodes { modules { enabled explicit decidedBy { code } } } } } } }`,
      { id: ids.townshipB },
    );
    expect(state.data.node.descendants.nodes[0].modules).toEqual([
      { enabled: true, explicit: false, decidedBy: { code: 'JB01' } },
    ]);
  });

  test('clearing a setting inherits again; an unknown module is a user error', async () => {
    const clear = await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "notes", enabled: null }) { userErrors { code } } }`,
      { u: ids.townshipA },
    );
    expect(clear.data.setModuleEnabled.userErrors).toEqual([]);
    expect((await villagesOf(ids.townshipA)).errors).toBeUndefined();

    const unknown = await t.execute(
      `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "weekly-reports", enabled: true }) {
      orgUnit { id } userErrors { code field message } } }`,
      { u: ids.townshipA },
    );
    expect(unknown.data.setModuleEnabled).toEqual({
      orgUnit: null,
      userErrors: [
        {
          code: 'BAD_USER_INPUT',
          field: ['input', 'module'],
          message: '没有安装名为“weekly-reports”的模块（已安装：notes）',
        },
      ],
    });
  });

  test('module settings are resolved in one statement for many units', async () => {
    const r = await t.execute(`{ orgUnits(first: 100) { nodes { modules { enabled } noteCount } } }`);
    // orgUnits: ids + rows; module settings: 1; noteCount: settings cached + 1.
    expect(r.sql).toBeLessThanOrEqual(4);
  });
});
