import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule, onDay, reopenHistory } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Issue 15, items 14–16: who is entitled to vote at the members' assembly (审议) and what its count
 * means. Those entitled are the branch's full members on the meeting day, less those whose membership
 * is suspended (停止党籍, read from the mobile-members decision) and those the branch left out of the
 * count for that meeting, with a reason; the quorum and the adoption are both counted on them. Each test
 * builds its own village and pins its own day.
 */
const TODAY = '2026-11-25';
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const PROPOSE = `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } userErrors { code field message } } }`;
const STEP = `mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { matter { id status nextStep version
  steps { step outcome eligible fullMembers present votesFor verdict notCounted { member { id } reason note } } } userErrors { code field message } } }`;

/**
 * The tree and the module switch are set up on a day long past, so the figures of past months (as the
 * tree was) count these villages; the months this file writes into (September and October, closed on
 * the test's day) are reopened for the county, as an administrator would to record them late.
 */
async function setUpInThePast(setUp: () => Promise<void>) {
  await onDay(t, '2016-01-01', setUp);
  await reopenHistory(t, tree.county, '2026-09-01', ['village-affairs']);
}

beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  await setUpInThePast(async () => {
    tree = await smallCounty(t);
    await enableModule(t, tree.county, 'village-affairs');
  });
  await enableModule(t, tree.county, 'mobile-members');
  await accountWith(t, 'ent-sec', Role.SECRETARY, tree.stationA);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A village of its own with `full` full members and one probationary member; returns their ids. */
async function village(full: number) {
  const k = ++seq;
  const unitId = await createUnit(t, {
    code: `TC-EV${k}`,
    name: `表决村${k}党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });
  const members: string[] = [];
  for (let i = 0; i <= full; i++) {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
      {
        i: {
          name: `党员${k}-${i}`,
          idCardNumber: idFor('1970-06-06', i % 2 === 0, k * 20 + i),
          category: 'RURAL',
          joinedOn: i < full ? '2005-01-01' : '2026-06-01',
          fullMemberSince: i < full ? '2006-01-01' : null,
          branchId: unitId,
        },
      },
    );
    expect(r.data.createMember.userErrors).toEqual([]);
    members.push(r.data.createMember.member.id);
  }
  return { unitId, full: members.slice(0, full), probationary: members[full] };
}

/** A matter of the village deliberated and waiting for its review. */
async function atReview(unitId: string, proposedOn = '2026-10-01') {
  const r = await t.execute(PROPOSE, {
    i: { unitId, title: '村集体机动地发包', category: 'LAND_CONTRACTING', proposedOn },
  });
  expect(r.data.proposeVillageMatter.userErrors).toEqual([]);
  const id = r.data.proposeVillageMatter.matter.id;
  expect(
    (await t.execute(STEP, { i: { matterId: id, step: 'DELIBERATION', heldOn: proposedOn } })).data.recordMatterStep
      .userErrors,
  ).toEqual([]);
  return id as string;
}

const review = async (matterId: string, i: Record<string, unknown>, as = t.execute) =>
  (await as(STEP, { i: { matterId, step: 'REVIEW', heldOn: '2026-11-20', ...i } })).data.recordMatterStep;

describe("the members' assembly counts on those entitled to vote", () => {
  test('four of nine away: without a decision of the branch the quorum cannot be met by those at home; with four excused for this meeting, five are entitled and the edges move with them', async () => {
    const v = await village(9);
    const away = v.full.slice(5).map((memberId) => ({ memberId, reason: 'AWAY', note: '外出务工半年以上' }));
    // Everyone at home came: five of nine is short of two thirds. Void; the matter stays at the review.
    const a = await atReview(v.unitId);
    const home = await review(a, { present: 5, votesFor: 5 });
    expect(home.userErrors).toEqual([]);
    expect(home.matter).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'REVIEW' });
    expect(home.matter.steps[2]).toMatchObject({ outcome: 'NO_QUORUM', eligible: 9, fullMembers: 9, notCounted: [] });
    // Called again with the branch's decision: the four away are not counted, for this meeting.
    const sec = await t.as('ent-sec');
    const three = await review(a, { present: 3, votesFor: 3, excused: away, heldOn: '2026-11-21' }, sec);
    expect(three.matter.steps[3]).toMatchObject({
      outcome: 'NO_QUORUM',
      eligible: 5,
      fullMembers: 9,
      verdict:
        'entitled to vote 5 of 9 full members on 2026-11-21 (4 not counted by the branch); present 3 of 5 entitled to vote: quorum (at least 2/3) not met: void, nothing decided; the meeting is called again',
    });
    expect(three.matter.steps[3].notCounted).toEqual(
      away.map((x) => ({ member: { id: x.memberId }, reason: 'AWAY', note: '外出务工半年以上' })),
    );
    // Four of five present: quorum. Two for is not more than half of five; three is.
    const twoFor = await review(
      a,
      { present: 4, votesFor: 2, votesAgainst: 2, excused: away, heldOn: '2026-11-22' },
      sec,
    );
    expect(twoFor.matter).toMatchObject({ status: 'REJECTED' });
    expect(twoFor.matter.steps[4].verdict).toContain('for 2 of 5 entitled: not adopted');
    const b = await atReview(v.unitId);
    const threeFor = await review(b, { present: 4, votesFor: 3, excused: away, eligible: 5 }, sec);
    expect(threeFor.matter).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'RESOLUTION' });
    expect(threeFor.matter.steps[2]).toMatchObject({ outcome: 'PASSED', eligible: 5, votesFor: 3 });
    // The decision is per meeting: the next assembly counts all nine again unless the branch decides anew.
    const c = await atReview(v.unitId);
    expect((await review(c, { present: 6, votesFor: 5 })).matter.steps[2]).toMatchObject({
      eligible: 9,
      outcome: 'PASSED',
    });
  });

  test('who may be excused, and how: a full member of this branch that day, once, with a reason (a note for OTHER), at the review only; a branch cannot excuse everyone; nothing is written when refused', async () => {
    const v = await village(3);
    const other = await village(1);
    const id = await atReview(v.unitId);
    const bad = async (excused: unknown[], more: Record<string, unknown> = {}) =>
      (await review(id, { present: 1, votesFor: 1, excused, ...more })).userErrors[0];
    expect(await bad([{ memberId: v.probationary, reason: 'AWAY' }])).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'excused', '0', 'memberId'],
      message: '该党员在 2026-11-20 不是本支部的正式党员，本来就不计入',
    });
    expect(await bad([{ memberId: other.full[0], reason: 'ILL' }])).toMatchObject({
      field: ['input', 'excused', '0', 'memberId'],
    });
    expect(
      await bad([
        { memberId: v.full[0], reason: 'AWAY' },
        { memberId: v.full[0], reason: 'ILL' },
      ]),
    ).toMatchObject({ field: ['input', 'excused', '1', 'memberId'], message: '该党员被列了两次' });
    expect(await bad([{ memberId: v.full[0], reason: 'SUSPENDED' }])).toMatchObject({
      field: ['input', 'excused', '0', 'reason'],
      message: expect.stringContaining('从已登记的决定（流动党员）读取'),
    });
    expect(await bad([{ memberId: v.full[0], reason: 'OTHER', note: ' ' }])).toMatchObject({
      field: ['input', 'excused', '0', 'note'],
    });
    expect(await bad([{ memberId: 'not-an-id', reason: 'AWAY' }])).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'excused', '0', 'memberId'],
    });
    expect(
      await bad(
        v.full.map((memberId) => ({ memberId, reason: 'ABROAD' })),
        { present: 0, votesFor: 0 },
      ),
    ).toMatchObject({
      field: ['input', 'excused'],
      message: '2026-11-20 有表决权的 0 人（正式党员 3 人，其中支部不计入 3 人）：没有人能表决',
    });
    expect(await bad([{ memberId: v.full[0], reason: 'AWAY' }], { eligible: 3 })).toMatchObject({
      field: ['input', 'eligible'],
      message: expect.stringContaining('2026-11-20 有表决权的 2 人（正式党员 3 人，其中支部不计入 1 人）'),
    });
    const deliberation = await t.execute(PROPOSE, {
      i: { unitId: v.unitId, title: 'x', category: 'OTHER', proposedOn: '2026-11-01' },
    });
    const onDeliberation = await t.execute(STEP, {
      i: {
        matterId: deliberation.data.proposeVillageMatter.matter.id,
        step: 'DELIBERATION',
        heldOn: '2026-11-02',
        excused: [{ memberId: v.full[0], reason: 'AWAY' }],
      },
    });
    expect(onDeliberation.data.recordMatterStep.userErrors[0]).toMatchObject({ field: ['input', 'excused'] });
    const unchanged = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on VillageMatter { version steps { step } } } }`,
      { id },
    );
    expect(unchanged.data.node).toEqual({ version: 2, steps: [{ step: 'PROPOSAL' }, { step: 'DELIBERATION' }] });
    // 留党察看 and OTHER with its note are accepted.
    const ok = await review(id, {
      present: 1,
      votesFor: 1,
      excused: [
        { memberId: v.full[0], reason: 'PARTY_PROBATION' },
        { memberId: v.full[1], reason: 'OTHER', note: '支部决定：长期卧床' },
      ],
    });
    expect(ok.matter.steps[2]).toMatchObject({ outcome: 'PASSED', eligible: 1, fullMembers: 3 });
  });

  test('a member whose membership is suspended (停止党籍) has no vote from the day the suspension is approved until it is lifted; read from the recorded decision, even where mobile members is later switched off', async () => {
    const v = await village(9);
    const [lost] = v.full;
    const must = async (query: string, i: object) => {
      const r = await t.execute(query, { i });
      const payload: any = Object.values(r.data)[0];
      expect([r.errors, payload.userErrors]).toEqual([undefined, []]);
      return payload;
    };
    // The mobile-members history below starts a year back, in periods now closed: reopened to be recorded.
    await must(`mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { message } } }`, {
      unitId: tree.county,
      module: 'mobile-members',
      from: '2025-11-01',
      reason: '测试补录流动党员记录',
    });
    const record = (
      await must(
        `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } userErrors { message } } }`,
        {
          memberId: lost,
          leftOn: '2025-11-01',
          province: '广东省',
          kind: 'CERTIFICATE_LETTER',
          reason: 'MIGRANT_WORK',
        },
      )
    ).record.id;
    const contact = (contactedOn: string, reached: boolean) =>
      must(`mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { userErrors { message } } }`, {
        recordId: record,
        contactedOn,
        channel: 'PHONE',
        reached,
      });
    const decide = (kind: string, meetingOn: string, approvedOn: string) =>
      must(
        `mutation($i: RecordMobileDecisionInput!) { recordMobileDecision(input: $i) { userErrors { code message } } }`,
        {
          recordId: record,
          kind,
          meetingOn,
          approvedOn,
          approvingUnitId: tree.township,
        },
      );
    // The search first (查找): two unsuccessful attempts on different days, then six months without contact.
    await contact('2026-03-01', false);
    await contact('2026-03-15', false);
    t.clock.set('2026-10-12');
    await decide('SUSPEND', '2026-10-09', '2026-10-10');
    const entitledOn = async (heldOn: string) => {
      const id = await atReview(v.unitId, '2026-10-01');
      const r = await review(id, { heldOn, present: 6, votesFor: 5 });
      expect(r.userErrors).toEqual([]);
      return r.matter.steps[2];
    };
    // The day before the approval the member still counts; from the approval day, not.
    expect(await entitledOn('2026-10-09')).toMatchObject({ eligible: 9, notCounted: [] });
    const suspended = await entitledOn('2026-10-10');
    expect(suspended).toMatchObject({
      eligible: 8,
      fullMembers: 9,
      notCounted: [{ member: { id: lost }, reason: 'SUSPENDED', note: null }],
      verdict: expect.stringMatching(
        /^entitled to vote 8 of 9 full members on 2026-10-10 \(1 suspended\); present 6 of 8/,
      ),
    });
    // Listed by the branch as well: refused, the record already says so.
    const twice = await atReview(v.unitId, '2026-10-01');
    expect(
      (
        await review(twice, {
          heldOn: '2026-10-11',
          present: 6,
          votesFor: 5,
          excused: [{ memberId: lost, reason: 'AWAY' }],
        })
      ).userErrors[0],
    ).toMatchObject({
      field: ['input', 'excused', '0', 'memberId'],
      message: '该党员在 2026-10-11 已停止党籍：本来就不计入',
    });
    // The decision stays a fact where the locality later switches mobile members off.
    await enableModule(t, v.unitId, 'mobile-members', false);
    expect(await entitledOn('2026-10-11')).toMatchObject({ eligible: 8 });
    await enableModule(t, v.unitId, 'mobile-members', null);
    // Found again and restored: counted from the day the restoration is approved.
    t.clock.set(TODAY);
    await contact('2026-10-20', true);
    await decide('RESTORE', '2026-10-21', '2026-10-22');
    expect(await entitledOn('2026-10-21')).toMatchObject({ eligible: 8 });
    expect(await entitledOn('2026-10-22')).toMatchObject({ eligible: 9, notCounted: [] });
  });

  test('a member of the branch reads who was not counted and why; another village does not', async () => {
    const v = await village(3);
    const id = await atReview(v.unitId);
    await review(id, { present: 2, votesFor: 2, excused: [{ memberId: v.full[2], reason: 'ILL' }] });
    await accountWith(t, 'ent-member', Role.MEMBER, v.unitId, v.full[0]);
    const r = await (
      await t.as('ent-member')
    )(
      `query($id: ID!) { node(id: $id) { ... on VillageMatter { steps { step notCounted { reason member { id } } } } } }`,
      { id },
    );
    expect(r.errors).toBeUndefined();
    // The member sees the reason; another member's record stays hidden from them, as everywhere.
    expect(r.data.node.steps[2].notCounted).toEqual([{ reason: 'ILL', member: null }]);
    const outsider = await village(1);
    await accountWith(t, 'ent-outsider', Role.MEMBER, outsider.unitId, outsider.full[0]);
    expect(
      (await (await t.as('ent-outsider'))(`query($id: ID!) { node(id: $id) { id } }`, { id })).data.node,
    ).toBeNull();
  });
});
