import { Role } from '../../src/auth/roles';
import { createTestApp, type TestApp } from '../support/test-app';
import { accountWith } from '../support/helpers';
import { smallCounty } from '../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-30' });
  tree = await smallCounty(t, 'AA');
  await accountWith(t, 'aa-county-admin', Role.ADMIN, tree.county);
  await accountWith(t, 'aa-secretary', Role.SECRETARY, tree.village1);
});
afterAll(() => t?.close());

const CREATE = `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { code } } }`;
const member = (name: string) => ({
  name,
  category: 'RURAL',
  joinedOn: '2015-01-01',
  fullMemberSince: '2016-01-01',
  gender: 'MALE',
  birthDate: '1980-01-01',
  branchId: tree.village1,
});
const EVENTS = `query($u: ID!) { auditEvents(under: $u, operation: "createMember", first: 20) {
  nodes { input actor { username } actedBy { name role deploymentWide unitName } } } }`;

test("a county's auditor sees who changed its units: name and role, the deployment administrator included", async () => {
  expect((await t.execute(CREATE, { i: member('部署管理员录入') })).data.createMember.userErrors).toEqual([]);
  const sec = await t.as('aa-secretary');
  expect((await sec(CREATE, { i: member('书记录入') })).data.createMember.userErrors).toEqual([]);

  const admin = await t.as('aa-county-admin');
  const r = await admin(EVENTS, { u: tree.county });
  expect(r.errors).toBeUndefined();
  const byName = (n: string) => r.data.auditEvents.nodes.find((e: any) => e.input.name === n);
  // The deployment administrator's account is not the county's to read (`actor` stays null: no username,
  // grants or member record), but who acted, and with which role, is the county's to know.
  expect(byName('部署管理员录入')).toEqual({
    input: expect.anything(),
    actor: null,
    actedBy: { name: 'Test administrator', role: 'ADMIN', deploymentWide: true, unitName: null },
  });
  expect(byName('书记录入')).toEqual({
    input: expect.anything(),
    actor: { username: 'aa-secretary' },
    actedBy: { name: 'aa-secretary', role: 'SECRETARY', deploymentWide: false, unitName: expect.any(String) },
  });
});
