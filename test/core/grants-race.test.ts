import { Role } from '../../src/auth/roles';
import { decodeIntId, toGlobalId } from '../../src/graphql/global-id';
import { accountWith, reportFigure } from '../support/helpers';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 6: twenty identical grantRole requests at once made ten grants, and revoking one
 * left nine in force. The database now holds one active grant per (account, unit, role), the whole
 * deployment (no unit) included, and every other request is told CONFLICT.
 */
let t: TestApp;
let http: ServedApp;
let county: string;

beforeAll(async () => {
  // Enough connections for twenty transactions to race for real.
  t = await createTestApp({ seed: 'demo', env: { DB_POOL_SIZE: '25' } });
  http = await serveHttp(t.app, t.schema);
  county = (await t.execute(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit.id;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const GRANT = `mutation($i: GrantRoleInput!) {
  grantRole(input: $i) { grant { id role } userErrors { code message field } }
}`;
const REVOKE = `mutation($g: ID!) { revokeGrant(input: { grantId: $g }) { grant { revokedAt } userErrors { code } } }`;

async function activeGrants(accountId: number, role: Role): Promise<number> {
  const [{ n }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM access_grant WHERE account_id = $1 AND role = $2 AND revoked_at IS NULL`,
    [accountId, role],
  );
  return n;
}

async function race(token: string, input: Record<string, unknown>) {
  const answers = await Promise.all(Array.from({ length: 20 }, () => http.gql(GRANT, { i: input }, { token })));
  const payloads = answers.map((a) => {
    expect(a.status).toBe(200);
    return a.body.data.grantRole;
  });
  const made = payloads.filter((p) => p.userErrors.length === 0);
  const refused = payloads.filter((p) => p.userErrors.length > 0);
  return { made, refused };
}

test('twenty concurrent grantRole on a unit make one grant; the others answer CONFLICT; one revoke ends it', async () => {
  // An account the county administrator may see (it holds a grant in the county).
  const id = await accountWith(t, 'race-unit', Role.SECRETARY, county);
  const { accessToken } = await signIn(http, 'county-admin', 'jiceng-demo-2026');
  const { made, refused } = await race(accessToken, {
    accountId: toGlobalId('Account', id),
    unitId: county,
    role: 'ANALYST',
  });
  reportFigure('grantRole x20 on a unit', `${made.length} made, ${refused.length} CONFLICT`);
  expect(made).toHaveLength(1);
  expect(refused).toHaveLength(19);
  for (const p of refused)
    expect(p).toEqual({
      grant: null,
      userErrors: [
        { code: 'CONFLICT', field: ['input', 'role'], message: expect.stringContaining('已有 ANALYST 授权') },
      ],
    });
  expect(await activeGrants(id, Role.ANALYST)).toBe(1);

  const revoked = await http.gql(REVOKE, { g: made[0].grant.id }, { token: accessToken });
  expect(revoked.body.data.revokeGrant.userErrors).toEqual([]);
  expect(await activeGrants(id, Role.ANALYST)).toBe(0);
  // Once revoked, the role may be granted again.
  const again = await http.gql(
    GRANT,
    { i: { accountId: toGlobalId('Account', id), unitId: county, role: 'ANALYST' } },
    { token: accessToken },
  );
  expect(again.body.data.grantRole.userErrors).toEqual([]);
  expect(await activeGrants(id, Role.ANALYST)).toBe(1);
});

test('the same for the whole deployment (no unit): NULL units are not distinct', async () => {
  const id = await accountWith(t, 'race-global', Role.ANALYST, county);
  const { accessToken } = await signIn(http, 'admin', 'jiceng-demo-2026');
  const { made, refused } = await race(accessToken, { accountId: toGlobalId('Account', id), role: 'ANALYST' });
  reportFigure('grantRole x20 on the whole deployment', `${made.length} made, ${refused.length} CONFLICT`);
  expect(made).toHaveLength(1);
  expect(refused.map((p) => p.userErrors[0].code)).toEqual(Array(19).fill('CONFLICT'));
  // The grant on the county and the deployment-wide one: two grants of one role, on different scopes.
  expect(await activeGrants(id, Role.ANALYST)).toBe(2);
});

test('the database itself refuses a second active grant, whoever writes it', async () => {
  const id = await accountWith(t, 'race-direct', Role.ANALYST, null);
  await expect(
    t.app.db.query(`INSERT INTO access_grant (account_id, unit_id, role) VALUES ($1, NULL, 'ANALYST')`, [id]),
  ).rejects.toMatchObject({ driverError: { code: '23505' } });
  const unit = decodeIntId(county, 'OrgUnit');
  await t.app.db.query(`INSERT INTO access_grant (account_id, unit_id, role) VALUES ($1, $2, 'ANALYST')`, [id, unit]);
  await expect(
    t.app.db.query(`INSERT INTO access_grant (account_id, unit_id, role) VALUES ($1, $2, 'ANALYST')`, [id, unit]),
  ).rejects.toMatchObject({ driverError: { code: '23505' } });
  // Revoked grants do not count.
  await t.app.db.query(`UPDATE access_grant SET revoked_at = now() WHERE account_id = $1`, [id]);
  await t.app.db.query(`INSERT INTO access_grant (account_id, unit_id, role) VALUES ($1, NULL, 'ANALYST')`, [id]);
});
