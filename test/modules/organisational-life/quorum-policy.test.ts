import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { orgLifePolicy } from '../../../modules/organisational-life/services/policy';
import { defaultPolicy } from '../../../src/policy';
import { idFor } from '../../support/people';
import { enableModule, onDay } from '../../support/helpers';
import { smallCounty } from '../../support/tree';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The committee quorum set by a locality (`modules.organisational-life.committeeQuorumShare`): more
 * than two thirds, so 3 of 5 present is void and 4 of 5 valid; never "half or less".
 */
jest.setTimeout(120_000);

let t: TestApp;

beforeAll(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ol-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify({ modules: { 'organisational-life': { committeeQuorumShare: 2 / 3 } } }));
  const saved = process.env.JICENG_POLICY_FILE;
  process.env.JICENG_POLICY_FILE = file;
  t = await createTestApp({ now: '2026-06-15' }).finally(() => {
    if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
    else process.env.JICENG_POLICY_FILE = saved;
  });
});
afterAll(() => t?.close());

test('the share is at least one half and below one', () => {
  const policy = (share: unknown) => () =>
    orgLifePolicy({ ...defaultPolicy(), modules: { 'organisational-life': { committeeQuorumShare: share } } });
  expect(policy(0.4)).toThrow('committeeQuorumShare');
  expect(policy(1)).toThrow('committeeQuorumShare');
  expect(policy(0.5)().committeeQuorumShare).toBe(0.5);
});

test('more than two thirds: 3 of 5 is void, 4 of 5 valid', async () => {
  const members: string[] = [];
  const village = await onDay(t, '2016-01-04', async () => {
    const tree = await smallCounty(t, 'QP');
    await enableModule(t, tree.county, 'organisational-life');
    for (let i = 0; i < 5; i++) {
      const r = await t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: `委员${i}`,
            idCardNumber: idFor('1973-04-04', i % 2 === 1, 450 + i),
            category: 'RURAL',
            joinedOn: '2005-01-01',
            fullMemberSince: '2006-01-01',
            branchId: tree.village1,
          },
        },
      );
      members.push(r.data.createMember.member.id);
      const role = i === 0 ? 'SECRETARY' : 'COMMITTEE_MEMBER';
      const p = await t.execute(
        `mutation($i: CreatePostInput!) { createPost(input: $i) { userErrors { code message } } }`,
        { i: { unitId: tree.village1, memberId: members[i], role, termStart: '2016-01-04' } },
      );
      expect(p.data.createPost.userErrors).toEqual([]);
    }
    return tree.village1;
  });
  const committee = async (n: number) =>
    (
      await t.execute(`mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { userErrors { message } } }`, {
        i: {
          unitId: village,
          kind: 'COMMITTEE',
          heldOn: '2026-06-10',
          place: '村委会',
          topic: '研究本月工作',
          attendance: members.map((memberId, i) => ({ memberId, status: i < n ? 'PRESENT' : 'ABSENT' })),
        },
      })
    ).data.recordMeeting.userErrors.map((e: any) => e.message);
  expect(await committee(3)).toEqual(['支委会应到支委 5 人，实到 3 人，须超过67%，会议无效，请另行召开']);
  expect(await committee(4)).toEqual([]);
});
