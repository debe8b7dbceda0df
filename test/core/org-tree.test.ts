import { enumLabel } from '../../src/graphql/enum';
import { OrgUnitKind } from '../../src/org/enums';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';

/**
 * The shared county (codes TC…) is only read or refused changes; a test that moves, renames or
 * dissolves units does it in a county of its own (`ownCounty`, codes M1C…, M2C…).
 */
const TODAY = '2026-11-25';
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;
beforeAll(async () => {
  // The tree's own rules, with no module keeping figures: how closed periods hold tree changes back
  // is test/core/figures-engine.test.ts and figures-history.test.ts.
  t = await createTestApp({ now: TODAY, modules: [] });
  tree = await smallCounty(t);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A small county of the test's own; `code('T1-S2')` is the code of one of its units. */
async function ownCounty() {
  const prefix = `M${++seq}`;
  const units = await smallCounty(t, prefix);
  return { ...units, root: `${prefix}C`, code: (suffix: string) => `${prefix}C-${suffix}` };
}

const CREATE = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { orgUnit { id path: code } userErrors { field message code } } }`;
const MOVE = `mutation($input: MoveOrgUnitInput!) { moveOrgUnit(input: $input) { orgUnit { id depth parent { code } } userErrors { field message code } } }`;
const count = async (sql: string, params: unknown[] = []) => Number((await t.app.db.query(sql, params))[0].n);

describe('where a unit may sit', () => {
  test.each([
    ['a party group under a township', 'PARTY_GROUP', 'township', '党小组不能设在乡镇党委之下'],
    ['a work station under a county', 'WORK_STATION', 'county', '党建工作站不能设在县（区）委之下'],
    ['a township under a work station', 'TOWNSHIP_COMMITTEE', 'stationA', '乡镇党委不能设在党建工作站之下'],
  ])('%s is refused', async (_label, kind, parent, message) => {
    const r = await t.execute(CREATE, {
      input: { code: `X-${kind}`, name: 'x', kind, parentId: (tree as any)[parent] },
    });
    expect(r.data.createOrgUnit.orgUnit).toBeNull();
    expect(r.data.createOrgUnit.userErrors).toEqual([
      { field: ['input', 'parentId'], code: 'BAD_USER_INPUT', message: expect.stringContaining(message) },
    ]);
  });

  test('a province committee is a root over city committees, and holds nothing else directly', async () => {
    const province = await t.execute(CREATE, {
      input: { code: 'PROV', name: '中共江南省委员会', kind: 'PROVINCE_COMMITTEE', establishedOn: '2000-01-01' },
    });
    expect(province.data.createOrgUnit.userErrors).toEqual([]);
    const provinceId = province.data.createOrgUnit.orgUnit.id;
    const city = await t.execute(CREATE, {
      input: { code: 'PROV-C1', name: '中共江北市委员会', kind: 'CITY_COMMITTEE', parentId: provinceId },
    });
    expect(city.data.createOrgUnit.userErrors).toEqual([]);
    for (const kind of ['COUNTY_COMMITTEE', 'BRANCH', 'GENERAL_BRANCH', 'GRASSROOTS_COMMITTEE', 'PROVINCE_COMMITTEE']) {
      const r = await t.execute(CREATE, { input: { code: `PROV-${kind}`, name: 'x', kind, parentId: provinceId } });
      expect(r.data.createOrgUnit.userErrors).toEqual([
        {
          field: ['input', 'parentId'],
          code: 'BAD_USER_INPUT',
          message: expect.stringContaining(`${enumLabel(OrgUnitKind, kind).zh}不能设在省委之下`),
        },
      ]);
    }
    const under = await t.execute(CREATE, {
      input: { code: 'PROV-X', name: 'x', kind: 'PROVINCE_COMMITTEE', parentId: city.data.createOrgUnit.orgUnit.id },
    });
    expect(under.data.createOrgUnit.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'parentId'],
    });
    // The database's own check knows the kind (migration 1764710000000-province).
    expect(await count(`SELECT count(*) AS n FROM org_unit WHERE kind = 'PROVINCE_COMMITTEE'`)).toBe(1);
  });

  test('a branch needs a parent; a duplicate code is a conflict; a bad code is bad input', async () => {
    const orphan = await t.execute(CREATE, { input: { code: 'ORPHAN', name: 'x', kind: 'BRANCH' } });
    expect(orphan.data.createOrgUnit.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'kind'] });
    const dup = await t.execute(CREATE, {
      input: { code: 'TC-V1', name: 'x', kind: 'BRANCH', parentId: tree.stationA },
    });
    expect(dup.data.createOrgUnit.userErrors).toEqual([
      { code: 'CONFLICT', field: ['input', 'code'], message: '组织代码 TC-V1 已被使用' },
    ]);
    const bad = await t.execute(CREATE, {
      input: { code: '含 空格', name: 'x', kind: 'BRANCH', parentId: tree.stationA },
    });
    expect(bad.data.createOrgUnit.userErrors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'code'] });
    const future = await t.execute(CREATE, {
      input: { code: 'FUT', name: 'x', kind: 'BRANCH', parentId: tree.stationA, establishedOn: '2999-01-01' },
    });
    expect(future.data.createOrgUnit.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'establishedOn'],
    });
    const badId = await t.execute(CREATE, {
      input: { code: 'BADID', name: 'x', kind: 'BRANCH', parentId: 'not-an-id' },
    });
    expect(badId.data.createOrgUnit.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'parentId'] });
    const tooLong = await t.execute(CREATE, {
      input: { code: 'LONG', name: 'x'.repeat(201), kind: 'BRANCH', parentId: tree.stationA },
    });
    expect(tooLong.data.createOrgUnit.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'name'],
    });
    expect(await count(`SELECT count(*) AS n FROM org_unit WHERE code IN ('ORPHAN','FUT','BADID','LONG')`)).toBe(0);
  });

  test("a party group takes its branch's sector", async () => {
    const r = await t.execute(`query($id: ID!) { node(id: $id) { ... on OrgUnit { sector kind parent { code } } } }`, {
      id: tree.group,
    });
    expect(r.data.node).toEqual({ sector: 'RURAL', kind: 'PARTY_GROUP', parent: { code: 'TC-V1' } });
  });
});

describe('reading the tree', () => {
  test('parent, ancestors (root first), children and descendants', async () => {
    const r = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit {
      depth parent { code } ancestors { code }
      township: ancestors { children(first: 5) { totalCount } }
    } } township: orgUnit(code: "TC-T1") {
      children { totalCount nodes { code } }
      descendants(kinds: [BRANCH]) { totalCount nodes { code } }
      shallow: descendants(maxDepth: 1) { totalCount }
    } }`,
      { id: tree.group },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.node.depth).toBe(4);
    expect(r.data.node.ancestors.map((a: any) => a.code)).toEqual(['TC', 'TC-T1', 'TC-T1-S1', 'TC-V1']);
    expect(r.data.township.children.nodes.map((n: any) => n.code)).toEqual(['TC-T1-S1', 'TC-T1-S2']);
    expect(r.data.township.descendants.nodes.map((n: any) => n.code)).toEqual(
      expect.arrayContaining(['TC-V1', 'TC-V2', 'TC-V3']),
    );
    expect(r.data.township.shallow.totalCount).toBe(2);
  });

  test('orgUnits filters by subtree, kind, sector and search, and finds by code', async () => {
    const r = await t.execute(
      `query($under: ID!) {
      villages: orgUnits(under: $under, kinds: [BRANCH], sectors: [RURAL]) { totalCount }
      search: orgUnits(under: $under, search: "西村") { nodes { code } }
      byCode: orgUnit(code: "TC-V3") { name }
      missing: orgUnit(code: "NOPE") { name }
    }`,
      { under: tree.county },
    );
    expect(r.data).toEqual({
      villages: { totalCount: 3 },
      search: { nodes: [{ code: 'TC-V2' }] },
      byCode: { name: '南村党支部' },
      missing: null,
    });
    const both = await t.execute(`{ orgUnit(id: "x", code: "y") { name } }`);
    expect(both.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('updating', () => {
  test('a stale version is a conflict and writes nothing; the right one bumps it', async () => {
    const own = await ownCounty();
    const UPDATE = `mutation($input: UpdateOrgUnitInput!) { updateOrgUnit(input: $input) { orgUnit { name version } userErrors { code field } } }`;
    const stale = await t.execute(UPDATE, { input: { id: own.village3, version: 7, name: '改名' } });
    expect(stale.data.updateOrgUnit).toEqual({
      orgUnit: null,
      userErrors: [{ code: 'CONFLICT', field: ['input', 'version'] }],
    });
    const ok = await t.execute(UPDATE, {
      input: { id: own.village3, version: 1, name: '南村党总支', shortName: '南村' },
    });
    expect(ok.data.updateOrgUnit).toEqual({ orgUnit: { name: '南村党总支', version: 2 }, userErrors: [] });
  });
});

describe('moving a subtree', () => {
  /** Moves the first village, with its party group, to the second station on 5 January 2026. */
  async function moveVillage1(own: Awaited<ReturnType<typeof ownCounty>>) {
    const r = await t.execute(MOVE, {
      input: { id: own.village1, newParentId: own.stationB, effectiveOn: '2026-01-05' },
    });
    expect(r.data.moveOrgUnit.userErrors).toEqual([]);
    return r.data.moveOrgUnit.orgUnit;
  }

  test('moving under its own subtree is refused; so is moving to a parent of the wrong kind', async () => {
    const cycle = await t.execute(MOVE, { input: { id: tree.township, newParentId: tree.stationA } });
    expect(cycle.data.moveOrgUnit.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'newParentId'],
      message: expect.stringContaining('组织不能移到自己下面'),
    });
    const self = await t.execute(MOVE, { input: { id: tree.stationA, newParentId: tree.stationA } });
    expect(self.data.moveOrgUnit.userErrors[0].message).toContain('组织不能移到自己下面');
    const kind = await t.execute(MOVE, { input: { id: tree.stationA, newParentId: tree.county } });
    expect(kind.data.moveOrgUnit.userErrors[0].message).toContain('党建工作站不能设在县（区）委之下');
  });

  test('a village with its party group moves to another station: paths in one go, history kept', async () => {
    const own = await ownCounty();
    expect(await moveVillage1(own)).toEqual({ id: own.village1, depth: 3, parent: { code: own.code('T1-S2') } });
    const q = await t.execute(
      `query($v: ID!, $g: ID!, $a: ID!) {
      v: node(id: $v) { ... on OrgUnit { history { validFrom validTo change parent { code } }
        before: parentOn(date: "2026-01-04") { code } after: parentOn(date: "2026-01-05") { code } } }
      g: node(id: $g) { ... on OrgUnit { ancestors { code } history { validFrom change } } }
      a: node(id: $a) { ... on OrgUnit { children { nodes { code } } } }
    }`,
      { v: own.village1, g: own.group, a: own.stationA },
    );
    expect(q.data.v.history).toEqual([
      { validFrom: '2000-01-01', validTo: '2026-01-05', change: 'CREATED', parent: { code: own.code('T1-S1') } },
      { validFrom: '2026-01-05', validTo: null, change: 'MOVED', parent: { code: own.code('T1-S2') } },
    ]);
    expect(q.data.v.before).toEqual({ code: own.code('T1-S1') });
    expect(q.data.v.after).toEqual({ code: own.code('T1-S2') });
    expect(q.data.g.ancestors.map((a: any) => a.code)).toEqual([
      own.root,
      own.code('T1'),
      own.code('T1-S2'),
      own.code('V1'),
    ]);
    expect(q.data.g.history.map((h: any) => h.change)).toEqual(['CREATED', 'ANCESTOR_MOVED']);
    expect(q.data.a.children.nodes.map((n: any) => n.code)).toEqual([own.code('V2')]);
    // Every path in the table still agrees with the parent chain.
    expect(
      await count(
        `SELECT count(*) AS n FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1`,
      ),
    ).toBe(0);
  });

  test('which units were under a station on a past day is answerable from the placements', async () => {
    const own = await ownCounty();
    await moveVillage1(own);
    const under = async (code: string, day: string) =>
      (
        await t.app.db.query(
          `SELECT u.code FROM org_unit_placement x JOIN org_unit s ON s.id = x.unit_id
         JOIN org_unit_placement p ON p.path > x.path AND p.path < x.path || '~' JOIN org_unit u ON u.id = p.unit_id
         WHERE s.code = $1 AND u.kind = 'BRANCH'
           AND x.valid_from <= $2 AND (x.valid_to IS NULL OR x.valid_to > $2) AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
         ORDER BY u.code`,
          [code, day],
        )
      ).map((r: any) => r.code);
    expect(await under(own.code('T1-S1'), '2026-01-04')).toEqual([own.code('V1'), own.code('V2')]);
    expect(await under(own.code('T1-S1'), '2026-01-05')).toEqual([own.code('V2')]);
    expect(await under(own.code('T1-S2'), '2026-01-04')).toEqual([own.code('V3')]);
    expect(await under(own.code('T1-S2'), '2026-01-05')).toEqual([own.code('V1'), own.code('V3')]);
  });

  test("a move dated before the subtree's last change, or in the future, is refused; today is the default", async () => {
    const own = await ownCounty();
    await moveVillage1(own);
    const early = await t.execute(MOVE, {
      input: { id: own.village1, newParentId: own.stationA, effectiveOn: '2025-06-01' },
    });
    expect(early.data.moveOrgUnit.userErrors[0]).toMatchObject({
      field: ['input', 'effectiveOn'],
      message: expect.stringContaining('2026-01-05'),
    });
    const future = await t.execute(MOVE, {
      input: { id: own.village1, newParentId: own.stationA, effectiveOn: '2026-11-26' },
    });
    expect(future.data.moveOrgUnit.userErrors[0].field).toEqual(['input', 'effectiveOn']);
    const back = await t.execute(MOVE, { input: { id: own.village1, newParentId: own.stationA } });
    expect(back.data.moveOrgUnit.userErrors).toEqual([]);
    const history = await t.execute(
      `query($v: ID!) { node(id: $v) { ... on OrgUnit { history { validFrom validTo change } } } }`,
      { v: own.village1 },
    );
    expect(history.data.node.history.at(-1)).toEqual({ validFrom: TODAY, validTo: null, change: 'MOVED' });
  });
});

describe('dissolving', () => {
  const DISSOLVE = `mutation($input: DissolveOrgUnitInput!) { dissolveOrgUnit(input: $input) { orgUnit { dissolvedOn } userErrors { code message } } }`;

  test('a unit with live sub-units is refused; an empty one is dissolved and kept', async () => {
    const own = await ownCounty();
    const busy = await t.execute(DISSOLVE, { input: { id: own.stationA, dissolvedOn: '2026-02-01' } });
    expect(busy.data.dissolveOrgUnit.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('还有 2 个在册下级组织'),
    });
    const ok = await t.execute(DISSOLVE, { input: { id: own.village2, dissolvedOn: '2026-02-01' } });
    expect(ok.data.dissolveOrgUnit).toEqual({ orgUnit: { dissolvedOn: '2026-02-01' }, userErrors: [] });
    const again = await t.execute(DISSOLVE, { input: { id: own.village2 } });
    expect(again.data.dissolveOrgUnit.userErrors[0].code).toBe('INVALID_STATE');
  });

  test('dissolved units are hidden unless asked for, and nothing new goes under them', async () => {
    const own = await ownCounty();
    const r0 = await t.execute(DISSOLVE, { input: { id: own.village3 } });
    expect(r0.data.dissolveOrgUnit).toEqual({ orgUnit: { dissolvedOn: TODAY }, userErrors: [] });
    const r = await t.execute(
      `query($s: ID!) { a: node(id: $s) { ... on OrgUnit { children { totalCount } all: children(includeDissolved: true) { totalCount } } } }`,
      { s: own.stationB },
    );
    expect(r.data.a).toEqual({ children: { totalCount: 0 }, all: { totalCount: 1 } });
    const under = await t.execute(CREATE, {
      input: { code: own.code('UNDER-DEAD'), name: 'x', kind: 'PARTY_GROUP', parentId: own.village3 },
    });
    expect(under.data.createOrgUnit.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('撤销'),
    });
    const move = await t.execute(MOVE, { input: { id: own.village3, newParentId: own.stationA } });
    expect(move.data.moveOrgUnit.userErrors[0].code).toBe('INVALID_STATE');
  });
});
