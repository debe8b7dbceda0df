import { plusDays } from '../../../src/calendar';
import { codeOf, enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { createUnit } from '../../support/tree';
import {
  ASSIGN,
  CLOSE,
  countyWith,
  DEESCALATE,
  ESCALATE,
  ok,
  raise,
  RAISE,
  REOPEN,
  RESOLVE,
  START,
  STATS,
  type Exec,
} from './issues';

/** Every test has a county of its own; the clock is Wednesday 25 November 2026 unless a test moves it. */
let t: TestApp;
const today = '2026-11-25';

beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const lamp = (raisedUnitId: string) => ({
  title: '村道路灯损坏',
  category: 'INFRASTRUCTURE',
  source: 'VISIT_OR_PETITION',
  raisedUnitId,
});

/** An issue of village 1 that it assigned and started, then handed up to station A. */
async function atStation(as: Record<'sec-v1', Exec>, village1: string) {
  const issue = await raise(as['sec-v1'], lamp(village1));
  ok(await as['sec-v1'](ASSIGN, { i: { issueId: issue.id, responsiblePerson: '王村主任' } }), 'assignIssue');
  ok(await as['sec-v1'](START, { i: { issueId: issue.id } }), 'startIssue');
  ok(await as['sec-v1'](ESCALATE, { i: { issueId: issue.id, reason: '需要协调' } }), 'escalateIssue');
  return issue.id as string;
}

describe('the workflow', () => {
  test('a village raises an issue; it handles it first', async () => {
    const { tree, as } = await countyWith(t, 'WA', {}, 'sec-v1');
    const r = await as['sec-v1'](RAISE, {
      i: {
        ...lamp(tree.village1),
        deadline: plusDays(today, 10),
        attachments: [{ name: '现场照片.jpg', url: 'https://files.example/1.jpg' }],
      },
    });
    expect(ok(r, 'raiseIssue').issue).toMatchObject({
      status: 'OPEN',
      level: 'STATION_VILLAGE',
      handlingUnit: { code: 'WAC-V1' },
      deadline: plusDays(today, 10),
      timeline: [{ kind: 'RAISED', toStatus: 'OPEN', toUnit: { code: 'WAC-V1' } }],
    });
    const inspectionSource = await as['sec-v1'](RAISE, {
      i: { title: 'x', category: 'OTHER', source: 'INSPECTION', raisedUnitId: tree.village1 },
    });
    expect(inspectionSource.data.raiseIssue.userErrors[0].field).toEqual(['input', 'source']);
    // A deadline of today is accepted; yesterday's is not.
    const todays = await as['sec-v1'](RAISE, { i: { ...lamp(tree.village1), deadline: today } });
    expect(todays.data.raiseIssue.userErrors).toEqual([]);
    const past = await as['sec-v1'](RAISE, { i: { ...lamp(tree.village1), deadline: plusDays(today, -1) } });
    expect(past.data.raiseIssue.userErrors[0].field).toEqual(['input', 'deadline']);
  });

  test('steps out of order answer INVALID_STATE; each step is on the timeline', async () => {
    const { tree, as } = await countyWith(t, 'WB', {}, 'sec-v1');
    const sec = as['sec-v1'];
    const issue = await raise(sec, lamp(tree.village1));
    expect((await sec(RESOLVE, { i: { issueId: issue.id } })).data.resolveIssue.userErrors[0].code).toBe(
      'INVALID_STATE',
    );
    expect((await sec(START, { i: { issueId: issue.id } })).data.startIssue.userErrors[0].code).toBe('INVALID_STATE');
    const assigned = ok(await sec(ASSIGN, { i: { issueId: issue.id, responsiblePerson: '王村主任' } }), 'assignIssue');
    expect(assigned.issue).toMatchObject({
      status: 'ASSIGNED',
      responsiblePerson: '王村主任',
      responsibleUnit: { code: 'WBC-V1' },
    });
    const foreign = await sec(ASSIGN, { i: { issueId: issue.id, responsibleUnitId: tree.village2 } });
    expect(foreign.data.assignIssue.userErrors[0].field).toEqual(['input', 'responsibleUnitId']);
    const started = ok(await sec(START, { i: { issueId: issue.id } }), 'startIssue').issue;
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.timeline.map((e: any) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['RAISED', null, 'OPEN'],
      ['ASSIGNED', 'OPEN', 'ASSIGNED'],
      ['STARTED', 'ASSIGNED', 'IN_PROGRESS'],
    ]);
    // The village both raised and handles it: it cannot confirm its own work.
    ok(await sec(RESOLVE, { i: { issueId: issue.id } }), 'resolveIssue');
    expect(codeOf(await sec(CLOSE, { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
  });

  test('escalation hands it to the level above, open again there; de-escalation hands it down', async () => {
    const { tree, as } = await countyWith(t, 'WC', {}, 'sec-v1', 'staff-a', 'township');
    const issue = await raise(as['sec-v1'], lamp(tree.village1));
    ok(await as['sec-v1'](ASSIGN, { i: { issueId: issue.id, responsiblePerson: '王村主任' } }), 'assignIssue');
    const up = ok(
      await as['sec-v1'](ESCALATE, { i: { issueId: issue.id, reason: '需要镇里协调资金' } }),
      'escalateIssue',
    );
    // The village still sees its issue, but not the station it went to; an administrator sees both.
    expect(up.issue).toMatchObject({
      status: 'OPEN',
      handlingUnit: null,
      responsibleUnit: null,
      responsiblePerson: null,
      level: 'STATION_VILLAGE',
    });
    const seen = await t.execute(`query($id: ID!) { node(id: $id) { ... on Issue { handlingUnit { code } } } }`, {
      id: issue.id,
    });
    expect(seen.data.node.handlingUnit).toEqual({ code: 'WCC-T1-S1' });
    const up2 = ok(
      await as['staff-a'](ESCALATE, { i: { issueId: issue.id, reason: '站里无法解决' } }),
      'escalateIssue',
    );
    expect(up2.issue).toMatchObject({ handlingUnit: null, level: 'TOWNSHIP' });
    // Once handed up, the village and the station no longer work on it.
    expect(codeOf(await as['sec-v1'](ASSIGN, { i: { issueId: issue.id, responsiblePerson: 'x' } }))).toBe('FORBIDDEN');
    expect(codeOf(await as['staff-a'](ASSIGN, { i: { issueId: issue.id, responsiblePerson: 'x' } }))).toBe('FORBIDDEN');
    const down = ok(
      await as.township(DEESCALATE, { i: { issueId: issue.id, toUnitId: tree.stationA, reason: '由工作站牵头' } }),
      'deescalateIssue',
    );
    expect(down.issue).toMatchObject({ status: 'OPEN', handlingUnit: { code: 'WCC-T1-S1' }, level: 'STATION_VILLAGE' });
    const sideways = await as['staff-a'](DEESCALATE, {
      i: { issueId: issue.id, toUnitId: tree.village3, reason: 'x' },
    });
    expect(sideways.data.deescalateIssue.userErrors[0].field).toEqual(['input', 'toUnitId']);
    expect(down.issue.timeline.map((e: any) => [e.kind, e.fromUnit?.code ?? null, e.toUnit?.code ?? null])).toEqual([
      ['RAISED', null, 'WCC-V1'],
      ['ASSIGNED', null, null],
      ['ESCALATED', 'WCC-V1', 'WCC-T1-S1'],
      ['ESCALATED', 'WCC-T1-S1', 'WCC-T1'],
      ['DEESCALATED', 'WCC-T1', 'WCC-T1-S1'],
    ]);
  });

  test('closing is confirmed by the raising unit or the level above the solver, not by the solver', async () => {
    const { tree, as } = await countyWith(t, 'WD', {}, 'sec-v1', 'staff-a');
    const staff = as['staff-a'];
    const issue = await atStation(as, tree.village1);
    ok(await staff(ASSIGN, { i: { issueId: issue, responsiblePerson: '站长' } }), 'assignIssue');
    ok(await staff(START, { i: { issueId: issue } }), 'startIssue');
    expect(ok(await staff(RESOLVE, { i: { issueId: issue, note: '路灯已修复' } }), 'resolveIssue').issue.status).toBe(
      'RESOLVED',
    );
    // The station solved it; the station cannot confirm its own work. The raising village can.
    expect(codeOf(await staff(CLOSE, { i: { issueId: issue } }))).toBe('FORBIDDEN');
    const noNote = await as['sec-v1'](REOPEN, { i: { issueId: issue } });
    expect(noNote.data.reopenIssue.userErrors[0].field).toEqual(['input', 'note']);
    const reopened = ok(await as['sec-v1'](REOPEN, { i: { issueId: issue, note: '还有两盏未修' } }), 'reopenIssue');
    expect(reopened.issue.status).toBe('IN_PROGRESS');
    ok(await staff(RESOLVE, { i: { issueId: issue } }), 'resolveIssue');
    const closed = ok(await as['sec-v1'](CLOSE, { i: { issueId: issue, note: '核实已修复' } }), 'closeIssue');
    expect(closed.issue.status).toBe('CLOSED');
    const again = await as['sec-v1'](REOPEN, { i: { issueId: issue, note: 'x' } });
    expect(again.data.reopenIssue.userErrors[0].code).toBe('INVALID_STATE');
  });

  test('an issue raised and solved by one village is confirmed by the level above', async () => {
    const { tree, as } = await countyWith(t, 'WE', {}, 'sec-v2', 'staff-a');
    const issue = await raise(as['sec-v2'], {
      title: '邻里纠纷',
      category: 'DISPUTE',
      raisedUnitId: tree.village2,
      responsiblePerson: '调解员',
    });
    expect(issue.status).toBe('ASSIGNED');
    ok(await as['sec-v2'](START, { i: { issueId: issue.id } }), 'startIssue');
    ok(await as['sec-v2'](RESOLVE, { i: { issueId: issue.id } }), 'resolveIssue');
    expect(codeOf(await as['sec-v2'](CLOSE, { i: { issueId: issue.id } }))).toBe('FORBIDDEN');
    expect(ok(await as['staff-a'](CLOSE, { i: { issueId: issue.id } }), 'closeIssue').issue.status).toBe('CLOSED');
  });
});

describe('lists, access and figures', () => {
  /**
   * Four issues of one township, made through the API: a water pipe at village 3 raised on Friday 20
   * November with a deadline two days later (overdue from the 23rd), and on the 25th a lamp of village
   * 1 solved by station A and confirmed by the village, a dispute solved and confirmed within village
   * 2 and station A, and a township project assigned to station B. The tests only read them.
   */
  let tree: Awaited<ReturnType<typeof countyWith>>['tree'];
  let as: Awaited<ReturnType<typeof countyWith>>['as'];

  beforeAll(async () => {
    ({ tree, as } = await countyWith(t, 'IL', {}, 'sec-v1', 'sec-v2', 'sec-v3', 'staff-a', 'staff-b', 'township'));
    t.clock.set('2026-11-20');
    await raise(as['sec-v3'], {
      title: '饮水管道漏水',
      category: 'INFRASTRUCTURE',
      source: 'HOTLINE',
      raisedUnitId: tree.village3,
      responsiblePerson: '李会计',
      deadline: '2026-11-22',
    });
    t.clock.set(`${today}T09:00:00+08:00`);
    const lampId = await atStation(as, tree.village1);
    ok(await as['staff-a'](ASSIGN, { i: { issueId: lampId, responsiblePerson: '站长' } }), 'assignIssue');
    ok(await as['staff-a'](START, { i: { issueId: lampId } }), 'startIssue');
    ok(await as['staff-a'](RESOLVE, { i: { issueId: lampId } }), 'resolveIssue');
    t.clock.set(`${today}T10:00:00+08:00`);
    ok(await as['sec-v1'](CLOSE, { i: { issueId: lampId } }), 'closeIssue');
    const dispute = await raise(as['sec-v2'], {
      title: '邻里纠纷',
      category: 'DISPUTE',
      raisedUnitId: tree.village2,
      responsiblePerson: '调解员',
    });
    ok(await as['sec-v2'](START, { i: { issueId: dispute.id } }), 'startIssue');
    ok(await as['sec-v2'](RESOLVE, { i: { issueId: dispute.id } }), 'resolveIssue');
    t.clock.set(`${today}T11:00:00+08:00`);
    ok(await as['staff-a'](CLOSE, { i: { issueId: dispute.id } }), 'closeIssue');
    await raise(as.township, {
      title: '镇级项目协调',
      category: 'LIVELIHOOD',
      source: 'SUGGESTION',
      raisedUnitId: tree.township,
      responsibleUnitId: tree.stationB,
    });
  });

  const LIST = `query($u: ID!, $overdue: Boolean, $levels: [HandlingLevel!]) { issueList(under: $u, overdue: $overdue, levels: $levels) { totalCount nodes { title status } } }`;
  const titles = (r: any) => r.data.issueList.nodes.map((n: any) => n.title);

  test('the problem list of a township holds everything under it; filters by overdue and level', async () => {
    expect((await as.township(LIST, { u: tree.township })).data.issueList.totalCount).toBe(4);
    expect(titles(await as.township(LIST, { u: tree.township, overdue: true }))).toEqual(['饮水管道漏水']);
    expect(titles(await as.township(LIST, { u: tree.township, levels: ['TOWNSHIP'] }))).toEqual(['镇级项目协调']);
  });

  test('overdue from the day after the deadline: on the deadline day it is not', async () => {
    t.clock.set('2026-11-22');
    expect((await as.township(LIST, { u: tree.township, overdue: true })).data.issueList.totalCount).toBe(0);
    t.clock.set('2026-11-23T00:00:00+08:00');
    expect(titles(await as.township(LIST, { u: tree.township, overdue: true }))).toEqual(['饮水管道漏水']);
  });

  test("a village sees its own issues and those it is responsible for; not its neighbour's", async () => {
    expect(titles(await as['sec-v2'](LIST, { u: tree.village2 }))).toEqual(['邻里纠纷']);
    expect(codeOf(await as['sec-v2'](LIST, { u: tree.village1 }))).toBe('NOT_FOUND');
    expect(titles(await as.township(LIST, { u: tree.village1 }))).toEqual(['村道路灯损坏']);
    expect(codeOf(await as['staff-a'](LIST, { u: tree.stationB }))).toBe('NOT_FOUND');
    // Station B is responsible for the township's project: it is on station B's list.
    expect(titles(await as['staff-b'](LIST, { u: tree.stationB }))).toEqual(['镇级项目协调', '饮水管道漏水']);
  });

  test('the responsibility list groups open issues by unit and person, most overdue first; the closure list says who confirmed', async () => {
    const r = await as.township(
      `query($u: ID!) { responsibilityList(under: $u) { unit { code } person open overdue } }`,
      { u: tree.township },
    );
    expect(r.data.responsibilityList).toEqual([
      { unit: { code: 'ILC-V3' }, person: '李会计', open: 1, overdue: 1 },
      { unit: { code: 'ILC-T1-S2' }, person: null, open: 1, overdue: 0 },
    ]);
    const c = await as.township(
      `query($u: ID!, $d: Date!) { closureList(under: $u, from: $d, to: $d) { nodes { title closedByName } } }`,
      { u: tree.township, d: today },
    );
    expect(c.data.closureList.nodes).toEqual([
      { title: '邻里纠纷', closedByName: 'il-staff-a' },
      { title: '村道路灯损坏', closedByName: 'il-sec-v1' },
    ]);
  });

  test('issueStats: raised, resolved, closed, overdue now, median days, resolved by level', async () => {
    const r = await as.township(STATS, { u: tree.township, from: '2026-11-20', to: today });
    expect(r.errors).toBeUndefined();
    expect(r.data.node.issueStats).toEqual({
      raised: 4,
      resolved: 2,
      closed: 2,
      awaitingConfirmation: 0,
      overdueNow: 1,
      medianDaysToClose: 0,
      resolvedByLevel: [
        { level: 'STATION_VILLAGE', closed: 2, awaitingConfirmation: 0, share: 1 },
        { level: 'TOWNSHIP', closed: 0, awaitingConfirmation: 0, share: 0 },
        { level: 'COUNTY', closed: 0, awaitingConfirmation: 0, share: 0 },
        { level: 'CITY', closed: 0, awaitingConfirmation: 0, share: 0 },
      ],
    });
    // A period is made of Shanghai days: the water pipe of the 20th is not in the 21st–25th.
    const later = await as.township(STATS, { u: tree.township, from: '2026-11-21', to: today });
    expect(later.data.node.issueStats).toMatchObject({ raised: 3, resolved: 2, closed: 2 });
  });
});

describe('inspections (随机督导)', () => {
  const RECORD = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id unannounced inspectors
    findings { id title source status deadline handlingUnit { code } responsibleUnit { code } } } userErrors { code field message } } }`;
  const inspect = (unitId: string, byUnitId: string, findings: object[]) => ({
    i: { unitId, byUnitId, inspectedOn: today, inspectors: ['组织委员'], unannounced: true, findings },
  });

  test('findings become issues of the inspected unit with deadlines; feedback and notice are recorded', async () => {
    const { tree, as } = await countyWith(t, 'IA', {}, 'township', 'sec-v1');
    const inspection = ok(
      await as.township(
        RECORD,
        inspect(tree.village3, tree.township, [
          { title: '三会一课记录不全', category: 'PARTY_BUILDING', deadline: plusDays(today, 14) },
          { title: '公开栏未更新', category: 'POLICY_IMPLEMENTATION', deadline: plusDays(today, 7) },
        ]),
      ),
      'recordInspection',
    ).inspection;
    const finding = (title: string, deadline: string) => ({
      id: expect.any(String),
      title,
      source: 'INSPECTION',
      status: 'ASSIGNED',
      deadline,
      handlingUnit: { code: 'IAC-V3' },
      responsibleUnit: { code: 'IAC-V3' },
    });
    expect(inspection.findings).toEqual([
      finding('三会一课记录不全', plusDays(today, 14)),
      finding('公开栏未更新', plusDays(today, 7)),
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
    // A village secretary cannot see the township or a neighbouring village:
    // both ids are NOT_FOUND (the core's id check).
    const refused = await as['sec-v1'](RECORD, inspect(tree.village3, tree.township, []));
    expect(refused.data.recordInspection).toEqual({
      inspection: null,
      userErrors: [
        { code: 'NOT_FOUND', field: ['input', 'unitId'], message: expect.any(String) },
        { code: 'NOT_FOUND', field: ['input', 'byUnitId'], message: expect.any(String) },
      ],
    });
  });

  test("key rectification: unmarked only when the unit's findings are closed", async () => {
    const { tree, as } = await countyWith(t, 'IB', {}, 'staff-a', 'sec-v1', 'sec-v3', 'township');
    const MARK = `mutation($i: KeyRectificationInput!) { markKeyRectification(input: $i) { keyRectification { markedOn unmarkedOn } userErrors { code } } }`;
    const UNMARK = `mutation($i: KeyRectificationInput!) { unmarkKeyRectification(input: $i) { keyRectification { unmarkedOn } userErrors { code message } } }`;
    // Marks are set by the level above the unit.
    ok(await as['staff-a'](MARK, { i: { unitId: tree.village1, reason: 'x' } }), 'markKeyRectification');
    expect(codeOf(await as['sec-v1'](MARK, { i: { unitId: tree.village1, reason: 'x' } }))).toBe('FORBIDDEN');
    const findings = ok(
      await as.township(
        RECORD,
        inspect(tree.village3, tree.township, [
          { title: '三会一课记录不全', category: 'PARTY_BUILDING', deadline: plusDays(today, 14) },
          { title: '公开栏未更新', category: 'POLICY_IMPLEMENTATION', deadline: plusDays(today, 7) },
        ]),
      ),
      'recordInspection',
    ).inspection.findings.map((f: any) => f.id as string);
    ok(await as.township(MARK, { i: { unitId: tree.village3, reason: '督导发现问题较多' } }), 'markKeyRectification');
    const early = await as.township(UNMARK, { i: { unitId: tree.village3 } });
    expect(early.data.unmarkKeyRectification.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('还有 2 个检查发现的问题未销号'),
    });
    // The village rectifies both findings a week later; the township, which inspected, confirms them.
    t.clock.set(plusDays(today, 7));
    for (const id of findings) {
      ok(await as['sec-v3'](START, { i: { issueId: id } }), 'startIssue');
      ok(await as['sec-v3'](RESOLVE, { i: { issueId: id, note: '已整改' } }), 'resolveIssue');
    }
    ok(await as.township(CLOSE, { i: { issueId: findings[0] } }), 'closeIssue');
    // One finding still open: the mark stays.
    const half = await as.township(UNMARK, { i: { unitId: tree.village3 } });
    expect(half.data.unmarkKeyRectification.userErrors[0].message).toContain('还有 1 个检查发现的问题未销号');
    ok(await as.township(CLOSE, { i: { issueId: findings[1] } }), 'closeIssue');
    const unmarked = ok(await as.township(UNMARK, { i: { unitId: tree.village3 } }), 'unmarkKeyRectification');
    expect(unmarked.keyRectification.unmarkedOn).toBe(plusDays(today, 7));
  });
});

test('a unit whose township switched the module off answers MODULE_DISABLED', async () => {
  const { tree } = await countyWith(t, 'MO', {});
  const other = await createUnit(t, {
    code: 'MOC-T2',
    name: '第二镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  await enableModule(t, other, 'issue-lists', false);
  expect(codeOf(await t.execute(RAISE, { i: { ...lamp(other), title: 'x' } }))).toBe('MODULE_DISABLED');
  expect(codeOf(await t.execute(`query($u: ID!) { issueList(under: $u) { totalCount } }`, { u: other }))).toBe(
    'MODULE_DISABLED',
  );
  // Nothing was written: the county's list (where the module is on) holds no issue.
  expect(
    (await t.execute(`query($u: ID!) { issueList(under: $u) { totalCount } }`, { u: tree.county })).data.issueList
      .totalCount,
  ).toBe(0);
});

test('fifty simultaneous starts of the same issue: exactly one moves it, the rest are INVALID_STATE; the audit log agrees', async () => {
  const { tree, as } = await countyWith(t, 'CS', {}, 'sec-v1');
  const issue = await raise(as['sec-v1'], { title: '并发演练', raisedUnitId: tree.village1 });
  ok(await as['sec-v1'](ASSIGN, { i: { issueId: issue.id, responsiblePerson: '王村主任' } }), 'assignIssue');
  const results = await Promise.all(
    Array.from({ length: 50 }, () => as['sec-v1'](START, { i: { issueId: issue.id } })),
  );
  const codes = results.map((x) => x.data.startIssue.userErrors[0]?.code ?? 'OK');
  expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
  expect(codes.filter((c) => c === 'INVALID_STATE')).toHaveLength(49);
  const audited = await t.app.db.query(
    `SELECT outcome, count(*)::int AS n FROM audit_event
     WHERE operation = 'startIssue' AND $1 = ANY(target_ids) GROUP BY outcome ORDER BY outcome`,
    [issue.id],
  );
  expect(audited).toEqual([
    { outcome: 'OK', n: 1 },
    { outcome: 'REJECTED', n: 49 },
  ]);
  const after = await t.execute(`query($id: ID!) { node(id: $id) { ... on Issue { status timeline { kind } } } }`, {
    id: issue.id,
  });
  expect(after.data.node).toEqual({
    status: 'IN_PROGRESS',
    timeline: [{ kind: 'RAISED' }, { kind: 'ASSIGNED' }, { kind: 'STARTED' }],
  });
});
