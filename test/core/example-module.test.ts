import path from 'node:path';
import { Role } from '../../src/auth/roles';
import { loadModules } from '../../src/module-system/loader';
import { accountWith, codeOf, enableModule } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';

/**
 * The example module of docs/MODULES.md (test/fixtures/modules/notes), installed as a deployment
 * installs a module: its migration runs, its mutation and OrgUnit fields answer where it is on, the
 * core refuses it where it is off, and its objects are visible only inside the viewer's subtree.
 */
const notes = loadModules(['notes'], path.join(__dirname, '..', 'fixtures', 'modules'))[0];

const ADD = `mutation($i: AddNoteInput!) {
  addNote(input: $i) { note { id body writtenOn unit { name } } userErrors { field code message } }
}`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Note { body } } }`;

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;

beforeAll(async () => {
  t = await createTestApp({ modules: [notes], now: '2026-12-01' });
  tree = await smallCounty(t, 'N');
  // On for the county; its second station opts out (the nearest setting decides).
  await enableModule(t, tree.county, 'notes', true);
  await enableModule(t, tree.stationB, 'notes', false);
  await accountWith(t, 'secretary-v1', Role.SECRETARY, tree.village1);
  await accountWith(t, 'secretary-v2', Role.SECRETARY, tree.village2);
  await accountWith(t, 'analyst-county', Role.ANALYST, tree.county);
});
afterAll(() => t?.close());

const rows = async (): Promise<number> =>
  (await t.app.db.query(`SELECT count(*)::int AS n FROM nt_note`))[0].n as number;

test('where the module is on, addNote writes a note dated by the clock, and the OrgUnit fields count it', async () => {
  const write = await t.as('secretary-v1');
  const r = await write(ADD, { i: { unitId: tree.village1, body: '  召开支部党员大会，讨论换届。 ' } });
  expect(r.errors).toBeUndefined();
  expect(r.data.addNote).toEqual({
    note: {
      id: expect.any(String),
      body: '召开支部党员大会，讨论换届。',
      writtenOn: '2026-12-01',
      unit: { name: '东村党支部' },
    },
    userErrors: [],
  });

  const county = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on OrgUnit { noteCount notes(first: 5) { totalCount } } } }`,
    { id: tree.county },
  );
  expect(county.errors).toBeUndefined();
  // The county counts the notes of its whole subtree; its own list holds the notes written on it.
  expect(county.data.node).toEqual({ noteCount: 1, notes: { totalCount: 0 } });
  const village = await t.execute(`query($id: ID!) { node(id: $id) { ... on OrgUnit { notes { nodes { body } } } } }`, {
    id: tree.village1,
  });
  expect(village.data.node.notes.nodes).toEqual([{ body: '召开支部党员大会，讨论换届。' }]);
});

test('a broken rule is a user error and nothing is written: the policy limit, an empty note', async () => {
  const before = await rows();
  const long = await t.execute(ADD, { i: { unitId: tree.village2, body: '长'.repeat(501) } });
  expect(long.data.addNote).toEqual({
    note: null,
    userErrors: [{ field: ['input', 'body'], code: 'BAD_USER_INPUT', message: '便签最多 500 个字符' }],
  });
  const empty = await t.execute(ADD, { i: { unitId: tree.village2, body: '' } });
  expect(empty.data.addNote.userErrors).toEqual([
    expect.objectContaining({ field: ['input', 'body'], code: 'BAD_USER_INPUT' }),
  ]);
  expect(await rows()).toBe(before);
});

test('where the module is off, the core refuses addNote with MODULE_DISABLED and its fields with it', async () => {
  const before = await rows();
  const r = await t.execute(ADD, { i: { unitId: tree.village3, body: '关了也写？' } });
  expect(codeOf(r)).toBe('MODULE_DISABLED');
  expect(r.data).toBeNull();
  expect(await rows()).toBe(before);
  // The refusal is audited like any other.
  const [audit] = await t.app.db.query(
    `SELECT outcome, error_codes FROM audit_event WHERE operation = 'addNote' ORDER BY id DESC LIMIT 1`,
  );
  expect(audit).toEqual({ outcome: 'REJECTED', error_codes: ['MODULE_DISABLED'] });

  const field = await t.execute(`query($id: ID!) { node(id: $id) { ... on OrgUnit { name noteCount } } }`, {
    id: tree.village3,
  });
  expect(field.data.node).toEqual({ name: '南村党支部', noteCount: null });
  expect(codeOf(field)).toBe('MODULE_DISABLED');
});

test('node(id) of a note is null for a viewer outside its unit, the note itself for readers of the unit', async () => {
  const write = await t.as('secretary-v1');
  const added = await write(ADD, { i: { unitId: tree.village1, body: '只给本支部看。' } });
  const id = added.data.addNote.note.id;

  const outside = await (await t.as('secretary-v2'))(NODE, { id });
  expect(outside.errors).toBeUndefined();
  expect(outside.data.node).toBeNull();

  for (const reader of ['secretary-v1', 'analyst-county']) {
    const seen = await (await t.as(reader))(NODE, { id });
    expect(seen.data.node).toEqual({ id, body: '只给本支部看。' });
  }
});

test('a viewer outside the unit cannot write there either: NOT_FOUND (as if it did not exist), audited, nothing written', async () => {
  const before = await rows();
  const r = await (await t.as('secretary-v2'))(ADD, { i: { unitId: tree.village1, body: '越权' } });
  expect(r.data.addNote.userErrors).toEqual([
    { code: 'NOT_FOUND', field: ['input', 'unitId'], message: 'unitId不存在' },
  ]);
  const [audited] = await t.app.db.query(`SELECT outcome, error_codes FROM audit_event WHERE request_id = $1`, [
    r.extensions?.requestId,
  ]);
  expect(audited).toEqual({ outcome: 'REJECTED', error_codes: ['NOT_FOUND'] });
  expect(await rows()).toBe(before);
});
