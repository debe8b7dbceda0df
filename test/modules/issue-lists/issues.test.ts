import { plusDays } from '../../../src/calendar';
import { Role } from '../../../src/auth/roles';
import { decodeIntId } from '../../../src/graphql/global-id';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let today: string;
const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;
type Exec = Awaited<ReturnType<TestApp['as']>>;
const as: Record<string, Exec> = {};

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  today = t.today;
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "issue-lists", enabled: true }) { userErrors { code } } }`,
    { u: tree.county },
  );
  await t.app.db.transaction(async (tx) => {
    for (const [username, unit, role] of [
      ['sec-v1', tree.village1, Role.SECRETARY],
      ['sec-v2', tree.village2, Role.SECRETARY],
      ['staff-a', tree.stationA, Role.STATION_STAFF],
      ['township', tree.township, Role.SECRETARY],
    ] as const) {
      const a = await t.app.auth.createAccount(tx, {
        username,
        displayName: username,
        password: 'long-enough-password',
        memberId: null,
      });
      await t.app.auth.grant(tx, a.id, decodeIntId(unit, 'OrgUnit'), role, null);
    }
  });
  for (const u of ['sec-v1', 'sec-v2', 'staff-a', 'township']) as[u] = await t.as(u);
});
afterAll(() => t?.close());

const ISSUE = `{ id status version deadline overdue level responsiblePerson handlingUnit { code } responsibleUnit { code } timeline { kind fromStatus toStatus note fromUnit { code } toUnit { code } } }`;
const RAISE = `mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { issue ${ISSUE} userErrors { code field message } } }`;
const act = (name: string, inputType = 'IssueActionInput') =>
  `mutation($i: ${inputType}!) { ${name}(input: $i) { issue ${ISSUE} userErrors { code field message } } }`;

describe('the workflow', () => {
  let issue: any;

  test('a village raises an issue; it handles it first', async () => {
    const r = await as['sec-v1'](RAISE, {
      i: {
        title: '村道路灯损坏',
        category: 'INFRASTRUCTURE',
        source: 'VISIT_OR_PETITION',
        raisedUnitId: tree.village1,
        deadline: plusDays(today, 10),
        attachments: [{ name: '现场照片.jpg', url: 'https://files.example/1.jpg' }],
      },
    });
    expect(r.data.raiseIssue.userErrors).toEqual([]);
    issue = r.data.raiseIssue.issue;
    expect(issue).toMatchObject({
      status: 'OPEN',
      level: 'STATION_VILLAGE',
      handlingUnit: { code: 'TC-V1' },
      timeline: [{ kind: 'RAISED', toStatus: 'OPEN' }],
    });
    const inspectionSource = await as['sec-v1'](RAISE, {
      i: { title: 'x', category: 'OTHER', source: 'INSPECTION', raisedUnitId: tree.village1 },
    });
    expect(inspectionSource.data.raiseIssue.userErrors[0].field).toEqual(['input', 'source']);
    const past = await as['sec-v1'](RAISE, {
      i: {
        title: 'x',
        category: 'OTHER',
        source: 'HOTLINE',
        raisedUnitId: tree.village1,
        deadline: plusDays(today, -1),
      },
    });
    expect(past.data.raiseIssue.userErrors[0].field).toEqual(['input', 'deadline']);
  });

  test('steps out of order answer INVALID_STATE; each step is on the timeline', async () => {
    expect(
      (await as['sec-v1'](act('resolveIssue'), { i: { issueId: issue.id } })).data.resolveIssue.userErrors[0].code,
    ).toBe('INVALID_STATE');
    expect(
      (await as['sec-v1'](act('startIssue'), { i: { issueId: issue.id } })).data.startIssue.userErrors[0].code,
    ).toBe('INVALID_STATE');
    const assigned = await as['sec-v1'](act('assignIssue', 'AssignIssueInput'), {
      i: { issueId: issue.id, responsiblePerson: '王村主任' },
    });
    expect(assigned.data.assignIssue.issue).toMatchObject({
      status: 'ASSIGNED',
      responsiblePerson: '王村主任',
      responsibleUnit: { code: 'TC-V1' },
    });
    const foreign = await as['sec-v1'](act('assignIssue', 'AssignIssueInput'), {
      i: { issueId: issue.id, responsibleUnitId: tree.village2 },
    });
    expect(foreign.data.assignIssue.userErrors[0].field).toEqual(['input', 'responsibleUnitId']);
    expect((await as['sec-v1'](act('startIssue'), { i: { issueId: issue.id } })).data.startIssue.issue.status).toBe(
      'IN_PROGRESS',
    );
    // The village both raised and handles it: it cannot confirm its own work.
    expect(codeOf(await as['sec-v1'](act('closeIssue'), { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
  });

  test('escalation hands it to the level above, open again there; de-escalation hands it down', async () => {
    const up = await as['sec-v1'](act('escalateIssue', 'HandOverIssueInput'), {
      i: { issueId: issue.id, reason: '需要镇里协调资金' },
    });
    // The village still sees its issue, but not the station it went to; an administrator sees both.
    expect(up.data.escalateIssue.issue).toMatchObject({
      status: 'OPEN',
      handlingUnit: null,
      responsibleUnit: null,
      level: 'STATION_VILLAGE',
    });
    expect(
      (
        await t.execute(`query($id: ID!) { node(id: $id) { ... on Issue { handlingUnit { code } } } }`, {
          id: issue.id,
        })
      ).data.node.handlingUnit,
    ).toEqual({ code: 'TC-T1-S1' });
    const up2 = await as['staff-a'](act('escalateIssue', 'HandOverIssueInput'), {
      i: { issueId: issue.id, reason: '站里无法解决' },
    });
    expect(up2.data.escalateIssue.issue).toMatchObject({ handlingUnit: null, level: 'TOWNSHIP' });
    // Once handed up, the village no longer works on it.
    expect(codeOf(await as['sec-v1'](act('startIssue'), { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
    const down = await as.township(act('deescalateIssue', 'HandOverIssueInput'), {
      i: { issueId: issue.id, toUnitId: tree.stationA, reason: '由工作站牵头' },
    });
    expect(down.data.deescalateIssue.issue.handlingUnit).toEqual({ code: 'TC-T1-S1' });
    const sideways = await as['staff-a'](act('deescalateIssue', 'HandOverIssueInput'), {
      i: { issueId: issue.id, toUnitId: tree.village3, reason: 'x' },
    });
    expect(sideways.data.deescalateIssue.userErrors[0].field).toEqual(['input', 'toUnitId']);
    const timeline = down.data.deescalateIssue.issue.timeline.map((e: any) => [
      e.kind,
      e.fromUnit?.code ?? null,
      e.toUnit?.code ?? null,
    ]);
    expect(timeline.filter((e: any) => e[0] !== 'ASSIGNED' && e[0] !== 'STARTED')).toEqual([
      ['RAISED', null, 'TC-V1'],
      ['ESCALATED', 'TC-V1', 'TC-T1-S1'],
      ['ESCALATED', 'TC-T1-S1', 'TC-T1'],
      ['DEESCALATED', 'TC-T1', 'TC-T1-S1'],
    ]);
  });

  test('closing is confirmed by the raising unit or the level above the solver, not by the solver', async () => {
    const staff = as['staff-a'];
    await staff(act('assignIssue', 'AssignIssueInput'), { i: { issueId: issue.id, responsiblePerson: '站长' } });
    await staff(act('startIssue'), { i: { issueId: issue.id } });
    const resolved = await staff(act('resolveIssue'), { i: { issueId: issue.id, note: '路灯已修复' } });
    expect(resolved.data.resolveIssue.issue.status).toBe('RESOLVED');
    // The station solved it; the station cannot confirm its own work. The raising village can.
    expect(codeOf(await staff(act('closeIssue'), { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
    const reopened = await as['sec-v1'](act('reopenIssue'), { i: { issueId: issue.id } });
    expect(reopened.data.reopenIssue.userErrors[0].field).toEqual(['input', 'note']);
    expect(
      (await as['sec-v1'](act('reopenIssue'), { i: { issueId: issue.id, note: '还有两盏未修' } })).data.reopenIssue
        .issue.status,
    ).toBe('IN_PROGRESS');
    await staff(act('resolveIssue'), { i: { issueId: issue.id } });
    const closed = await as['sec-v1'](act('closeIssue'), { i: { issueId: issue.id, note: '核实已修复' } });
    expect(closed.data.closeIssue.issue.status).toBe('CLOSED');
    expect(
      (await as['sec-v1'](act('reopenIssue'), { i: { issueId: issue.id, note: 'x' } })).data.reopenIssue.userErrors[0]
        .code,
    ).toBe('INVALID_STATE');
  });

  test('an issue raised and solved by one village is confirmed by the level above', async () => {
    const r = await as['sec-v2'](RAISE, {
      i: {
        title: '邻里纠纷',
        category: 'DISPUTE',
        source: 'OTHER',
        raisedUnitId: tree.village2,
        responsiblePerson: '调解员',
      },
    });
    const id = r.data.raiseIssue.issue.id;
    expect(r.data.raiseIssue.issue.status).toBe('ASSIGNED');
    await as['sec-v2'](act('startIssue'), { i: { issueId: id } });
    await as['sec-v2'](act('resolveIssue'), { i: { issueId: id } });
    expect(codeOf(await as['sec-v2'](act('closeIssue'), { i: { issueId: id } }))).toBe('FORBIDDEN');
    expect((await as['staff-a'](act('closeIssue'), { i: { issueId: id } })).data.closeIssue.issue.status).toBe(
      'CLOSED',
    );
  });
});

describe('lists, access and figures', () => {
  beforeAll(async () => {
    // An overdue issue at village 3 (station B), a township issue, an issue of village 1 that village 2 is not part of.
    await t.execute(RAISE, {
      i: {
        title: '饮水管道漏水',
        category: 'INFRASTRUCTURE',
        source: 'HOTLINE',
        raisedUnitId: tree.village3,
        responsiblePerson: '李会计',
        deadline: today,
      },
    });
    await t.app.db.query(`UPDATE il_issue SET deadline = $1::date - 3 WHERE title = '饮水管道漏水'`, [today]);
    await t.execute(RAISE, {
      i: {
        title: '镇级项目协调',
        category: 'LIVELIHOOD',
        source: 'SUGGESTION',
        raisedUnitId: tree.township,
        responsibleUnitId: tree.stationB,
      },
    });
  });

  const LIST = `query($u: ID!, $overdue: Boolean, $levels: [HandlingLevel!]) { issueList(under: $u, overdue: $overdue, levels: $levels) { totalCount nodes { title status } } }`;

  test('the problem list of a township holds everything under it; filters by overdue and level', async () => {
    const all = await as.township(LIST, { u: tree.township });
    expect(all.data.issueList.totalCount).toBe(4);
    expect(
      (await as.township(LIST, { u: tree.township, overdue: true })).data.issueList.nodes.map((n: any) => n.title),
    ).toEqual(['饮水管道漏水']);
    expect(
      (await as.township(LIST, { u: tree.township, levels: ['TOWNSHIP'] })).data.issueList.nodes.map(
        (n: any) => n.title,
      ),
    ).toEqual(['镇级项目协调']);
  });

  test("a village sees its own issues and those it is responsible for; not its neighbour's", async () => {
    const mine = await as['sec-v2'](LIST, { u: tree.village2 });
    expect(mine.data.issueList.nodes.map((n: any) => n.title)).toEqual(['邻里纠纷']);
    expect(codeOf(await as['sec-v2'](LIST, { u: tree.village1 }))).toBe('NOT_FOUND');
    const first = (await as.township(LIST, { u: tree.village1 })).data.issueList.nodes;
    expect(first.map((n: any) => n.title)).toEqual(['村道路灯损坏']);
    const stationB = await as['staff-a'](LIST, { u: tree.stationB });
    expect(codeOf(stationB)).toBe('NOT_FOUND');
  });

  test('the responsibility list groups open issues by unit and person, most overdue first; the closure list says who confirmed', async () => {
    const r = await as.township(
      `query($u: ID!) { responsibilityList(under: $u) { unit { code } person open overdue } }`,
      { u: tree.township },
    );
    expect(r.data.responsibilityList).toEqual([
      { unit: { code: 'TC-V3' }, person: '李会计', open: 1, overdue: 1 },
      { unit: { code: 'TC-T1-S2' }, person: null, open: 1, overdue: 0 },
    ]);
    const c = await as.township(
      `query($u: ID!, $d: Date!) { closureList(under: $u, from: $d, to: $d) { nodes { title closedByName } } }`,
      { u: tree.township, d: today },
    );
    expect(c.data.closureList.nodes).toEqual([
      { title: '邻里纠纷', closedByName: 'staff-a' },
      { title: '村道路灯损坏', closedByName: 'sec-v1' },
    ]);
  });

  test('issueStats: raised, resolved, closed, overdue now, median days, resolved by level', async () => {
    const r = await as.township(
      `query($u: ID!, $d: Date!) { node(id: $u) { ... on OrgUnit { issueStats(from: $d, to: $d) {
      raised resolved closed overdueNow medianDaysToClose resolvedByLevel { level count share } } } } }`,
      { u: tree.township, d: today },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.node.issueStats).toEqual({
      raised: 4,
      resolved: 2,
      closed: 2,
      overdueNow: 1,
      medianDaysToClose: 0,
      resolvedByLevel: [
        { level: 'STATION_VILLAGE', count: 2, share: 1 },
        { level: 'TOWNSHIP', count: 0, share: 0 },
        { level: 'COUNTY', count: 0, share: 0 },
        { level: 'CITY', count: 0, share: 0 },
      ],
    });
  });
});

describe('inspections (随机督导)', () => {
  let inspection: any;
  test('findings become issues of the inspected unit with deadlines; feedback and notice are recorded', async () => {
    const r = await as.township(
      `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id unannounced inspectors
      findings { title source status deadline handlingUnit { code } responsibleUnit { code } } } userErrors { code field message } } }`,
      {
        i: {
          unitId: tree.village3,
          byUnitId: tree.township,
          inspectedOn: today,
          inspectors: ['组织委员'],
          unannounced: true,
          findings: [
            { title: '三会一课记录不全', category: 'PARTY_BUILDING', deadline: plusDays(today, 14) },
            { title: '公开栏未更新', category: 'POLICY_IMPLEMENTATION', deadline: plusDays(today, 7) },
          ],
        },
      },
    );
    expect(r.data.recordInspection.userErrors).toEqual([]);
    inspection = r.data.recordInspection.inspection;
    expect(inspection.findings).toEqual([
      {
        title: '三会一课记录不全',
        source: 'INSPECTION',
        status: 'ASSIGNED',
        deadline: plusDays(today, 14),
        handlingUnit: { code: 'TC-V3' },
        responsibleUnit: { code: 'TC-V3' },
      },
      {
        title: '公开栏未更新',
        source: 'INSPECTION',
        status: 'ASSIGNED',
        deadline: plusDays(today, 7),
        handlingUnit: { code: 'TC-V3' },
        responsibleUnit: { code: 'TC-V3' },
      },
    ]);
    const fb = await as.township(
      `mutation($i: InspectionFeedbackInput!) { recordInspectionFeedback(input: $i) { inspection { feedback feedbackOn notice } } }`,
      { i: { inspectionId: inspection.id, feedback: '当面反馈', notice: '全镇通报' } },
    );
    expect(fb.data.recordInspectionFeedback.inspection).toEqual({
      feedback: '当面反馈',
      feedbackOn: today,
      notice: '全镇通报',
    });
    expect(
      codeOf(
        await as['sec-v1'](
          `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { userErrors { code } } }`,
          {
            i: {
              unitId: tree.village3,
              byUnitId: tree.township,
              inspectedOn: today,
              inspectors: ['x'],
              unannounced: true,
              findings: [],
            },
          },
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  test("key rectification: unmarked only when the unit's findings are closed", async () => {
    const MARK = `mutation($i: KeyRectificationInput!) { markKeyRectification(input: $i) { keyRectification { markedOn unmarkedOn } userErrors { code } } }`;
    const UNMARK = `mutation($i: KeyRectificationInput!) { unmarkKeyRectification(input: $i) { keyRectification { unmarkedOn } userErrors { code message } } }`;
    expect(
      (await as['staff-a'](MARK, { i: { unitId: tree.village1, reason: 'x' } })).data.markKeyRectification.userErrors,
    ).toEqual([]);
    expect(codeOf(await as['sec-v1'](MARK, { i: { unitId: tree.village1, reason: 'x' } }))).toBe('FORBIDDEN');
    expect(
      (await t.execute(MARK, { i: { unitId: tree.village3, reason: '督导发现问题较多' } })).data.markKeyRectification
        .userErrors,
    ).toEqual([]);
    const early = await t.execute(UNMARK, { i: { unitId: tree.village3 } });
    expect(early.data.unmarkKeyRectification.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('2 inspection findings'),
    });
    await t.app.db.query(`UPDATE il_issue SET status = 'CLOSED', closed_at = now() WHERE inspection_id = $1`, [
      decodeIntId(inspection.id, 'Inspection'),
    ]);
    expect(
      (await t.execute(UNMARK, { i: { unitId: tree.village3 } })).data.unmarkKeyRectification.keyRectification
        .unmarkedOn,
    ).toBe(today);
  });
});

test('a unit whose township switched the module off answers MODULE_DISABLED', async () => {
  const other = await createUnit(t, {
    code: 'TC-T2',
    name: '第二镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "issue-lists", enabled: false }) { userErrors { code } } }`,
    { u: other },
  );
  expect(
    codeOf(await t.execute(RAISE, { i: { title: 'x', category: 'OTHER', source: 'OTHER', raisedUnitId: other } })),
  ).toBe('MODULE_DISABLED');
  expect(codeOf(await t.execute(`query($u: ID!) { issueList(under: $u) { totalCount } }`, { u: other }))).toBe(
    'MODULE_DISABLED',
  );
});

// Last in the file: the extra issue would change the figures counted above.
test('fifty simultaneous starts of the same issue: exactly one moves it, the rest are INVALID_STATE; the audit log agrees', async () => {
  const r = await as['sec-v1'](RAISE, {
    i: { title: '并发演练', category: 'OTHER', source: 'OTHER', raisedUnitId: tree.village1 },
  });
  const id = r.data.raiseIssue.issue.id;
  await as['sec-v1'](act('assignIssue', 'AssignIssueInput'), { i: { issueId: id, responsiblePerson: '王村主任' } });
  const audited = async () =>
    t.app.db.query(
      `SELECT outcome, count(*)::int AS n FROM audit_event WHERE operation = 'startIssue' GROUP BY outcome ORDER BY outcome`,
    );
  const before = Object.fromEntries((await audited()).map((x: any) => [x.outcome, x.n]));
  const results = await Promise.all(
    Array.from({ length: 50 }, () => as['sec-v1'](act('startIssue'), { i: { issueId: id } })),
  );
  const codes = results.map((x) => x.data.startIssue.userErrors[0]?.code ?? 'OK');
  expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
  expect(codes.filter((c) => c === 'INVALID_STATE')).toHaveLength(49);
  const after = Object.fromEntries((await audited()).map((x: any) => [x.outcome, x.n]));
  expect({ ok: after.OK - (before.OK ?? 0), rejected: after.REJECTED - (before.REJECTED ?? 0) }).toEqual({
    ok: 1,
    rejected: 49,
  });
  const issue = await t.execute(`query($id: ID!) { node(id: $id) { ... on Issue { status timeline { kind } } } }`, {
    id,
  });
  expect(issue.data.node).toEqual({
    status: 'IN_PROGRESS',
    timeline: [{ kind: 'RAISED' }, { kind: 'ASSIGNED' }, { kind: 'STARTED' }],
  });
});
