import { Role } from '../../../src/auth/roles';
import { decodeIntId, toGlobalId } from '../../../src/graphql/global-id';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Attendance becomes score entries through star rating's port (seed 001: 将"三会一课"等基本制度纳入定星体系):
 * present members get an entry of their scheme's criterion fed by organisational life, awaiting
 * confirmation; a correction or a cancellation brings the entries in line; nothing where star rating
 * is off or the scheme has no such criterion. The clock is pinned on 15 June 2026.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;
let criterionA: string;

const RECORD = `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id version } userErrors { code field message } } }`;
const CORRECT = `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { meeting { id version } userErrors { code field message } } }`;
const CANCEL = `mutation($i: CancelMeetingInput!) { cancelMeeting(input: $i) { meeting { id status } userErrors { code field message } } }`;
const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { id criteria { id code source } } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { entry { status sourceRef } userErrors { code message } } }`;
const STANDING = `query($id: ID!) { node(id: $id) { ... on Member { starStanding(year: 2026) { rated score } } } }`;

const criteria = (source: string | null) => [
  { code: 'A', title: '参加三会一课', kind: 'REGULAR', points: 2, perQuantity: true, cap: 40, source },
  { code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 },
];

beforeAll(async () => {
  t = await createTestApp({ now: '2026-06-15' });
  t.clock.set('2016-01-01');
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'organisational-life');
  await enableModule(t, tree.county, 'star-rating');
  t.clock.set('2026-06-15');
  await accountWith(t, 'township', Role.SECRETARY, tree.township);
  // The county's scheme feeds "参加三会一课" from attendance; station B adopts one of its own without.
  for (const [unitId, source] of [
    [tree.county, 'ORGANISATIONAL_LIFE'],
    [tree.stationB, null],
  ]) {
    const r = await t.execute(SCHEME, {
      i: {
        unitId,
        year: 2026,
        subjectType: 'MEMBER',
        name: '先锋星',
        thresholds: [2, 20, 30, 40, 50],
        criteria: criteria(source),
      },
    });
    expect(r.data.createStarScheme.userErrors).toEqual([]);
    if (source) criterionA = r.data.createStarScheme.scheme.criteria.find((c: any) => c.code === 'A').id;
  }
});
afterAll(() => t?.close());

/** A branch of its own with `n` members who joined in 2005 (created with the clock in 2016). */
async function branch(n: number, parentId = tree.stationA) {
  const k = ++seq;
  t.clock.set('2016-01-01');
  try {
    const unitId = await createUnit(t, {
      code: `TC-SP${k}`,
      name: `星级${k}村党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId,
      establishedOn: '2000-01-01',
    });
    const members: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `星员${k}-${i}`,
            idCardNumber: idFor('1975-03-03', i % 2 === 0, 200 + k * 10 + i),
            category: 'RURAL',
            joinedOn: '2005-01-01',
            fullMemberSince: '2006-01-01',
            branchId: unitId,
          },
        },
      );
      expect(r.data.createMember.userErrors).toEqual([]);
      members.push(r.data.createMember.member.id);
    }
    return { unitId, members };
  } finally {
    t.clock.set('2026-06-15');
  }
}

async function run(query: string, i: object, field: string) {
  const r = await t.execute(query, { i });
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors).toEqual([]);
  return r.data[field];
}

const meet = (unitId: string, attendance: object[]) =>
  run(
    RECORD,
    { unitId, kind: 'THEME_DAY', heldOn: '2026-06-10', place: '村委会', topic: '学习党章', attendance },
    'recordMeeting',
  );

const lines = (members: string[], statuses: string[]) =>
  members.map((memberId, i) => ({
    memberId,
    status: statuses[i],
    ...(statuses[i] === 'EXCUSED' ? { reason: '外出务工' } : {}),
  }));

/** The meeting's entries, oldest first: [member global id, points, status, reversal]. */
async function entries(meetingId: string) {
  const rows: {
    member_id: number;
    points: number;
    status: string;
    corrects_id: number | null;
    criterion_id: number;
  }[] = await t.app.db.query(
    `SELECT subject_id AS member_id, points, status, corrects_id, criterion_id FROM sr_entry WHERE source_ref = $1 ORDER BY id`,
    [meetingId],
  );
  return rows;
}

const memberNo = (globalId: string) => decodeIntId(globalId, 'Member');

test('present members get entries awaiting confirmation; confirmed, the score moves; correction and cancel follow', async () => {
  const b = await branch(3);
  const [present, excused, absent] = b.members;
  const { meeting } = await meet(b.unitId, lines(b.members, ['PRESENT', 'EXCUSED', 'ABSENT']));
  let rows = await entries(meeting.id);
  expect(rows.map((r) => [r.member_id, r.points, r.status])).toEqual([[memberNo(present), 2, 'RECORDED']]);
  const [{ id: criterionId }] = await t.app.db.query(`SELECT criterion_id AS id FROM sr_entry WHERE source_ref = $1`, [
    meeting.id,
  ]);
  expect(decodeIntId(criterionA, 'StarCriterion')).toBe(criterionId);
  expect(excused).not.toEqual(absent);

  // Not counted until the level above confirms it.
  expect((await t.execute(STANDING, { id: present })).data.node.starStanding.rated).toBe(false);
  const [{ id: entryId }] = await t.app.db.query(`SELECT id FROM sr_entry WHERE source_ref = $1`, [meeting.id]);
  const entryGlobal = toGlobalId('StarEntry', entryId);
  const confirmed = await (await t.as('township'))(CONFIRM, { i: { entryId: entryGlobal } });
  expect(confirmed.data.confirmStarEntry).toEqual({
    entry: { status: 'CONFIRMED', sourceRef: meeting.id },
    userErrors: [],
  });
  expect((await t.execute(STANDING, { id: present })).data.node.starStanding).toEqual({ rated: true, score: 2 });

  // Saving the same attendance again changes nothing (one entry per meeting and member).
  const same = await run(
    CORRECT,
    {
      meetingId: meeting.id,
      version: 1,
      kind: 'THEME_DAY',
      heldOn: '2026-06-10',
      place: '村委会',
      topic: '学习党章',
      attendance: lines(b.members, ['PRESENT', 'EXCUSED', 'PRESENT']),
    },
    'correctMeeting',
  );
  rows = await entries(meeting.id);
  expect(rows.map((r) => [r.member_id, r.points, r.status])).toEqual([
    [memberNo(present), 2, 'CONFIRMED'],
    [memberNo(absent), 2, 'RECORDED'],
  ]);
  // The third member was absent after all: their unconfirmed entry is withdrawn.
  await run(
    CORRECT,
    {
      meetingId: meeting.id,
      version: same.meeting.version,
      kind: 'THEME_DAY',
      heldOn: '2026-06-10',
      place: '村委会',
      topic: '学习党章',
      attendance: lines(b.members, ['PRESENT', 'EXCUSED', 'ABSENT']),
    },
    'correctMeeting',
  );
  rows = await entries(meeting.id);
  expect(rows.map((r) => [r.member_id, r.points, r.status])).toEqual([[memberNo(present), 2, 'CONFIRMED']]);

  // Cancelled: the confirmed entry is reversed by a correction entry, awaiting confirmation like any correction.
  await run(CANCEL, { meetingId: meeting.id, reason: '重复登记' }, 'cancelMeeting');
  rows = await entries(meeting.id);
  expect(rows.map((r) => [r.member_id, r.points, r.status, r.corrects_id !== null])).toEqual([
    [memberNo(present), 2, 'CONFIRMED', false],
    [memberNo(present), -2, 'RECORDED', true],
  ]);
  const [{ id: reversal }] = await t.app.db.query(
    `SELECT id FROM sr_entry WHERE source_ref = $1 AND corrects_id IS NOT NULL`,
    [meeting.id],
  );
  const c = await (
    await t.as('township')
  )(CONFIRM, {
    i: { entryId: toGlobalId('StarEntry', reversal) },
  });
  expect(c.data.confirmStarEntry.userErrors).toEqual([]);
  expect((await t.execute(STANDING, { id: present })).data.node.starStanding.score).toBe(0);
});

test('cancelling before confirmation withdraws the entries', async () => {
  const b = await branch(2);
  const { meeting } = await meet(b.unitId, lines(b.members, ['PRESENT', 'PRESENT']));
  expect(await entries(meeting.id)).toHaveLength(2);
  await run(CANCEL, { meetingId: meeting.id, reason: '录错' }, 'cancelMeeting');
  expect(await entries(meeting.id)).toEqual([]);
});

test('star rating off for the branch: the meeting saves, no entries', async () => {
  const b = await branch(2);
  await enableModule(t, b.unitId, 'star-rating', false);
  const { meeting } = await meet(b.unitId, lines(b.members, ['PRESENT', 'PRESENT']));
  expect(meeting.version).toBe(1);
  expect(await entries(meeting.id)).toEqual([]);
  await run(CANCEL, { meetingId: meeting.id, reason: '录错' }, 'cancelMeeting');
  expect(await entries(meeting.id)).toEqual([]);
});

test('a scheme with no criterion fed by organisational life: no entries', async () => {
  const b = await branch(2, tree.stationB);
  const { meeting } = await meet(b.unitId, lines(b.members, ['PRESENT', 'PRESENT']));
  expect(await entries(meeting.id)).toEqual([]);
});

test('a scheme takes at most one criterion per source, and only a regular one', async () => {
  const twice = await t.execute(SCHEME, {
    i: {
      unitId: tree.township,
      year: 2027,
      subjectType: 'MEMBER',
      name: '先锋星',
      thresholds: [2, 20, 30, 40, 50],
      criteria: [
        ...criteria('ORGANISATIONAL_LIFE'),
        { code: 'C', title: '参加主题党日', kind: 'REGULAR', points: 3, source: 'ORGANISATIONAL_LIFE' },
      ],
    },
  });
  expect(twice.data.createStarScheme.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([
    ['CONFLICT', 'input.criteria.2.source'],
  ]);
  const deduction = await t.execute(SCHEME, {
    i: {
      unitId: tree.township,
      year: 2027,
      subjectType: 'MEMBER',
      name: '先锋星',
      thresholds: [2, 20, 30, 40, 50],
      criteria: [{ code: 'D', title: '无故缺席', kind: 'DEDUCTION', points: -3, source: 'ORGANISATIONAL_LIFE' }],
    },
  });
  expect(deduction.data.createStarScheme.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([
    ['BAD_USER_INPUT', 'input.criteria.0.source'],
  ]);
});

// Last: it fixes the second quarter for the whole county.
test('a quarter whose grades are fixed takes no entries; the meeting still saves', async () => {
  const b = await branch(2);
  t.clock.set('2026-07-05');
  try {
    const fixed = await run(
      `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed userErrors { code message } } }`,
      { unitId: tree.county, subjectType: 'MEMBER', year: 2026, quarter: 2 },
      'fixStarGrades',
    );
    expect(fixed.fixed).toBeGreaterThan(0);
    // June's meeting, entered on 5 July: organisational life's June is open until 15 July,
    // star rating's second quarter is fixed.
    const { meeting } = await run(
      RECORD,
      {
        unitId: b.unitId,
        kind: 'THEME_DAY',
        heldOn: '2026-06-20',
        place: '村委会',
        topic: '学习党章',
        attendance: lines(b.members, ['PRESENT', 'PRESENT']),
      },
      'recordMeeting',
    );
    expect(meeting.version).toBe(1);
    expect(await entries(meeting.id)).toEqual([]);
    // A meeting of July, in the open quarter, still becomes entries.
    const july = await run(
      RECORD,
      {
        unitId: b.unitId,
        kind: 'THEME_DAY',
        heldOn: '2026-07-01',
        place: '村委会',
        topic: '七一主题党日',
        attendance: lines(b.members, ['PRESENT', 'ABSENT']),
      },
      'recordMeeting',
    );
    expect((await entries(july.meeting.id)).map((r) => [r.member_id, r.status])).toEqual([
      [memberNo(b.members[0]), 'RECORDED'],
    ]);
  } finally {
    t.clock.set('2026-06-15');
  }
});
