import { idFor } from '../../support/people';
import { enableModule, onDay } from '../../support/helpers';
import { smallCounty } from '../../support/tree';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The committee meeting's quorum (支委会): more than half of the members holding a committee post of
 * the branch on the meeting day present, or it is void and refused. 3 of 5: valid; 2 of 5: not; 2 of
 * 4 (a post ended): not; members present who hold no committee post do not count.
 */
jest.setTimeout(120_000);

let t: TestApp;
let village: string;
let members: string[];
let posts: string[];

const RECORD = `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { code field message } } }`;

async function must(query: string, i: object, field: string) {
  const r = await t.execute(query, { i });
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors).toEqual([]);
  return r.data[field];
}

/** The first `n` members present, the others absent. */
async function committee(heldOn: string, n: number, kind = 'COMMITTEE') {
  const r = await t.execute(RECORD, {
    i: {
      unitId: village,
      kind,
      heldOn,
      place: '村委会',
      topic: '研究本月工作',
      attendance: members.map((memberId, i) => ({ memberId, status: i < n ? 'PRESENT' : 'ABSENT' })),
    },
  });
  expect(r.errors).toBeUndefined();
  return r.data.recordMeeting.userErrors.map((e: any) => [e.code, e.field.join('.'), e.message]);
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-06-15' });
  await onDay(t, '2016-01-04', async () => {
    const tree = await smallCounty(t, 'QU');
    await enableModule(t, tree.county, 'organisational-life');
    village = tree.village1;
    members = [];
    for (let i = 0; i < 6; i++) {
      const r = await must(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          name: `支委${i}`,
          idCardNumber: idFor('1972-02-02', i % 2 === 0, 430 + i),
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          branchId: village,
        },
        'createMember',
      );
      members.push(r.member.id);
    }
  });
});
afterAll(() => t?.close());

test('no committee post held on the day: refused, naming the posts to register', async () => {
  expect(await committee('2026-06-01', 6)).toEqual([
    ['BAD_USER_INPUT', 'input.attendance', '2026-06-01 东村党支部没有在任的支委（书记、副书记、委员），请先登记职务'],
  ]);
  // Other kinds need no committee.
  expect(await committee('2026-06-01', 1, 'THEME_DAY')).toEqual([]);
});

test('five on the committee: 3 present is valid, 2 is void; a sixth member present holds no post and does not count', async () => {
  posts = [];
  const roles = ['SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER', 'COMMITTEE_MEMBER', 'COMMITTEE_MEMBER'];
  for (const [i, role] of roles.entries()) {
    const r = await must(
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { code message } } }`,
      { unitId: village, memberId: members[i], role, termStart: '2026-06-02' },
      'createPost',
    );
    posts.push(r.post.id);
  }
  // The day before the terms began there was no committee.
  expect((await committee('2026-06-01', 6)).map((e: string[]) => e[0])).toEqual(['BAD_USER_INPUT']);
  expect(await committee('2026-06-03', 3)).toEqual([]);
  expect(await committee('2026-06-03', 2)).toEqual([
    ['BAD_USER_INPUT', 'input.attendance', '支委会应到支委 5 人，实到 2 人，须超过半数，会议无效，请另行召开'],
  ]);
  // Two of the committee and the sixth member, who holds no post: still 2 of 5.
  const r = await t.execute(RECORD, {
    i: {
      unitId: village,
      kind: 'COMMITTEE',
      heldOn: '2026-06-03',
      place: '村委会',
      topic: '研究本月工作',
      attendance: members.map((memberId, i) => ({ memberId, status: [0, 1, 5].includes(i) ? 'PRESENT' : 'ABSENT' })),
    },
  });
  expect(r.data.recordMeeting.userErrors.map((e: any) => e.code)).toEqual(['BAD_USER_INPUT']);
});

test('a post ended: four on the committee, 2 present is not more than half, 3 is', async () => {
  await must(
    `mutation($i: EndPostInput!) { endPost(input: $i) { userErrors { code message } } }`,
    { id: posts[4], endedOn: '2026-06-10', reason: '调离' },
    'endPost',
  );
  // Before the day it ended the committee was still five.
  expect((await committee('2026-06-09', 2)).map((e: string[]) => e[2])).toEqual([
    '支委会应到支委 5 人，实到 2 人，须超过半数，会议无效，请另行召开',
  ]);
  expect((await committee('2026-06-11', 2)).map((e: string[]) => e[2])).toEqual([
    '支委会应到支委 4 人，实到 2 人，须超过半数，会议无效，请另行召开',
  ]);
  expect(await committee('2026-06-11', 3)).toEqual([]);
});

test('a correction is held to the quorum too', async () => {
  const m = (
    await must(
      RECORD,
      {
        unitId: village,
        kind: 'COMMITTEE',
        heldOn: '2026-06-12',
        place: '村委会',
        topic: '研究本月工作',
        attendance: members.map((memberId, i) => ({ memberId, status: i < 4 ? 'PRESENT' : 'ABSENT' })),
      },
      'recordMeeting',
    )
  ).meeting.id;
  const r = await t.execute(
    `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { userErrors { code field } } }`,
    {
      i: {
        meetingId: m,
        version: 1,
        kind: 'COMMITTEE',
        heldOn: '2026-06-12',
        place: '村委会',
        topic: '研究本月工作',
        attendance: members.map((memberId, i) => ({ memberId, status: i < 2 ? 'PRESENT' : 'ABSENT' })),
      },
    },
  );
  expect(r.data.correctMeeting.userErrors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'attendance'] }]);
});

test('posts entered later, backdated: an old committee meeting still takes a correction of its topic; a change of who was present is judged by the posts held that day', async () => {
  // Recorded with 3 of the 4 on the committee on 13 June (posts[4] ended on 10 June).
  const m = (
    await must(
      RECORD,
      {
        unitId: village,
        kind: 'COMMITTEE',
        heldOn: '2026-06-13',
        place: '村委会',
        topic: '研究本月工作',
        attendance: members.map((memberId, i) => ({ memberId, status: i < 3 ? 'PRESENT' : 'ABSENT' })),
      },
      'recordMeeting',
    )
  ).meeting.id;
  // Two more committee members entered afterwards, their terms from 2 June: six on the committee that day.
  for (const i of [4, 5])
    await must(
      `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } userErrors { code message } } }`,
      {
        unitId: village,
        memberId: members[i],
        role: 'COMMITTEE_MEMBER',
        termStart: i === 4 ? '2026-06-11' : '2026-06-02',
      },
      'createPost',
    );
  let version = 1;
  const correct = async (topic: string, present: number[]) => {
    const r = await t.execute(
      `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { meeting { version } userErrors { code field message } } }`,
      {
        i: {
          meetingId: m,
          version,
          kind: 'COMMITTEE',
          heldOn: '2026-06-13',
          place: '村委会',
          topic,
          attendance: members.map((memberId, i) => ({ memberId, status: present.includes(i) ? 'PRESENT' : 'ABSENT' })),
        },
      },
    );
    expect(r.errors).toBeUndefined();
    if (r.data.correctMeeting.meeting) version = r.data.correctMeeting.meeting.version;
    return r.data.correctMeeting.userErrors.map((e: any) => [e.code, e.field.join('.'), e.message]);
  };
  // The same members present: not judged again, though 3 of 6 would not be a quorum.
  expect(await correct('研究六月工作', [0, 1, 2])).toEqual([]);
  // Who was present changes: judged against the six holding a post on 13 June.
  expect(await correct('研究六月工作', [0, 1, 3])).toEqual([
    ['BAD_USER_INPUT', 'input.attendance', '支委会应到支委 6 人，实到 3 人，须超过半数，会议无效，请另行召开'],
  ]);
  expect(await correct('研究六月工作', [0, 1, 2, 5])).toEqual([]);
  expect(version).toBe(3);
});
