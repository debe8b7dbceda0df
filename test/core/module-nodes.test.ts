import { getMetadataStorage } from 'type-graphql';
import { Role } from '../../src/auth/roles';
import { ScopedNode } from '../../src/auth/scope';
import { toGlobalId } from '../../src/graphql/global-id';
import { Node } from '../../src/graphql/node';
import { accountWith } from '../support/helpers';
import { idFor } from '../support/people';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit } from '../support/tree';

/**
 * Every refetchable object a module declares is scoped to a unit: walked over every Node type of
 * every installed module, `node(id)` of an object in the demo county answers null to every role held
 * in another county, and the object itself to the deployment's administrator (so the walk can fail).
 */
let t: TestApp;
const outsiders: [Role, string][] = [];

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  const [city] = await t.app.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL`);
  const cityId = toGlobalId('OrgUnit', city.id);
  const county = await createUnit(t, { code: 'XX', name: '外县县委', kind: 'COUNTY_COMMITTEE', parentId: cityId });
  const township = await createUnit(t, {
    code: 'XX-T',
    name: '外镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: county,
  });
  const station = await createUnit(t, { code: 'XX-S', name: '外站', kind: 'WORK_STATION', parentId: township });
  const village = await createUnit(t, {
    code: 'XX-V',
    name: '外村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: station,
  });
  const member = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: '外村党员',
        idCardNumber: idFor('1980-01-01', true, 7),
        category: 'RURAL',
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        branchId: village,
      },
    },
  );
  const grants: [Role, string, string | null][] = [
    [Role.ADMIN, county, null],
    [Role.ANALYST, county, null],
    [Role.SECRETARY, village, null],
    [Role.STATION_STAFF, station, null],
    [Role.MEMBER, village, member.data.createMember.member.id],
  ];
  for (const [role, unit, memberId] of grants) {
    await accountWith(t, `outside-${role.toLowerCase()}`, role, unit, memberId);
    outsiders.push([role, `outside-${role.toLowerCase()}`]);
  }
});
afterAll(() => t?.close());

/** Every Node type the installed modules declare, with the table behind it. */
function moduleNodeTypes() {
  const storage = getMetadataStorage();
  return t.app.registry.modules.flatMap((m) =>
    [...m.entities, ...m.types].flatMap((cls) => {
      const meta = storage.objectTypes.find((o) => o.target === cls);
      return meta?.interfaceClasses?.includes(Node) ? [{ module: m.name, type: meta.name, cls }] : [];
    }),
  );
}

test('the walk covers every module, and every module Node type is a ScopedNode', () => {
  const types = moduleNodeTypes();
  expect(new Set(types.map((x) => x.module))).toEqual(new Set(t.app.registry.names));
  for (const { cls } of types) expect(cls.prototype).toBeInstanceOf(ScopedNode);
});

test('node(id) of a module object outside the viewer’s subtree is null for every role', async () => {
  const checked: string[] = [];
  for (const { type, cls } of moduleNodeTypes()) {
    const table = t.app.db.getMetadata(cls).tableName;
    // A star scheme is read by everyone it grades (issue 15, item 12): the city's schemes are read in
    // every county under the city (see below), so the walk takes one a county adopted for itself.
    const [row] = await t.app.db.query(
      type === 'StarScheme'
        ? `SELECT min(s.id) AS id FROM sr_scheme s JOIN org_unit u ON u.id = s.unit_id WHERE u.kind = 'COUNTY_COMMITTEE'`
        : `SELECT min(id) AS id FROM ${table}`,
    );
    // The demo data must hold one of each, or this walk would pass without looking.
    expect({ type, demoRow: row.id !== null }).toEqual({ type, demoRow: true });
    const id = toGlobalId(type, row.id);
    const query = `query($id: ID!) { node(id: $id) { id } }`;
    expect({ type, seen: (await t.execute(query, { id })).data.node }).toEqual({ type, seen: { id } });
    for (const [role, username] of outsiders) {
      const r = await (await t.as(username))(query, { id });
      expect({ type, role, errors: r.errors, node: r.data?.node }).toEqual({
        type,
        role,
        errors: undefined,
        node: null,
      });
    }
    checked.push(type);
  }
  expect(checked.length).toBeGreaterThanOrEqual(11);
});

test('a star scheme the city adopted is read in every county under it, by every role there (issue 15, item 12)', async () => {
  const [row] = await t.app.db.query(
    `SELECT min(s.id) AS id FROM sr_scheme s JOIN org_unit u ON u.id = s.unit_id WHERE u.kind = 'CITY_COMMITTEE'`,
  );
  expect(row.id).not.toBeNull();
  const id = toGlobalId('StarScheme', row.id);
  for (const [role, username] of outsiders) {
    const r = await (await t.as(username))(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect({ role, errors: r.errors, node: r.data?.node }).toEqual({ role, errors: undefined, node: { id } });
  }
});
