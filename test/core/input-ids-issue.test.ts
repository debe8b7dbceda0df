import type { AddressInfo } from 'node:net';
import { getNullableType, isInputObjectType, isListType, type GraphQLInputType } from 'graphql';
import { mondayOf } from '../../modules/weekly-reports/services/weeks';
import { Role } from '../../src/auth/roles';
import { plusDays } from '../../src/calendar';
import { idCardCheckChar } from '../../src/org/id-card';
import { createHttpServer } from '../../src/server';
import { accountWith, enableModule, reopenHistory } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit } from '../support/tree';

/**
 * Issue 14, item 3, the cases the attack found, over HTTP: ids inside inputs that named another
 * county's objects were used without a check. And the other side: the few input fields that must
 * name something above or beside the viewer's own subtree (declared with `@Reaches`) still work for
 * the people who use them, and still refuse another county.
 *
 * The tree: a city with two counties, A (ours) and B (theirs), each with a township, a work station,
 * a village and a mobile branch; every module on in both.
 */

let t: TestApp;
let url: string;
let stop: () => Promise<void>;
const PASSWORD = 'long-enough-password';
const userErrors = 'userErrors { code field message }';

interface County {
  county: string;
  township: string;
  station: string;
  village: string;
  mobileBranch: string;
  path: string;
}
let city: string;
let A: County;
let B: County;
/** A member of B's village, with an ID number and a phone, away with a notice sent to them. */
let theirs: { member: string; idCardNumber: string; phone: string; notice: string; scheme: string };
const token: Record<string, string> = {};

async function http(who: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${token[who]}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[]; extensions?: { requestId?: string } };
}

async function signIn(username: string, password = PASSWORD): Promise<string | null> {
  const r = await http(
    null,
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken ${userErrors} } }`,
    { u: username, p: password },
  );
  return r.data?.login?.accessToken ?? null;
}

async function as(username: string, role: Role, unit: string, memberId: string | null = null) {
  await accountWith(t, username, role, unit, memberId);
  token[username] = (await signIn(username))!;
}

async function must(query: string, input: object): Promise<any> {
  const r = await t.execute(query, { i: input });
  const payload: any = r.data && Object.values(r.data)[0];
  if (r.errors || payload?.userErrors?.length)
    throw new Error(`fixture ${query.slice(0, 70)}: ${JSON.stringify(r.errors ?? payload.userErrors)}`);
  return payload;
}

async function county(code: string): Promise<County> {
  const unit = (c: string, name: string, kind: string, parentId: string, extra: object = {}) =>
    createUnit(t, { code: c, name, kind, parentId, establishedOn: '2000-01-01', ...extra });
  const county = await unit(code, `${code}县委`, 'COUNTY_COMMITTEE', city);
  const township = await unit(`${code}-T1`, `${code}镇党委`, 'TOWNSHIP_COMMITTEE', county);
  const station = await unit(`${code}-T1-S1`, `${code}工作站`, 'WORK_STATION', township);
  const village = await unit(`${code}-V1`, `${code}村党支部`, 'BRANCH', station, { sector: 'RURAL' });
  const mobileBranch = await unit(`${code}-M1`, `${code}驻广州流动党支部`, 'BRANCH', county, { sector: 'MOBILE' });
  for (const m of t.app.registry.names) await enableModule(t, county, m);
  await reopenHistory(t, county);
  const [{ path }] = await t.app.db.query(`SELECT path FROM org_unit WHERE code = $1`, [code]);
  return { county, township, station, village, mobileBranch, path };
}

let people = 0;
async function member(branchId: string, extra: object = {}): Promise<string> {
  const r = await must(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`, {
    name: `党员${++people}`,
    gender: 'MALE',
    birthDate: '1980-01-01',
    category: 'RURAL',
    joinedOn: '2005-01-01',
    fullMemberSince: '2006-01-01',
    branchId,
    ...extra,
  });
  return r.member.id;
}

const year = () => Number(t.today.slice(0, 4));

async function scheme(unitId: string, name: string) {
  const r = await must(
    `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { id criteria { id } } ${userErrors} } }`,
    {
      unitId,
      year: year(),
      subjectType: 'MEMBER',
      name,
      thresholds: [10, 20, 30, 40, 50],
      criteria: [{ code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 }],
    },
  );
  return { id: r.scheme.id as string, criterionId: r.scheme.criteria[0].id as string };
}

async function away(memberId: string, leftOn: string) {
  const r = await must(
    `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } ${userErrors} } }`,
    { memberId, leftOn, province: '广东省', kind: 'CERTIFICATE_LETTER', reason: 'MIGRANT_WORK', phone: '13912345678' },
  );
  return r.record.id as string;
}

/** The audit events of a request, as the database holds them. */
const auditOf = (requestId: string | undefined) =>
  t.app.db.query(`SELECT operation, outcome, error_codes, unit_paths FROM audit_event WHERE request_id = $1`, [
    requestId,
  ]);

beforeAll(async () => {
  t = await createTestApp();
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  stop = () => apollo.stop();

  city = await createUnit(t, { code: 'CITY', name: '市委', kind: 'CITY_COMMITTEE', establishedOn: '2000-01-01' });
  A = await county('CA');
  B = await county('CB');
  const idCardNumber = `4507021980010100${1}` + idCardCheckChar('45070219800101001');
  const memberB = await member(B.village, { idCardNumber, phone: '13912345678', birthDate: null, gender: null });
  await away(memberB, plusDays(t.today, -30));
  const notice = await must(
    `mutation($i: PublishMobileNoticeInput!) { publishMobileNotice(input: $i) { notice { id } ${userErrors} } }`,
    { unitId: B.village, category: 'VILLAGE_AFFAIRS', title: '收支公开', body: '本季度收支情况' },
  );
  theirs = {
    member: memberB,
    idCardNumber,
    phone: '13912345678',
    notice: notice.notice.id,
    scheme: (await scheme(B.county, 'B县先锋星')).id,
  };
  await as('a-admin', Role.ADMIN, A.county);
  await as('a-secretary', Role.SECRETARY, A.village);
  await as('a-station', Role.STATION_STAFF, A.station);
  await as('b-admin', Role.ADMIN, B.county);
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

describe("the attack's cases, refused as if the other county's objects did not exist", () => {
  test("a county administrator cannot link a new account to another county's member (and so never reads their ID number, phone, history or notices)", async () => {
    const r = await http(
      'a-admin',
      `mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } ${userErrors} } }`,
      {
        i: {
          username: 'spy',
          displayName: '冒名账号',
          password: PASSWORD,
          memberId: theirs.member,
          grant: { role: 'ANALYST', unitId: A.county },
        },
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.createAccount).toEqual({
      account: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'memberId'], message: 'memberId不存在' }],
    });
    // No account: nobody signs in as it, reads the member's record or marks the other county's notice read.
    expect(await signIn('spy')).toBeNull();
    const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM account WHERE username = 'spy'`);
    expect(n).toBe(0);
    const [{ reads }] = await t.app.db.query(`SELECT count(*)::int AS reads FROM mm_notice_read`);
    expect(reads).toBe(0);

    // The other county's audit log shows the attempt; county A's administrator cannot read their member.
    const audit = await auditOf(r.extensions?.requestId);
    expect(audit).toEqual([
      expect.objectContaining({ operation: 'createAccount', outcome: 'REJECTED', error_codes: ['NOT_FOUND'] }),
    ]);
    const seenByB = await http(
      'b-admin',
      `{ auditEvents(operation: "createAccount", first: 10) { nodes { operation outcome errorCodes input } } }`,
    );
    expect(seenByB.data.auditEvents.nodes).toEqual([
      {
        operation: 'createAccount',
        outcome: 'REJECTED',
        errorCodes: ['NOT_FOUND'],
        input: expect.objectContaining({ memberId: theirs.member, password: '[redacted]' }),
      },
    ]);
    const node = await http('a-admin', `query($id: ID!) { node(id: $id) { id } }`, { id: theirs.member });
    expect(node.data.node).toBeNull();
  });

  test("a village secretary cannot give another county's member a post (no holderName leak, no post holder in their figures)", async () => {
    const r = await http(
      'a-secretary',
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id holderName } ${userErrors} } }`,
      { i: { unitId: A.village, memberId: theirs.member, role: 'SECRETARY', termStart: '2024-03-01' } },
    );
    expect(r.data.createPost).toEqual({
      post: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'memberId'], message: 'memberId不存在' }],
    });
    const their = await http(
      'b-admin',
      `query($m: ID!, $v: ID!) { node(id: $m) { ... on Member { holdsPost posts { id } } }
        village: node(id: $v) { ... on OrgUnit { vacancies(first: 5) { totalCount } } } }`,
      { m: theirs.member, v: B.village },
    );
    expect(their.data.node).toEqual({ holdsPost: false, posts: [] });
    expect(their.data.village.vacancies.totalCount).toBe(1);
    expect(await auditOf(r.extensions?.requestId)).toEqual([
      {
        operation: 'createPost',
        outcome: 'REJECTED',
        error_codes: ['NOT_FOUND'],
        unit_paths: expect.arrayContaining([expect.stringMatching(new RegExp(`^${B.path}`))]),
      },
    ]);
  });

  test("a county administrator cannot copy another county's star scheme; the city's scheme above may be copied", async () => {
    const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { name criteria { code title } } ${userErrors} } }`;
    const input = { unitId: A.county, year: year(), subjectType: 'MEMBER', thresholds: [10, 20, 30, 40, 50] };
    const stolen = await http('a-admin', SCHEME, { i: { ...input, name: '抄来的', copyFromId: theirs.scheme } });
    expect(stolen.data.createStarScheme).toEqual({
      scheme: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'copyFromId'], message: 'copyFromId不存在' }],
    });
    // The reach chosen for copyFromId: a scheme adopted at or above a unit where the viewer works.
    await enableModule(t, city, 'star-rating');
    const cityScheme = await scheme(city, '市级默认方案');
    const copied = await http('a-admin', SCHEME, { i: { ...input, name: '沿用市方案', copyFromId: cityScheme.id } });
    expect(copied.data.createStarScheme).toEqual({
      scheme: { name: '沿用市方案', criteria: [{ code: 'B', title: '志愿服务' }] },
      userErrors: [],
    });
  });

  test('an id that names nothing, or garbage, is the same NOT_FOUND as one out of scope', async () => {
    const POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { ${userErrors} } }`;
    const base = { unitId: A.village, role: 'SECRETARY', termStart: '2024-03-01' };
    const answers = await Promise.all(
      [theirs.member, Buffer.from('Member:999999').toString('base64url'), 'not-an-id'].map((memberId) =>
        http('a-secretary', POST, { i: { ...base, memberId } }),
      ),
    );
    for (const a of answers)
      expect(a.data.createPost.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'memberId'], message: 'memberId不存在' },
      ]);
  });
});

describe('the declared reaches: what lies above or beside the viewer is usable by those who need it, never another county', () => {
  test('every input field that reaches beyond what the viewer may see is declared, and these are all of them', () => {
    const found: string[] = [];
    const seen = new Set<string>();
    const visit = (type: GraphQLInputType) => {
      const u = getNullableType(type);
      if (isListType(u)) return visit(u.ofType);
      if (!isInputObjectType(u) || seen.has(u.name)) return;
      seen.add(u.name);
      for (const f of Object.values(u.getFields())) {
        if (f.extensions?.idReach) found.push(`${u.name}.${f.name}: ${String(f.extensions.idReach)}`);
        visit(f.type);
      }
    };
    for (const field of Object.values(t.schema.getMutationType()!.getFields()))
      field.args.forEach((a) => visit(a.type));
    expect(found.sort()).toEqual([
      'AdvanceDevelopmentInput.decidingUnitId: UNIT_ABOVE_WORK',
      'ApproveDuesReductionInput.committeeId: UNIT_ABOVE_WORK',
      'CopyWorkPlanItemsInput.fromItemIds: UNIT_ABOVE_WORK',
      'CorrectMeetingInput.planItemId: UNIT_ABOVE_WORK',
      'CreateStarSchemeInput.copyFromId: UNIT_ABOVE_WORK',
      'RecordMeetingInput.planItemId: UNIT_ABOVE_WORK',
      'RecordMemberAwayInput.receivingUnitId: WORKING_COUNTY',
      'RecordMobileDecisionInput.approvingUnitId: UNIT_ABOVE_WORK',
      'RecordStarEntryInput.criterionId: UNIT_ABOVE_WORK',
      'ReportAnswerInput.itemId: UNIT_ABOVE_WORK',
    ]);
  });

  test("a village secretary records a decision approved by the township above; another county's township is NOT_FOUND", async () => {
    const record = await away(await member(A.village), plusDays(t.today, -330));
    // Suspension presupposes a search: two unsuccessful contact attempts on different days (issue 15).
    for (const days of [-60, -30])
      await must(`mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { ${userErrors} } }`, {
        recordId: record,
        contactedOn: plusDays(t.today, days),
        channel: 'PHONE',
        reached: false,
      });
    const DECIDE = `mutation($i: RecordMobileDecisionInput!) { recordMobileDecision(input: $i) { record { status } ${userErrors} } }`;
    const input = { recordId: record, kind: 'SUSPEND', meetingOn: t.today, approvedOn: t.today };
    const other = await http('a-secretary', DECIDE, { i: { ...input, approvingUnitId: B.township } });
    expect(other.data.recordMobileDecision.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'approvingUnitId'], message: 'approvingUnitId不存在' },
    ]);
    const ok = await http('a-secretary', DECIDE, { i: { ...input, approvingUnitId: A.township } });
    expect(ok.data.recordMobileDecision).toEqual({ record: { status: 'SUSPENDED' }, userErrors: [] });
  });

  test("a village secretary sends a member to the county's mobile branch; another county's is NOT_FOUND", async () => {
    const AWAY = `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } ${userErrors} } }`;
    const input = {
      memberId: await member(A.village),
      leftOn: plusDays(t.today, -7),
      province: '广东省',
      kind: 'ACTIVITY_CARD',
      cardNumber: 'LD001',
      reason: 'MIGRANT_WORK',
    };
    const other = await http('a-secretary', AWAY, { i: { ...input, receivingUnitId: B.mobileBranch } });
    expect(other.data.recordMemberAway.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'receivingUnitId'], message: 'receivingUnitId不存在' },
    ]);
    const ok = await http('a-secretary', AWAY, { i: { ...input, receivingUnitId: A.mobileBranch } });
    expect(ok.data.recordMemberAway.userErrors).toEqual([]);
    // The secretary does not read the county's mobile branch; the county's administrator sees where it went.
    const seen = await http(
      'a-admin',
      `query($id: ID!) { node(id: $id) { ... on MobileRecord { receivingUnit { code } } } }`,
      {
        id: ok.data.recordMemberAway.record.id,
      },
    );
    expect(seen.data.node).toEqual({ receivingUnit: { code: 'CA-M1' } });
  });

  test("a village secretary scores against the township's scheme; another county's criterion is NOT_FOUND", async () => {
    const ours = await scheme(A.township, 'A镇先锋星');
    const theirsB = await t.execute(`query($id: ID!) { node(id: $id) { ... on StarScheme { criteria { id } } } }`, {
      id: theirs.scheme,
    });
    const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { points } ${userErrors} } }`;
    const input = { subjectId: await member(A.village), occurredOn: t.today };
    const other = await http('a-secretary', RECORD, {
      i: { ...input, criterionId: theirsB.data.node.criteria[0].id },
    });
    expect(other.data.recordStarEntry.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'criterionId'], message: 'criterionId不存在' },
    ]);
    const ok = await http('a-secretary', RECORD, { i: { ...input, criterionId: ours.criterionId } });
    expect(ok.data.recordStarEntry).toEqual({ entry: { points: 10 }, userErrors: [] });
  });

  test("station staff copy items of the township's plan, and a village answers the station's; another county's items are NOT_FOUND", async () => {
    const monday = mondayOf(t.today);
    const plan = async (unitId: string, issued: boolean) => {
      const p = (
        await must(
          `mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { workPlan { id items { id } } ${userErrors} } }`,
          { unitId, week: monday, items: [{ title: '走访困难群众', category: 'SERVICE' }] },
        )
      ).workPlan;
      if (issued)
        await must(`mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { ${userErrors} } }`, {
          planId: p.id,
        });
      return { id: p.id as string, itemId: p.items[0].id as string };
    };
    const township = await plan(A.township, true);
    const theirTownship = await plan(B.township, true);
    const draft = await plan(A.station, false);
    const COPY = `mutation($i: CopyWorkPlanItemsInput!) { copyWorkPlanItems(input: $i) { workPlan { items { title } } ${userErrors} } }`;
    const other = await http('a-station', COPY, { i: { planId: draft.id, fromItemIds: [theirTownship.itemId] } });
    expect(other.data.copyWorkPlanItems.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'fromItemIds', '0'], message: 'fromItemIds不存在' },
    ]);
    const copied = await http('a-station', COPY, { i: { planId: draft.id, fromItemIds: [township.itemId] } });
    expect(copied.data.copyWorkPlanItems.userErrors).toEqual([]);
    expect(copied.data.copyWorkPlanItems.workPlan.items).toHaveLength(2);

    // The village answers the item of its station's issued plan in its weekly report.
    await must(`mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { ${userErrors} } }`, {
      planId: draft.id,
    });
    const theirStation = await plan(B.station, true);
    const report = (
      await must(
        `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id planItems { id } } ${userErrors} } }`,
        { unitId: A.village, week: monday },
      )
    ).weeklyReport;
    const SAVE = `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { ${userErrors} } }`;
    const answer = (itemId: string) => ({
      reportId: report.id,
      answers: [{ itemId, outcome: 'DONE' }],
      otherWork: [],
      problems: [],
    });
    const wrong = await http('a-secretary', SAVE, { i: answer(theirStation.itemId) });
    expect(wrong.data.saveWeeklyReport.userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'answers', '0', 'itemId'], message: 'itemId不存在' },
    ]);
    const right = await http('a-secretary', SAVE, { i: answer(report.planItems[0].id) });
    expect(right.data.saveWeeklyReport.userErrors).toEqual([]);
  });
});
