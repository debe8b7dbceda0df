import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { openApp } from '../../src/app';
import { Role } from '../../src/auth/roles';
import { loadConfig } from '../../src/config';
import type { App } from '../../src/context';
import { idCardCheckChar } from '../../src/org/id-card';
import { createHttpServer } from '../../src/server';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit } from '../support/tree';

/**
 * Issue 14, item 5: ID card numbers are unique across the deployment, so "already recorded" told
 * anyone who may add members whether a number belongs to a party member anywhere (line by line in
 * importMembers). Now a holder the viewer may see is named; any other is not ("cannot be recorded
 * here", and whom to ask); such an answer is audited where the holder is, given at most once per
 * mutation, and limited per account in PostgreSQL, across processes.
 *
 * Two counties, A (ours) and B (theirs); B's members hold ID numbers. Everything over HTTP, through
 * two server processes (two apps) on the one database.
 */

let t: TestApp;
let second: { app: App; schema: GraphQLSchema };
const servers: { url: string; stop: () => Promise<void> }[] = [];
/** Tokens per server, per username. */
const token: Record<string, string>[] = [{}, {}];
const userErrors = 'userErrors { code field message }';
const A: Record<string, string> = {};
const B: Record<string, string> = {};
const held: Record<string, string> = {};
let seq = 100;
/** The budget of src/org/id-card-probes.ts (ID_CARD_PROBES): answers about hidden holders per account and day. */
const ID_CARD_PROBES = { limit: 5, windowSeconds: 24 * 3600 };

const idFor = (birthDate: string) => {
  const first17 = `450702${birthDate.replace(/-/g, '')}${String(++seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

async function http(server: number, who: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(servers[server].url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(who ? { authorization: `Bearer ${token[server][who]}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[]; extensions?: { requestId?: string } };
}

async function signIn(server: number, username: string): Promise<void> {
  const r = await http(
    server,
    null,
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken ${userErrors} } }`,
    { u: username, p: 'long-enough-password' },
  );
  if (!r.data?.login?.accessToken) throw new Error(`sign-in of ${username}: ${JSON.stringify(r)}`);
  token[server][username] = r.data.login.accessToken;
}

async function serve(app: App, schema: GraphQLSchema) {
  const { httpServer, apollo } = await createHttpServer(app, schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  servers.push({
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`,
    stop: () => apollo.stop(),
  });
}

const CREATE = `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`;
const IMPORT = `mutation($i: ImportMembersInput!) { importMembers(input: $i) { imported ${userErrors} } }`;

const newMember = (idCardNumber: string | null, branchId = A.village) => ({
  name: '新党员',
  idCardNumber,
  ...(idCardNumber ? {} : { gender: 'MALE', birthDate: '1985-05-05' }),
  category: 'RURAL',
  joinedOn: '2020-01-01',
  branchId,
});

/** createMember as `who` through server `server`: the payload and the request id. */
async function create(server: number, who: string, idCardNumber: string | null) {
  const r = await http(server, who, CREATE, { i: newMember(idCardNumber) });
  expect(r.errors).toBeUndefined();
  return { ...r.data.createMember, requestId: r.extensions?.requestId };
}

const auditOf = async (requestId: string) =>
  (
    await t.app.db.query(`SELECT outcome, error_codes, unit_paths FROM audit_event WHERE request_id = $1`, [requestId])
  ).map((a: any) => ({ outcome: a.outcome, error_codes: a.error_codes, paths: a.unit_paths }));

beforeAll(async () => {
  t = await createTestApp();
  const unit = (code: string, kind: string, parentId?: string, extra: object = {}) =>
    createUnit(t, { code, name: `${code}党组织`, kind, parentId, establishedOn: '2000-01-01', ...extra });
  for (const [side, code] of [
    [A, 'CA'],
    [B, 'CB'],
  ] as const) {
    side.county = await unit(code, 'COUNTY_COMMITTEE');
    side.station = await unit(
      `${code}-S1`,
      'WORK_STATION',
      await unit(`${code}-T1`, 'TOWNSHIP_COMMITTEE', side.county),
    );
    side.village = await unit(`${code}-V1`, 'BRANCH', side.station, { sector: 'RURAL' });
  }
  // Numbers held: by A's member (in scope), by B's members (out of scope), one of them departed.
  for (const [key, branchId, departed] of [
    ['ours', A.village, false],
    ['theirs1', B.village, false],
    ['theirs2', B.village, false],
    ['theirs3', B.village, false],
    ['theirs4', B.village, false],
    ['theirsGone', B.village, true],
  ] as const) {
    held[key] = idFor('1970-04-0' + (1 + (seq % 9)));
    const r = await t.execute(CREATE.replace('member { id }', 'member { id name }'), {
      i: { ...newMember(held[key], branchId), name: `持证人${key}` },
    });
    if (departed)
      await t.execute(
        `mutation($i: RecordMemberDepartureInput!) { recordMemberDeparture(input: $i) { ${userErrors} } }`,
        { i: { memberId: r.data.createMember.member.id, reason: 'DECEASED' } },
      );
  }
  await accountWith(t, 'a-admin', Role.ADMIN, A.county);
  await accountWith(t, 'a-station', Role.STATION_STAFF, A.station);
  await accountWith(t, 'b-admin', Role.ADMIN, B.county);

  // A second server process on the same database, as behind a load balancer.
  const url = (t.app.db.options as { url: string }).url;
  second = await openApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '2' }),
    pino({ level: 'silent' }),
    url,
    {
      modules: [...t.app.registry.modules],
      migrate: false,
      clock: t.clock,
    },
  );
  await serve(t.app, t.schema);
  await serve(second.app, second.schema);
  for (const s of [0, 1]) for (const u of ['a-admin', 'a-station', 'b-admin']) await signIn(s, u);
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await second?.app.db.destroy();
  await t?.close();
});

const CANNOT = expect.stringMatching(/^这个身份证号不能在这里登记。.*全系统管理员/);

test('a number held in scope names its holder; legitimate work spends no probe', async () => {
  const r = await create(0, 'a-admin', held.ours);
  expect(r.userErrors).toEqual([
    {
      code: 'CONFLICT',
      field: ['input', 'idCardNumber'],
      message: `已有党员登记了这个身份证号：持证人ours（所在党支部：CA-V1党组织）`,
    },
  ]);
  // Free numbers, and more in-scope conflicts than the whole budget: nothing is spent.
  for (let i = 0; i < ID_CARD_PROBES.limit + 1; i++) {
    expect((await create(i % 2, 'a-admin', idFor('1990-01-15'))).userErrors).toEqual([]);
    expect((await create(i % 2, 'a-admin', held.ours)).userErrors[0].code).toBe('CONFLICT');
  }
  const [row] = await t.app.db.query(`SELECT points FROM rate_limit WHERE key LIKE 'id-card-probe:%'`);
  expect(Number(row?.points ?? 0)).toBe(0);
});

test('a number held out of scope: the same words for every holder, nothing about who or where, audited where the holder is', async () => {
  const live = await create(0, 'a-admin', held.theirs1);
  const gone = await create(1, 'a-admin', held.theirsGone);
  for (const r of [live, gone]) {
    expect(r.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'idCardNumber'], message: CANNOT }]);
    expect(r.userErrors[0].message).not.toMatch(/member|党员|持证人|CB/);
  }
  const [{ path: bPath }] = await t.app.db.query(`SELECT path FROM org_unit WHERE code = 'CB-V1'`);
  expect(await auditOf(live.requestId)).toEqual([
    { outcome: 'REJECTED', error_codes: ['CONFLICT'], paths: expect.arrayContaining([bPath]) },
  ]);
  // B's administrator sees the attempt in their audit log.
  const seen = await http(
    0,
    'b-admin',
    `{ auditEvents(operation: "createMember", first: 20) { nodes { outcome errorCodes } } }`,
  );
  expect(seen.data.auditEvents.nodes).toEqual(
    expect.arrayContaining([{ outcome: 'REJECTED', errorCodes: ['CONFLICT'] }]),
  );
});

test('an import names one out-of-scope line at a time; in-scope holders and every other problem are all listed', async () => {
  const csv = [
    '姓名,性别,出生日期,身份证号,党员类别,入党日期,支部代码',
    `甲,,,${held.theirs2},农村,2020-01-01,CA-V1`,
    `乙,,,${idFor('1991-02-02')},农村,2020-01-01,CA-V1`,
    `丙,,,${held.theirs3},农村,2020-01-01,CA-V1`,
    `丁,,,${held.ours},农村,2020-01-01,CA-V1`,
  ].join('\n');
  const r = await http(1, 'a-admin', IMPORT, { i: { underId: A.county, csv } });
  expect(r.data.importMembers).toEqual({
    imported: 0,
    userErrors: [
      {
        code: 'CONFLICT',
        field: ['input', 'csv', '2', 'idCardNumber'],
        message: expect.stringContaining('不能在这里登记'),
      },
      {
        code: 'CONFLICT',
        field: ['input', 'csv', '5', 'idCardNumber'],
        message: '第 5 行：已有党员登记了这个身份证号：持证人ours（所在党支部：CA-V1党组织）',
      },
    ],
  });
});

test(`probes are limited to ${ID_CARD_PROBES.limit} per account per day, in PostgreSQL, across both processes; then every number is refused alike`, async () => {
  // Spent so far: two createMember, one import. Two more, one through each process (an update counts too).
  const member = (await create(0, 'a-admin', idFor('1992-03-03'))).member.id;
  const update = await http(
    0,
    'a-admin',
    `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { ${userErrors} } }`,
    {
      i: { id: member, idCardNumber: held.theirs4 },
    },
  );
  expect(update.data.updateMember.userErrors).toEqual([
    { code: 'CONFLICT', field: ['input', 'idCardNumber'], message: CANNOT },
  ]);
  expect((await create(1, 'a-admin', held.theirs1)).userErrors[0].message).toEqual(CANNOT);

  // Budget spent: a held number and a free one get the same refusal, before anything is looked up.
  const limited = [await create(0, 'a-admin', held.theirs2), await create(1, 'a-admin', idFor('1993-04-04'))];
  for (const r of limited) {
    expect(r.userErrors).toEqual([
      { code: 'RATE_LIMITED', field: ['input'], message: expect.stringContaining('分钟后再试') },
    ]);
    expect(await auditOf(r.requestId)).toEqual([{ outcome: 'REJECTED', error_codes: ['RATE_LIMITED'], paths: [] }]);
  }
  const imported = await http(0, 'a-admin', IMPORT, {
    i: {
      underId: A.county,
      csv: `姓名,身份证号,党员类别,入党日期,支部代码\n戊,${idFor('1994-05-05')},农村,2020-01-01,CA-V1`,
    },
  });
  expect(imported.data.importMembers.userErrors[0].code).toBe('RATE_LIMITED');
  // Members without an ID number are still recorded; another account has its own budget.
  expect((await create(0, 'a-admin', null)).userErrors).toEqual([]);
  expect((await create(1, 'a-station', held.theirs3)).userErrors[0].message).toEqual(CANNOT);

  // A day later (the application's clock), the budget is back.
  t.clock.set(new Date(t.app.clock.now().getTime() + ID_CARD_PROBES.windowSeconds * 1000 + 1000).toISOString());
  await signIn(1, 'a-admin'); // access tokens expire by the same clock
  expect((await create(1, 'a-admin', held.theirs2)).userErrors[0].message).toEqual(CANNOT);
});
