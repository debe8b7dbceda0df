import jwt from 'jsonwebtoken';
import { Role } from '../../src/auth/roles';
import { toGlobalId } from '../../src/graphql/global-id';
import { accountWith, codeOf } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit } from '../support/tree';
import { idFor } from '../support/people';

type Exec = Awaited<ReturnType<TestApp['as']>>;
let t: TestApp;
const as: Record<string, Exec> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  for (const u of ['admin', 'county-admin', 'analyst', 'secretary', 'station', 'member']) as[u] = await t.as(u);
  // A second county with a branch, a member and a post: outside every county-level grant.
  ids.county2 = await createUnit(t, {
    code: 'JB02',
    name: '中共青川县委员会',
    kind: 'COUNTY_COMMITTEE',
    parentId: (await t.execute(`{ orgUnit(code: "JB") { id } }`)).data.orgUnit.id,
  });
  ids.branch2 = await createUnit(t, {
    code: 'JB02-A01',
    name: '青川县财政局党支部',
    kind: 'BRANCH',
    sector: 'GOVERNMENT_AGENCY',
    parentId: ids.county2,
  });
  const m = await t.execute(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } } }`, {
    i: {
      name: '外县党员',
      idCardNumber: idFor('1980-01-01', true, 450),
      category: 'AGENCY_INSTITUTION',
      joinedOn: '2005-01-01',
      fullMemberSince: '2006-01-01',
      branchId: ids.branch2,
    },
  });
  ids.member2 = m.data.createMember.member.id;
  const p = await t.execute(`mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } } }`, {
    i: { unitId: ids.branch2, memberId: ids.member2, role: 'SECRETARY', termStart: '2024-01-01' },
  });
  ids.post2 = p.data.createPost.post.id;
  // Units the demo roles hold: the member's and secretary's village, the station, a sibling village.
  const v = await as.member(`{ viewer { member { id branch { id } } grants { unit { id } } } }`);
  ids.ownMember = v.data.viewer.member.id;
  ids.village = v.data.viewer.member.branch.id;
  const s = await as.station(`{ viewer { grants { unit { id children(first: 10) { nodes { id } } } } } }`);
  ids.station = s.data.viewer.grants[0].unit.id;
  ids.stationVillage = s.data.viewer.grants[0].unit.children.nodes[0].id;
  const others = await t.execute(
    `query($v: ID!) { node(id: $v) { ... on OrgUnit { members(first: 5) { nodes { id } } parent { children(first: 10) { nodes { id } } } } } }`,
    { v: ids.village },
  );
  ids.villageMate = others.data.node.members.nodes.map((n: any) => n.id).find((id: string) => id !== ids.ownMember);
  ids.siblingVillage = others.data.node.parent.children.nodes
    .map((n: any) => n.id)
    .find((id: string) => id !== ids.village);
});
afterAll(() => t?.close());

const NODE = `query($id: ID!) { node(id: $id) { id } }`;

describe('reading', () => {
  test('nobody signed in: data asks for sign-in, viewer is null, the schema is closed', async () => {
    expect(codeOf(await t.anonymous(`{ orgUnit(code: "JB01") { name } }`))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.anonymous(NODE, { id: ids.county2 }))).toBe('UNAUTHENTICATED');
    expect((await t.anonymous(`{ viewer { id } }`)).data).toEqual({ viewer: null });
    expect(codeOf(await t.anonymous(`{ __schema { types { name } } }`))).toBe('UNAUTHENTICATED');
    expect((await as.analyst(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe('Query');
  });

  test.each(['county-admin', 'analyst', 'secretary', 'station', 'member'])(
    '%s cannot see a unit, member or post of another county: NOT_FOUND reads as null',
    async (who) => {
      for (const id of [ids.county2, ids.branch2, ids.member2, ids.post2]) {
        const r = await as[who](NODE, { id });
        expect({ who, id, node: r.data.node, errors: r.errors }).toEqual({ who, id, node: null, errors: undefined });
      }
      const r = await as[who](`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [ids.county2, ids.member2] });
      expect(r.data.nodes).toEqual([null, null]);
      expect((await as[who](`{ orgUnit(code: "JB02") { id } }`)).data.orgUnit).toBeNull();
    },
  );

  test('the deployment administrator sees both counties', async () => {
    expect((await as.admin(NODE, { id: ids.member2 })).data.node).toEqual({ id: ids.member2 });
    expect((await as.admin(`{ orgUnits(kinds: [COUNTY_COMMITTEE]) { totalCount } }`)).data.orgUnits.totalCount).toBe(2);
  });

  test('lists and roll-ups count only what the viewer may see', async () => {
    const county = await as.analyst(
      `{ orgUnits(kinds: [COUNTY_COMMITTEE]) { totalCount } all: orgUnits(first: 1) { totalCount } }`,
    );
    expect(county.data.orgUnits.totalCount).toBe(1);
    const [{ n }] = await t.app.db.query(
      `SELECT count(*)::int AS n FROM org_unit WHERE path LIKE (SELECT path FROM org_unit WHERE code = 'JB01') || '%' AND dissolved_on IS NULL`,
    );
    expect(county.data.all.totalCount).toBe(n);
    const secretary = await as.secretary(`{ orgUnits(first: 100) { totalCount nodes { id } } }`);
    expect(secretary.data.orgUnits.nodes.map((n: any) => n.id)).toContain(ids.village);
    expect(secretary.data.orgUnits.nodes.map((n: any) => n.id)).not.toContain(ids.siblingVillage);
    // Ancestors above the grant are not shown.
    const up = await as.secretary(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { parent { id } ancestors { id } } } }`,
      { id: ids.village },
    );
    expect(up.data.node).toEqual({ parent: null, ancestors: [] });
  });

  test('a secretary reads their own subtree only', async () => {
    expect((await as.secretary(NODE, { id: ids.village })).data.node).toEqual({ id: ids.village });
    expect((await as.secretary(NODE, { id: ids.siblingVillage })).data.node).toBeNull();
    expect((await as.secretary(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit).toBeNull();
  });

  test('station staff read their station and its villages', async () => {
    expect((await as.station(NODE, { id: ids.station })).data.node).toEqual({ id: ids.station });
    expect((await as.station(NODE, { id: ids.stationVillage })).data.node).toEqual({ id: ids.stationVillage });
    expect((await as.station(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit).toBeNull();
  });

  test("a member reads their own record and their branch's published items, nothing more", async () => {
    const own = await as.member(`query($id: ID!) { node(id: $id) { ... on Member { name idCardNumber phone } } }`, {
      id: ids.ownMember,
    });
    expect(own.data.node.idCardNumber).toMatch(/^\d{17}[\dX]$/); // their own, in full
    expect((await as.member(NODE, { id: ids.villageMate })).data.node).toBeNull();
    const branch = await as.member(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { name posts { nodes { role holderName } } } } }`,
      { id: ids.village },
    );
    expect(branch.errors).toBeUndefined();
    expect(branch.data.node.posts.nodes.length).toBeGreaterThan(0);
    const stats = await as.member(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { name memberStats { total } members { totalCount } } } }`,
      { id: ids.village },
    );
    expect(stats.data.node).toEqual({ name: expect.any(String), memberStats: null, members: null });
    expect(stats.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    // Their list of units is their branch and its party groups.
    const list = await as.member(`{ orgUnits(first: 10) { nodes { id kind } } }`);
    expect(list.data.orgUnits.nodes.map((n: any) => n.kind).sort()).toEqual([
      'BRANCH',
      ...Array(list.data.orgUnits.nodes.length - 1).fill('PARTY_GROUP'),
    ]);
    expect(list.data.orgUnits.nodes.map((n: any) => n.id)).toContain(ids.village);
  });
});

describe('personal data', () => {
  const PERSONAL = `query($id: ID!) { node(id: $id) { ... on OrgUnit { members(first: 3) { nodes { idCardNumber phone } } } } }`;
  const masked = (nodes: any[]) =>
    nodes.every((n) => /^\d{4}\*+[\dX]{4}$/.test(n.idCardNumber) && (n.phone === null || /\*{4}/.test(n.phone)));
  const full = (nodes: any[]) => nodes.every((n) => /^\d{17}[\dX]$/.test(n.idCardNumber));

  test('ADMIN sees it in full; SECRETARY of the branch too; ANALYST and station staff see masks', async () => {
    expect(full((await as['county-admin'](PERSONAL, { id: ids.village })).data.node.members.nodes)).toBe(true);
    expect(full((await as.secretary(PERSONAL, { id: ids.village })).data.node.members.nodes)).toBe(true);
    expect(masked((await as.analyst(PERSONAL, { id: ids.village })).data.node.members.nodes)).toBe(true);
    expect(masked((await as.station(PERSONAL, { id: ids.stationVillage })).data.node.members.nodes)).toBe(true);
  });

  test('personal data never reaches the audit log', async () => {
    await as.secretary(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { userErrors { code } } }`, {
      i: { id: ids.villageMate, phone: '13900001111' },
    });
    const [row] = await t.app.db.query(
      `SELECT input FROM audit_event WHERE operation = 'updateMember' ORDER BY id DESC LIMIT 1`,
    );
    expect(row.input).toEqual({ id: ids.villageMate, phone: '[redacted]' });
  });
});

describe('writing', () => {
  const CREATE_MEMBER = `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { code } } }`;
  let seq = 460;
  const newMember = (branchId: string) => ({
    i: {
      name: '新党员',
      idCardNumber: idFor('1990-01-01', true, seq++),
      category: 'RURAL',
      joinedOn: '2015-01-01',
      fullMemberSince: '2016-01-01',
      branchId,
    },
  });
  const members = async () => Number((await t.app.db.query('SELECT count(*) AS n FROM member'))[0].n);

  // A branch the viewer may not see is refused as if it did not exist (NOT_FOUND on the field, issue 14
  // item 3); one the viewer sees but may not change is FORBIDDEN.
  test.each([
    ['secretary', 'village', 'OK'],
    ['secretary', 'siblingVillage', 'NOT_FOUND'],
    ['station', 'stationVillage', 'OK'],
    ['county-admin', 'village', 'OK'],
    ['county-admin', 'branch2', 'NOT_FOUND'],
    ['analyst', 'village', 'FORBIDDEN'],
    ['member', 'village', 'FORBIDDEN'],
  ])('%s adding a member to %s: %s', async (who, where, answer) => {
    const before = await members();
    const r = await as[who](CREATE_MEMBER, newMember(ids[where]));
    if (answer === 'OK') {
      expect(r.data.createMember.userErrors).toEqual([]);
      expect(await members()).toBe(before + 1);
    } else {
      if (answer === 'NOT_FOUND') expect(r.data.createMember.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
      else expect(codeOf(r)).toBe(answer);
      expect(await members()).toBe(before);
    }
  });

  test('station staff cannot change the station itself; only administrators change units and module switches', async () => {
    const post = await as.station(`mutation($i: CreatePostInput!) { createPost(input: $i) { userErrors { code } } }`, {
      i: { unitId: ids.station, holderName: '某人', role: 'STATION_PART_TIME_STAFF', termStart: '2025-01-01' },
    });
    expect(codeOf(post)).toBe('FORBIDDEN');
    const group = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { userErrors { code } } }`;
    expect(
      codeOf(
        await as.secretary(group, {
          i: { code: 'NEW-G', name: '新党小组', kind: 'PARTY_GROUP', parentId: ids.village },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      (
        await as['county-admin'](group, {
          i: { code: 'NEW-G', name: '新党小组', kind: 'PARTY_GROUP', parentId: ids.village },
        })
      ).data.createOrgUnit.userErrors,
    ).toEqual([]);
    expect(
      codeOf(await as['county-admin'](group, { i: { code: 'ROOT2', name: '新市委', kind: 'CITY_COMMITTEE' } })),
    ).toBe('FORBIDDEN');
    const toggle = `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "x", enabled: true }) { userErrors { code } } }`;
    expect(codeOf(await as.secretary(toggle, { u: ids.village }))).toBe('FORBIDDEN');
  });

  test('a transfer needs both branches', async () => {
    const r = await as.secretary(
      `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code field } } }`,
      { i: { memberId: ids.villageMate, toBranchId: ids.siblingVillage } },
    );
    expect(r.data.transferMember.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'toBranchId'] }]);
  });
});

describe('accounts and grants', () => {
  const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id username grants { role unit { code } permissions } } userErrors { code field message } } }`;

  test('an administrator creates accounts under their unit, never more than they hold, never elsewhere', async () => {
    const ok = await as['county-admin'](CREATE, {
      i: {
        username: 'new-analyst',
        displayName: '新分析员',
        password: 'a-long-password',
        grant: { unitId: ids.village, role: 'ANALYST' },
      },
    });
    expect(ok.data.createAccount.account.grants).toEqual([
      { role: 'ANALYST', unit: { code: expect.any(String) }, permissions: ['READ'] },
    ]);
    const elsewhere = await as['county-admin'](CREATE, {
      i: {
        username: 'x-elsewhere',
        displayName: 'x',
        password: 'a-long-password',
        grant: { unitId: ids.county2, role: 'ANALYST' },
      },
    });
    expect(elsewhere.data.createAccount.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'grant', 'unitId'], message: 'unitId不存在' },
    ]);
    expect(
      codeOf(
        await as['county-admin'](CREATE, {
          i: { username: 'x-global', displayName: 'x', password: 'a-long-password', grant: { role: 'ADMIN' } },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await as.secretary(CREATE, {
          i: {
            username: 'x-sec',
            displayName: 'x',
            password: 'a-long-password',
            grant: { unitId: ids.village, role: 'ANALYST' },
          },
        }),
      ),
    ).toBe('FORBIDDEN');
    const weak = await as['county-admin'](CREATE, {
      i: { username: 'x-weak', displayName: 'x', password: 'short', grant: { unitId: ids.village, role: 'ANALYST' } },
    });
    expect(weak.data.createAccount.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', field: ['input', 'password'], message: expect.stringContaining('至少需要 10 个字符') },
    ]);
    const taken = await as['county-admin'](CREATE, {
      i: {
        username: 'analyst',
        displayName: 'x',
        password: 'a-long-password',
        grant: { unitId: ids.village, role: 'ANALYST' },
      },
    });
    expect(taken.data.createAccount.userErrors[0].code).toBe('CONFLICT');
  });

  test('viewer says who is signed in and what each grant allows', async () => {
    const r = await as.station(`{ viewer { username grants { role permissions unit { kind } } } }`);
    expect(r.data.viewer).toEqual({
      username: 'station',
      grants: [
        { role: 'STATION_STAFF', permissions: ['READ', 'WRITE', 'MODULE_WORK'], unit: { kind: 'WORK_STATION' } },
      ],
    });
  });

  test('the audit log: every mutation, with its outcome, for administrators of the unit', async () => {
    const done = await as.secretary(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { code } } }`,
      {
        i: {
          name: '审计',
          idCardNumber: idFor('1985-03-03', false, 470),
          category: 'RURAL',
          joinedOn: '2015-01-01',
          branchId: ids.village,
        },
      },
    );
    expect(done.data.createMember.userErrors).toEqual([]);
    await as.analyst(`mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { code } } }`, {
      i: {
        name: '越权',
        category: 'RURAL',
        joinedOn: '2015-01-01',
        gender: 'MALE',
        birthDate: '1980-01-01',
        branchId: ids.village,
      },
    });
    await as.secretary(`mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { code } } }`, {
      i: {
        name: '出错',
        category: 'RURAL',
        joinedOn: '2999-01-01',
        gender: 'MALE',
        birthDate: '1980-01-01',
        branchId: ids.village,
      },
    });
    const r = await as['county-admin'](
      `query($u: ID!) { auditEvents(under: $u, operation: "createMember", first: 50) { nodes { operation outcome errorCodes actor { username } input targetIds } } }`,
      { u: ids.village },
    );
    const events = r.data.auditEvents.nodes;
    expect(events.find((e: any) => e.actor.username === 'analyst')).toMatchObject({
      outcome: 'DENIED',
      errorCodes: ['FORBIDDEN'],
    });
    expect(events.find((e: any) => e.input.name === '出错')).toMatchObject({
      outcome: 'REJECTED',
      errorCodes: ['BAD_USER_INPUT'],
      actor: { username: 'secretary' },
    });
    const ok = events.find((e: any) => e.outcome === 'OK' && e.input.name === '审计');
    expect(ok.input.idCardNumber).toBe('[redacted]');
    expect(ok.targetIds).toContain(ids.village);
    expect(codeOf(await as.analyst(`{ auditEvents { totalCount } }`))).toBe('FORBIDDEN');
    expect(
      codeOf(await as['county-admin'](`query($u: ID!) { auditEvents(under: $u) { totalCount } }`, { u: ids.county2 })),
    ).toBe('NOT_FOUND');
  });
});

describe('sessions', () => {
  const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken account { username } userErrors { code } } }`;
  const REFRESH = `mutation($t: String!) { refresh(input: { refreshToken: $t }) { accessToken refreshToken userErrors { code } } }`;

  test('login, refresh rotation, replay detection, logout', async () => {
    const login = (await t.anonymous(LOGIN, { u: 'analyst', p: 'jiceng-demo-2026' })).data.login;
    expect(login).toMatchObject({ account: { username: 'analyst' }, userErrors: [] });
    const viewer = await t.app.auth.viewerFromHeader(`Bearer ${login.accessToken}`);
    expect(viewer!.username).toBe('analyst');

    const next = (await t.anonymous(REFRESH, { t: login.refreshToken })).data.refresh;
    expect(next.userErrors).toEqual([]);
    // The used token again: refused, and every session of the account ends.
    expect((await t.anonymous(REFRESH, { t: login.refreshToken })).data.refresh.userErrors).toEqual([
      { code: 'UNAUTHENTICATED' },
    ]);
    expect((await t.anonymous(REFRESH, { t: next.refreshToken })).data.refresh.userErrors).toEqual([
      { code: 'UNAUTHENTICATED' },
    ]);

    const again = (await t.anonymous(LOGIN, { u: 'analyst', p: 'jiceng-demo-2026' })).data.login;
    expect(
      (
        await t.anonymous(`mutation($t: String!) { logout(input: { refreshToken: $t }) { loggedOut } }`, {
          t: again.refreshToken,
        })
      ).data.logout.loggedOut,
    ).toBe(true);
    expect((await t.anonymous(REFRESH, { t: again.refreshToken })).data.refresh.userErrors).toEqual([
      { code: 'UNAUTHENTICATED' },
    ]);
  });

  test('expired and forged access tokens are refused', async () => {
    const exp = Math.floor(t.clock.now().getTime() / 1000) - 10; // by the app's clock
    const expired = jwt.sign({ sub: '1', exp }, t.app.config.auth.jwtSecret, {
      issuer: 'jiceng',
    });
    await expect(t.app.auth.viewerFromHeader(`Bearer ${expired}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' },
    });
    const forged = jwt.sign({ sub: '1' }, 'not-the-secret-not-the-secret-not-the-secret', { issuer: 'jiceng' });
    await expect(t.app.auth.viewerFromHeader(`Bearer ${forged}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' },
    });
    const none = jwt.sign({ sub: '1' }, '', { algorithm: 'none' } as any);
    await expect(t.app.auth.viewerFromHeader(`Bearer ${none}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  test('failed logins are throttled per username, with a retry time; a wrong user looks like a wrong password', async () => {
    const nobody = (await t.anonymous(LOGIN, { u: 'nobody-here', p: 'whatever-whatever' })).data.login;
    expect(nobody.userErrors).toEqual([{ code: 'UNAUTHENTICATED' }]);
    for (let i = 0; i < 5; i++)
      expect((await t.anonymous(LOGIN, { u: 'station', p: 'wrong-password' })).data.login.userErrors).toEqual([
        { code: 'UNAUTHENTICATED' },
      ]);
    const limited = await t.anonymous(LOGIN, { u: 'station', p: 'jiceng-demo-2026' });
    expect(limited.errors![0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
  });

  test('a disabled account cannot sign in and its token stops working', async () => {
    const id = await accountWith(t, 'to-be-disabled', Role.ANALYST, ids.village);
    const gid = toGlobalId('Account', id);
    const login = (await t.anonymous(LOGIN, { u: 'to-be-disabled', p: 'long-enough-password' })).data.login;
    expect(login.userErrors).toEqual([]);
    expect((await t.app.auth.viewerFromHeader(`Bearer ${login.accessToken}`))!.username).toBe('to-be-disabled');
    const r = await as['county-admin'](
      `mutation($a: ID!) { setAccountDisabled(input: { accountId: $a, disabled: true }) { account { disabled } userErrors { code } } }`,
      { a: gid },
    );
    expect(r.data.setAccountDisabled).toEqual({ account: { disabled: true }, userErrors: [] });
    expect(
      (await t.anonymous(LOGIN, { u: 'to-be-disabled', p: 'long-enough-password' })).data.login.userErrors,
    ).toEqual([{ code: 'UNAUTHENTICATED' }]);
    expect(await t.app.auth.loadViewer(id)).toBeNull();
    await expect(t.app.auth.viewerFromHeader(`Bearer ${login.accessToken}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // Accounts are seen by their administrators only: to a secretary this one does not exist.
    const secretaryTries = await as.secretary(
      `mutation($a: ID!) { setAccountDisabled(input: { accountId: $a, disabled: false }) { userErrors { code } } }`,
      { a: gid },
    );
    expect(secretaryTries.data.setAccountDisabled.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  });
});
