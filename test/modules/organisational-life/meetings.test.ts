import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Organisational life: recording meetings with attendance and the refusals, schedules at their period
 * edges, compliance rolled up, silence at 29/30/31 days, the six-month rule at its edge, access per
 * role, the module switched off, and a past period unchanged by a later move. The clock is pinned.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const RECORD = `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) {
  meeting { id kind heldOn countsFor version status attendance { status reason online } }
  userErrors { code field message } } }`;
const CORRECT = `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { meeting { id version topic } userErrors { code field message } } }`;
const CANCEL = `mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { meeting { id status } userErrors { code field message } } }`;
const COMPLIANCE = `query($u: ID!, $f: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  meetingCompliance(from: $f, to: $to) { due held heldLate missing notYetEnded
    byKind { kind due held heldLate missing }
    periods { kind periodStart periodEnd due held heldLate missing notYetEnded } } } } }`;
const SCHEDULE = `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { meetingSchedule(year: $y) { kind periodStart periodEnd status meetings } } } }`;
const SILENT = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { silentBranches(asOf: $d) { branch { id } lastMeetingOn days } } } }`;
const NOT_TAKING_PART = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit {
  membersNotTakingPart(asOf: $d) { member { id } lastTookPartOn since flaggedFrom absences lastAbsentOn } } } }`;
const ATTENDANCE = `query($u: ID!, $m: ID!, $f: Date!, $to: Date!) {
  unit: node(id: $u) { ... on OrgUnit { meetingAttendance(from: $f, to: $to) { present online excused absent rate byKind { kind present } } } }
  member: node(id: $m) { ... on Member { meetingAttendance(from: $f, to: $to) { present excused absent rate } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-06-15' });
  await inThePast(async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'organisational-life');
  });
});
afterAll(() => t?.close());

async function inThePast<T>(fn: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set('2016-01-01');
  try {
    return await fn();
  } finally {
    t.clock.set(now);
  }
}

/** A branch of its own under station A, founded long ago, with `n` members who joined in 2005. */
async function branch(n = 3, parentId?: string) {
  const k = ++seq;
  const unitId = await inThePast(() =>
    createUnit(t, {
      code: `TC-OL${k}`,
      name: `组织生活${k}村党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: parentId ?? tree.stationA,
      establishedOn: '2000-01-01',
    }),
  );
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await inThePast(() =>
      t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `党员${k}-${i}`,
            idCardNumber: idFor('1970-06-06', i % 2 === 0, k * 20 + i),
            category: 'RURAL',
            joinedOn: '2005-01-01',
            fullMemberSince: '2006-01-01',
            branchId: unitId,
          },
        },
      ),
    );
    expect(r.data.createMember.userErrors).toEqual([]);
    members.push(r.data.createMember.member.id);
  }
  return { unitId, members };
}

/** The member holds the branch's secretary post from 2016 on. */
async function secretary(unitId: string, memberId: string) {
  const r = await t.execute(
    `mutation($i: CreatePostInput!) { createPost(input: $i) { userErrors { code message } } }`,
    { i: { unitId, memberId, role: 'SECRETARY', termStart: '2016-01-01' } },
  );
  expect(r.errors).toBeUndefined();
  expect(r.data.createPost.userErrors).toEqual([]);
}

const everyone = (members: string[], status = 'PRESENT') => members.map((memberId) => ({ memberId, status }));

async function record(unitId: string, kind: string, heldOn: string, attendance: unknown[], extra: object = {}) {
  const r = await t.execute(RECORD, {
    i: { unitId, kind, heldOn, place: '村党群服务中心', topic: '学习党章', attendance, ...extra },
  });
  expect(r.errors).toBeUndefined();
  return r.data.recordMeeting;
}

async function ok(unitId: string, kind: string, heldOn: string, attendance: unknown[], extra: object = {}) {
  const r = await record(unitId, kind, heldOn, attendance, extra);
  expect(r.userErrors).toEqual([]);
  return r.meeting;
}

async function data(query: string, variables: Record<string, unknown>) {
  const r = await t.execute(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
}

test('a meeting with attendance; the refusals name their field', async () => {
  const b = await branch(3);
  const m = await ok(b.unitId, 'THEME_DAY', '2026-06-01', [
    { memberId: b.members[0], status: 'PRESENT', online: true },
    { memberId: b.members[1], status: 'EXCUSED', reason: '外出务工' },
    { memberId: b.members[2], status: 'ABSENT' },
  ]);
  expect(m.attendance.map((a: any) => [a.status, a.reason, a.online])).toEqual([
    ['PRESENT', null, true],
    ['EXCUSED', '外出务工', false],
    ['ABSENT', null, false],
  ]);
  const err = async (i: object, extra: unknown[] = everyone(b.members)) => {
    const r = await record(b.unitId, 'THEME_DAY', '2026-06-02', extra, i);
    return r.userErrors.map((e: any) => [e.code, e.field.join('.')]);
  };
  expect(await err({ heldOn: '2026-06-16' })).toEqual([['BAD_USER_INPUT', 'input.heldOn']]);
  expect(await err({ kind: 'PARTY_GROUP_MEETING' })).toEqual([['BAD_USER_INPUT', 'input.kind']]);
  expect(await err({ kind: 'LECTURE' })).toEqual([['BAD_USER_INPUT', 'input.lecturer']]);
  expect(await err({ lecturer: '王书记' })).toEqual([['BAD_USER_INPUT', 'input.lecturer']]);
  expect(await err({ countsFor: '2026-06-03' })).toEqual([['BAD_USER_INPUT', 'input.countsFor']]);
  expect(await err({}, [{ memberId: b.members[0], status: 'EXCUSED' }])).toEqual([
    ['BAD_USER_INPUT', 'input.attendance.0.reason'],
  ]);
  expect(await err({}, [...everyone(b.members), { memberId: b.members[0], status: 'ABSENT' }])).toEqual([
    ['CONFLICT', 'input.attendance.3.memberId'],
  ]);
  // A member of another branch; a member who had left before the meeting.
  const other = await branch(1);
  expect(await err({}, [{ memberId: other.members[0], status: 'PRESENT' }])).toEqual([
    ['BAD_USER_INPUT', 'input.attendance.0.memberId'],
  ]);
  const moved = await t.execute(
    `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { message } } }`,
    { i: { memberId: b.members[2], toBranchId: other.unitId, effectiveOn: '2026-05-01' } },
  );
  expect(moved.errors).toBeUndefined();
  const left = await record(b.unitId, 'THEME_DAY', '2026-06-02', [{ memberId: b.members[2], status: 'ABSENT' }]);
  expect(left.userErrors[0].message).toMatch(/离开|had left/);
  // May closes 15 days after the month: on 16 June a meeting of May is refused, on 15 June it is not.
  t.clock.set('2026-06-16');
  const closed = await record(b.unitId, 'THEME_DAY', '2026-05-31', [{ memberId: b.members[0], status: 'PRESENT' }]);
  expect(closed.userErrors.map((e: any) => e.code)).toEqual(['PERIOD_CLOSED']);
  t.clock.set('2026-06-15');
  const open = await record(b.unitId, 'THEME_DAY', '2026-05-31', [{ memberId: b.members[0], status: 'PRESENT' }]);
  expect(open.userErrors).toEqual([]);
  // Correct (stale version refused) and cancel (twice refused).
  const stale = await t.execute(CORRECT, {
    i: {
      meetingId: m.id,
      version: 2,
      kind: 'THEME_DAY',
      heldOn: '2026-06-01',
      place: '村部',
      topic: '重温入党誓词',
      attendance: [],
    },
  });
  expect(stale.data.correctMeeting.userErrors.map((e: any) => e.code)).toEqual(['CONFLICT']);
  const fixed = await t.execute(CORRECT, {
    i: {
      meetingId: m.id,
      version: 1,
      kind: 'THEME_DAY',
      heldOn: '2026-06-01',
      place: '村部',
      topic: '重温入党誓词',
      attendance: [],
    },
  });
  expect(fixed.data.correctMeeting).toEqual({
    meeting: { id: m.id, version: 2, topic: '重温入党誓词' },
    userErrors: [],
  });
  const cancel = () => t.execute(CANCEL, { i: { meetingId: m.id, reason: '重复登记' } });
  expect((await cancel()).data.cancelMeeting.meeting.status).toBe('CANCELLED');
  expect((await cancel()).data.cancelMeeting.userErrors.map((e: any) => e.code)).toEqual(['INVALID_STATE']);
});

test('schedules at their period edges: month, quarter and year; a make-up meeting is held late', async () => {
  t.clock.set('2026-06-15');
  const b = await branch(2);
  // A committee of one, the secretary, present at every committee meeting (the quorum: quorum.test.ts).
  await secretary(b.unitId, b.members[0]);
  // Reopen nothing: everything below is in 2026's open months or judged by the schedule only.
  await ok(b.unitId, 'COMMITTEE', '2026-05-31', everyone(b.members)); // May's, on its last day
  await ok(b.unitId, 'COMMITTEE', '2026-06-01', everyone(b.members)); // June's, on its first day
  // A make-up meeting for the first quarter, held in April before March closed (16 April); from then on refused.
  t.clock.set('2026-04-15');
  await ok(b.unitId, 'ASSEMBLY', '2026-04-15', everyone(b.members), { countsFor: '2026-03-31' });
  t.clock.set('2026-06-15');
  const late = await record(b.unitId, 'ASSEMBLY', '2026-06-01', everyone(b.members), { countsFor: '2026-03-31' });
  expect(late.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([['PERIOD_CLOSED', 'input.countsFor']]);
  await ok(b.unitId, 'ORG_LIFE_MEETING', '2026-06-10', everyone(b.members));
  const s = (await data(SCHEDULE, { u: b.unitId, y: 2026 })).node.meetingSchedule;
  const of = (kind: string, start: string) => s.find((x: any) => x.kind === kind && x.periodStart === start);
  expect(of('COMMITTEE', '2026-04-01')).toMatchObject({ periodEnd: '2026-04-30', status: 'MISSING', meetings: 0 });
  expect(of('COMMITTEE', '2026-05-01')).toMatchObject({ periodEnd: '2026-05-31', status: 'HELD' });
  expect(of('COMMITTEE', '2026-06-01')).toMatchObject({ periodEnd: '2026-06-30', status: 'HELD' });
  expect(of('COMMITTEE', '2026-07-01')).toMatchObject({ status: 'OPEN' });
  expect(of('ASSEMBLY', '2026-01-01')).toMatchObject({ periodEnd: '2026-03-31', status: 'HELD_LATE' });
  expect(of('ASSEMBLY', '2026-04-01')).toMatchObject({ periodEnd: '2026-06-30', status: 'OPEN' });
  expect(of('ORG_LIFE_MEETING', '2026-01-01')).toMatchObject({ periodEnd: '2026-12-31', status: 'HELD' });
  expect(s.filter((x: any) => x.kind === 'THEME_DAY')).toHaveLength(12);
  expect(s.filter((x: any) => x.kind === 'LECTURE')).toHaveLength(4);
  expect(s.some((x: any) => x.kind === 'PARTY_GROUP_MEETING')).toBe(false);

  // The same from the figures, for the branch and rolled up (the station holds other branches too).
  const c = (await data(COMPLIANCE, { u: b.unitId, f: '2026-01-01', to: '2026-06-30' })).node.meetingCompliance;
  const per = (kind: string, end: string) => c.periods.find((p: any) => p.kind === kind && p.periodEnd === end);
  expect(per('COMMITTEE', '2026-04-30')).toMatchObject({ due: 1, held: 0, missing: 1 });
  expect(per('COMMITTEE', '2026-05-31')).toMatchObject({ due: 1, held: 1, missing: 0 });
  expect(per('COMMITTEE', '2026-06-30')).toMatchObject({ due: 1, held: 1, notYetEnded: 0 });
  expect(per('ASSEMBLY', '2026-03-31')).toMatchObject({ due: 1, held: 0, heldLate: 1, missing: 0 });
  expect(per('ASSEMBLY', '2026-06-30')).toMatchObject({ due: 1, held: 0, missing: 0, notYetEnded: 1 });
  expect(per('ORG_LIFE_MEETING', '2026-12-31')).toBeUndefined(); // the year ends after the range
  const station = (await data(COMPLIANCE, { u: tree.stationA, f: '2026-05-01', to: '2026-05-31' })).node
    .meetingCompliance;
  const stationCommittee = station.byKind.find((k: any) => k.kind === 'COMMITTEE');
  expect(stationCommittee.held).toBeGreaterThanOrEqual(1);
  expect(stationCommittee.due).toBeGreaterThan(stationCommittee.held);
  const county = (await data(COMPLIANCE, { u: tree.county, f: '2026-05-01', to: '2026-05-31' })).node.meetingCompliance;
  expect(county.due).toBeGreaterThan(station.due);
  expect(county.held).toBe(station.held);
});

test('attendance per unit and per member', async () => {
  const b = await branch(2);
  await ok(
    b.unitId,
    'LECTURE',
    '2026-06-05',
    [
      { memberId: b.members[0], status: 'PRESENT', online: true },
      { memberId: b.members[1], status: 'ABSENT' },
    ],
    { lecturer: '县委党校李老师' },
  );
  await ok(b.unitId, 'THEME_DAY', '2026-06-06', [
    { memberId: b.members[0], status: 'PRESENT' },
    { memberId: b.members[1], status: 'EXCUSED', reason: '生病' },
  ]);
  const d = await data(ATTENDANCE, { u: b.unitId, m: b.members[1], f: '2026-06-01', to: '2026-06-30' });
  expect(d.unit.meetingAttendance).toMatchObject({ present: 2, online: 1, excused: 1, absent: 1, rate: 0.5 });
  expect(d.member.meetingAttendance).toEqual({ present: 0, excused: 1, absent: 1, rate: 0 });
});

test('silence at 29, 30 and 31 days', async () => {
  const b = await branch(1);
  await ok(b.unitId, 'THEME_DAY', '2026-05-16', everyone(b.members));
  const silent = async (d: string) =>
    (await data(SILENT, { u: tree.stationA, d })).node.silentBranches.find((x: any) => x.branch.id === b.unitId);
  expect(await silent('2026-06-14')).toBeUndefined(); // 29 days
  expect(await silent('2026-06-15')).toEqual({ branch: { id: b.unitId }, lastMeetingOn: '2026-05-16', days: 30 });
  t.clock.set('2026-06-16');
  expect((await silent('2026-06-16')).days).toBe(31);
  t.clock.set('2026-06-15');
  // A meeting of one of its party groups is organisational life of the branch too.
  const group = await inThePast(() =>
    createUnit(t, {
      code: `TC-OLG${seq}`,
      name: '一组',
      kind: 'PARTY_GROUP',
      parentId: b.unitId,
      establishedOn: '2010-01-01',
    }),
  );
  await ok(group, 'PARTY_GROUP_MEETING', '2026-06-10', []);
  expect(await silent('2026-06-15')).toBeUndefined();
});

test('the six-month rule at its edge: flagged from the day after six months since the member last took part', async () => {
  t.clock.set('2026-06-15');
  const b = await branch(2);
  // Reopen the months before the last to record history.
  const reopen = await t.execute(
    `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`,
    { i: { unitId: b.unitId, module: 'organisational-life', from: '2025-08-01', reason: '补录组织生活记录' } },
  );
  expect(reopen.data.reopenPeriods.userErrors).toEqual([]);
  const [keeps, stops] = b.members;
  // Last took part on 31 August 2025; absent at every meeting after it.
  await ok(b.unitId, 'THEME_DAY', '2025-08-31', everyone(b.members));
  for (const d of ['2025-09-20', '2025-11-20', '2026-01-20', '2026-02-27']) {
    await ok(b.unitId, 'THEME_DAY', d, [
      { memberId: keeps, status: 'PRESENT' },
      { memberId: stops, status: 'ABSENT' },
    ]);
  }
  const flagged = async (d: string) =>
    (await data(NOT_TAKING_PART, { u: tree.stationA, d })).node.membersNotTakingPart.filter((x: any) =>
      b.members.includes(x.member.id),
    );
  // Six months from 31 August end on 28 February (Civil Code art. 202): still within on that day.
  expect(await flagged('2026-02-28')).toEqual([]);
  expect(await flagged('2026-03-01')).toEqual([
    {
      member: { id: stops },
      lastTookPartOn: '2025-08-31',
      since: '2025-08-31',
      flaggedFrom: '2026-03-01',
      absences: 4,
      lastAbsentOn: '2026-02-27',
    },
  ]);
  // An excused absence is taking part by this rule: it restarts the count.
  await ok(b.unitId, 'THEME_DAY', '2026-01-25', [
    { memberId: keeps, status: 'PRESENT' },
    { memberId: stops, status: 'EXCUSED', reason: '住院' },
  ]);
  expect(await flagged('2026-03-01')).toEqual([]);
  expect((await flagged('2026-07-26')).map((x: any) => x.since)).toEqual(['2026-01-25']);
});

test('access per role: the branch records its own, the committee above reads, others see nothing', async () => {
  const b = await branch(1);
  await accountWith(t, 'ol-sec', Role.SECRETARY, b.unitId);
  await accountWith(t, 'ol-staff', Role.STATION_STAFF, tree.stationA);
  await accountWith(t, 'ol-analyst', Role.ANALYST, tree.county);
  await accountWith(t, 'ol-member', Role.MEMBER, b.unitId, b.members[0]);
  await accountWith(t, 'ol-otherstaff', Role.STATION_STAFF, tree.stationB);
  const input = {
    unitId: b.unitId,
    kind: 'THEME_DAY',
    heldOn: '2026-06-12',
    place: '村部',
    topic: '党日',
    attendance: everyone(b.members),
  };
  const recordAs = async (who: string) => {
    const r = await (await t.as(who))(RECORD, { i: input });
    return r.data?.recordMeeting?.userErrors?.[0]?.code ?? codeOf(r) ?? 'OK';
  };
  expect(await recordAs('ol-sec')).toBe('OK');
  expect(await recordAs('ol-staff')).toBe('OK');
  expect(await recordAs('ol-analyst')).toBe('FORBIDDEN');
  expect(await recordAs('ol-member')).toBe('FORBIDDEN');
  expect(await recordAs('ol-otherstaff')).toBe('NOT_FOUND');
  const meeting = (
    await data(`query($u: ID!) { node(id: $u) { ... on OrgUnit { meetings(first: 1) { nodes { id } } } } }`, {
      u: b.unitId,
    })
  ).node.meetings.nodes[0].id;
  const read = async (who: string) =>
    (await (await t.as(who))(`query($id: ID!) { node(id: $id) { id } }`, { id: meeting })).data?.node;
  expect(await read('ol-analyst')).toEqual({ id: meeting });
  expect(await read('ol-otherstaff')).toBeNull();
  const fig = await (await t.as('ol-analyst'))(COMPLIANCE, { u: tree.county, f: '2026-05-01', to: '2026-05-31' });
  expect(fig.errors).toBeUndefined();
  // The member reads their branch's schedule (published to members), not its compliance figures.
  const mine = await (await t.as('ol-member'))(SCHEDULE, { u: b.unitId, y: 2026 });
  expect(mine.errors).toBeUndefined();
  const theirs = await (await t.as('ol-member'))(COMPLIANCE, { u: b.unitId, f: '2026-05-01', to: '2026-05-31' });
  expect(theirs.data?.node?.meetingCompliance ?? null).toBeNull();
});

test('switched off: MODULE_DISABLED for the mutation and the fields; the rest answers', async () => {
  const town = await inThePast(() =>
    createUnit(t, {
      code: `TC-OLT${++seq}`,
      name: '停用镇党委',
      kind: 'TOWNSHIP_COMMITTEE',
      parentId: tree.county,
      establishedOn: '2000-01-01',
    }),
  );
  const b = await branch(1, town);
  await inThePast(() => enableModule(t, town, 'organisational-life', false));
  const r = await t.execute(RECORD, {
    i: { unitId: b.unitId, kind: 'THEME_DAY', heldOn: '2026-06-01', place: '村部', topic: '党日', attendance: [] },
  });
  expect(codeOf(r)).toBe('MODULE_DISABLED');
  const q = await t.execute(`query($u: ID!) { node(id: $u) { ... on OrgUnit { name silentBranches { days } } } }`, {
    u: town,
  });
  expect(q.data.node.name).toBe('停用镇党委');
  expect(codeOf(q)).toBe('MODULE_DISABLED');
});

test('a past period stays as it was when the branch moves later', async () => {
  t.clock.set('2026-06-15');
  const b = await branch(1);
  await secretary(b.unitId, b.members[0]);
  await ok(b.unitId, 'COMMITTEE', '2026-05-20', everyone(b.members));
  const count = async (u: string) =>
    (await data(COMPLIANCE, { u, f: '2026-05-01', to: '2026-05-31' })).node.meetingCompliance.byKind.find(
      (k: any) => k.kind === 'COMMITTEE',
    );
  const beforeA = await count(tree.stationA);
  const beforeB = await count(tree.stationB);
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
    {
      i: { id: b.unitId, newParentId: tree.stationB },
    },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  expect(await count(tree.stationA)).toEqual(beforeA);
  expect(await count(tree.stationB)).toEqual(beforeB);
  // June's committee meeting, held after the move, counts under station B.
  await ok(b.unitId, 'COMMITTEE', '2026-06-15', everyone(b.members));
  const june = (await data(COMPLIANCE, { u: tree.stationB, f: '2026-06-01', to: '2026-06-30' })).node.meetingCompliance;
  expect(june.byKind.find((k: any) => k.kind === 'COMMITTEE').held).toBeGreaterThanOrEqual(1);
});

test('a joining day moved after a meeting the member is listed at is refused, naming the meeting; up to it, accepted', async () => {
  t.clock.set('2026-06-15');
  const b = await branch(0);
  const created = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
    {
      i: {
        name: '新党员',
        idCardNumber: idFor('1990-03-14', true, 477),
        category: 'RURAL',
        joinedOn: '2026-06-01',
        fullMemberSince: null,
        branchId: b.unitId,
      },
    },
  );
  expect(created.data.createMember.userErrors).toEqual([]);
  const m = created.data.createMember.member.id;
  const att = everyone([m], 'ABSENT');
  const meeting = await ok(b.unitId, 'THEME_DAY', '2026-06-05', att);
  const UPDATE = `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { member { joinedOn } userErrors { code field message } } }`;
  const late = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-06-10' } });
  expect(late.data.updateMember).toEqual({
    member: null,
    userErrors: [
      { code: 'INVALID_STATE', field: ['input', 'joinedOn'], message: expect.stringContaining('2026-06-05') },
    ],
  });
  // The meeting day itself: the member belonged to the branch that day.
  const same = await t.execute(UPDATE, { i: { id: m, joinedOn: '2026-06-05' } });
  expect(same.data.updateMember.userErrors).toEqual([]);
  const fixed = await t.execute(CORRECT, {
    i: {
      meetingId: meeting.id,
      version: 1,
      kind: 'THEME_DAY',
      heldOn: '2026-06-05',
      place: '村党群服务中心',
      topic: '学习党章（更正）',
      attendance: att,
    },
  });
  expect(fixed.data.correctMeeting.userErrors).toEqual([]);
});
