import { plusDays } from '../../../src/calendar';
import { Role } from '../../../src/auth/roles';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, codeOf, enableModule, onDay, reopenHistory } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * 四议两公开 step by step. The clock is set to TODAY before each test and every date is counted from
 * it; each test proposes the matters it looks at.
 */
const TODAY = '2026-11-25';
const today = TODAY;
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const PROPOSE = `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id status nextStep rejectedAtStep closedOn steps { step outcome verdict eligible } } userErrors { code field message } } }`;
const STEP = `mutation($i: RecordMatterStepInput!) { recordMatterStep(input: $i) { matter { id status nextStep rejectedAtStep closedOn version steps { step outcome verdict eligible present } } userErrors { code field message } } }`;
const FINDING = `mutation($i: AddSupervisionFindingInput!) { addSupervisionFinding(input: $i) { matter { findings { step text } } userErrors { code field message } } }`;

const propose = async (extra: Record<string, unknown> = {}) => {
  const r = await t.execute(PROPOSE, {
    i: {
      unitId: tree.village1,
      title: '村内道路硬化',
      category: 'FINANCIAL_EXPENDITURE',
      amountFen: 3_500_000_00,
      proposedOn: plusDays(today, -60),
      ...extra,
    },
  });
  expect(r.data.proposeVillageMatter.userErrors).toEqual([]);
  return r.data.proposeVillageMatter.matter.id as string;
};
const step = (matterId: string, i: Record<string, unknown>, as = t.execute) =>
  as(STEP, { i: { matterId, heldOn: plusDays(today, -50), ...i } });
const ok = async (matterId: string, i: Record<string, unknown>) => {
  const r = await step(matterId, i);
  expect(r.data.recordMatterStep.userErrors).toEqual([]);
  return r.data.recordMatterStep.matter;
};
/** Proposal → deliberation → review passed: a matter ready for its resolution. */
const toResolution = async () => {
  const id = await propose();
  await ok(id, { step: 'DELIBERATION' });
  await ok(id, { step: 'REVIEW', present: 8, votesFor: 8 });
  return id;
};

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
    await enableModule(t, tree.stationB, 'village-affairs', false);
  });
  // Nine full members and one probationary member in village 1: review needs six present.
  for (let i = 0; i < 10; i++) {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { message } } }`,
      {
        i: {
          name: `党员${i}`,
          idCardNumber: idFor('1970-03-03', i % 2 === 0, 10 + i),
          category: 'RURAL',
          joinedOn: i < 9 ? '2005-01-01' : plusDays(TODAY, -200),
          fullMemberSince: i < 9 ? '2006-01-01' : null,
          branchId: tree.village1,
        },
      },
    );
    expect(r.data.createMember.userErrors).toEqual([]);
  }
  await accountWith(t, 'sec-v1', Role.SECRETARY, tree.village1);
  await accountWith(t, 'sec-v2', Role.SECRETARY, tree.village2);
  await accountWith(t, 'analyst-c', Role.ANALYST, tree.county);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

describe('proposal', () => {
  test('a matter belongs to a village; money is whole fen and required for an expenditure; the proposal is its first step', async () => {
    const station = await t.execute(PROPOSE, {
      i: { unitId: tree.stationA, title: 'x', category: 'OTHER', proposedOn: today },
    });
    expect(station.data.proposeVillageMatter.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'unitId'],
    });
    const noAmount = await t.execute(PROPOSE, {
      i: { unitId: tree.village1, title: 'x', category: 'FINANCIAL_EXPENDITURE', proposedOn: today },
    });
    expect(noAmount.data.proposeVillageMatter.userErrors[0].field).toEqual(['input', 'amountFen']);
    const fraction = await t.execute(PROPOSE, {
      i: { unitId: tree.village1, title: 'x', category: 'FINANCIAL_EXPENDITURE', amountFen: 10.5, proposedOn: today },
    });
    expect(fraction.data.proposeVillageMatter.userErrors[0].field).toEqual(['input', 'amountFen']);
    const future = await t.execute(PROPOSE, {
      i: { unitId: tree.village1, title: 'x', category: 'OTHER', proposedOn: plusDays(today, 1) },
    });
    expect(future.data.proposeVillageMatter.userErrors[0].field).toEqual(['input', 'proposedOn']);
    const r = await t.execute(PROPOSE, {
      i: {
        unitId: tree.village1,
        title: '集体机动地发包',
        category: 'LAND_CONTRACTING',
        proposedOn: today,
        attendees: ['第一工作站 李站长', '第一工作站 李站长'],
      },
    });
    expect(r.data.proposeVillageMatter.matter).toMatchObject({
      status: 'IN_PROGRESS',
      nextStep: 'DELIBERATION',
      steps: [{ step: 'PROPOSAL', outcome: 'PASSED' }],
    });
  });
});

describe('steps strictly in order', () => {
  test('a skipped step, a repeated step and a field of another step are refused; nothing is written', async () => {
    const id = await propose();
    const skipped = await step(id, { step: 'REVIEW', present: 9, votesFor: 9 });
    expect(skipped.data.recordMatterStep.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: '还不能进行“党员大会审议”：下一步是“两委商议”',
    });
    const repeated = await step(id, { step: 'PROPOSAL' });
    expect(repeated.data.recordMatterStep.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: '“党组织提议”已经登记过：下一步是“两委商议”',
    });
    const votes = await step(id, { step: 'DELIBERATION', votesFor: 3 });
    expect(votes.data.recordMatterStep.userErrors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'votesFor'],
    });
    const before = await step(id, { step: 'DELIBERATION', heldOn: plusDays(today, -61) });
    expect(before.data.recordMatterStep.userErrors[0].field).toEqual(['input', 'heldOn']);
    const sec = await t.as('sec-v1');
    const m = (await step(id, { step: 'DELIBERATION', attendees: ['第一工作站 李站长'] }, sec)).data.recordMatterStep
      .matter;
    expect(m).toMatchObject({
      nextStep: 'REVIEW',
      version: 2,
      steps: [{ step: 'PROPOSAL' }, { step: 'DELIBERATION' }],
    });
    const who = await sec(
      `query($id: ID!) { node(id: $id) { ... on VillageMatter { steps { heldOn attendees recordedBy { username } } } } }`,
      { id },
    );
    expect(who.data.node.steps[1]).toEqual({
      heldOn: plusDays(today, -50),
      attendees: ['第一工作站 李站长'],
      recordedBy: { username: 'sec-v1' },
    });
    expect((await step(id, { step: 'DELIBERATION' })).data.recordMatterStep.userErrors[0].code).toBe('INVALID_STATE');
  });

  test("review: those entitled are the register's full members on the day (9, the probationary member not counted); adoption needs more than half of them in favour, not of those present", async () => {
    const id = await propose();
    await ok(id, { step: 'DELIBERATION' });
    const wrong = await step(id, { step: 'REVIEW', present: 8, eligible: 10, votesFor: 8 });
    expect(wrong.data.recordMatterStep.userErrors[0]).toMatchObject({
      field: ['input', 'eligible'],
      message: expect.stringContaining(`${plusDays(today, -50)} 有表决权的 9 人（正式党员 9 人）`),
    });
    const tooMany = await step(id, { step: 'REVIEW', present: 10, votesFor: 8 });
    expect(tooMany.data.recordMatterStep.userErrors[0].field).toEqual(['input', 'present']);
    const overVoted = await step(id, { step: 'REVIEW', present: 7, votesFor: 5, votesAgainst: 2, votesAbstain: 1 });
    expect(overVoted.data.recordMatterStep.userErrors[0].field).toEqual(['input', 'votesFor']);
    // Five for, six present, nine entitled: more than half of the entitled.
    const m = await ok(id, { step: 'REVIEW', present: 6, votesFor: 5, votesAgainst: 1 });
    expect(m.nextStep).toBe('RESOLUTION');
    expect(m.steps[2]).toMatchObject({
      outcome: 'PASSED',
      eligible: 9,
      present: 6,
      verdict: `entitled to vote 9 of 9 full members on ${plusDays(today, -50)}; present 6 of 9 entitled to vote: quorum (at least 2/3) met; for 5 of 9 entitled: adopted (more than 1/2 of those entitled needed)`,
    });
    // Four for, six present: a majority of those present, not of the nine entitled. The matter is rejected.
    const b = await propose();
    await ok(b, { step: 'DELIBERATION' });
    const four = await ok(b, { step: 'REVIEW', present: 6, votesFor: 4, votesAgainst: 1, votesAbstain: 1 });
    expect(four).toMatchObject({ status: 'REJECTED', rejectedAtStep: 'REVIEW' });
    expect(four.steps[2]).toMatchObject({
      outcome: 'FAILED',
      verdict: expect.stringContaining('for 4 of 9 entitled: not adopted (more than 1/2 of those entitled needed)'),
    });
  });

  test('review at the edges: five of nine present lacks the quorum — void, the step called again, the matter still in progress; six present with three for rejects', async () => {
    const a = await propose();
    await ok(a, { step: 'DELIBERATION' });
    const noQuorum = await ok(a, { step: 'REVIEW', present: 5, votesFor: 5 });
    expect(noQuorum).toMatchObject({
      status: 'IN_PROGRESS',
      nextStep: 'REVIEW',
      rejectedAtStep: null,
      closedOn: null,
      version: 3,
    });
    expect(noQuorum.steps[2]).toMatchObject({
      outcome: 'NO_QUORUM',
      verdict: expect.stringContaining(
        'quorum (at least 2/3) not met: void, nothing decided; the meeting is called again',
      ),
    });
    // Nothing was decided: the resolution cannot follow a void meeting.
    const early = await step(a, {
      step: 'RESOLUTION',
      meetingKind: 'VILLAGERS_MEETING',
      eligible: 100,
      present: 80,
      votesFor: 80,
    });
    expect(early.data.recordMatterStep.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: '还不能进行“村民（代表）会议决议”：下一步是“党员大会审议”',
    });
    // Called again: not before the void meeting; then with quorum, and it is decided.
    expect(
      (await step(a, { step: 'REVIEW', present: 6, votesFor: 5, heldOn: plusDays(today, -51) })).data.recordMatterStep
        .userErrors[0].field,
    ).toEqual(['input', 'heldOn']);
    const again = await ok(a, { step: 'REVIEW', present: 6, votesFor: 5, heldOn: plusDays(today, -43) });
    expect(again).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'RESOLUTION' });
    expect(again.steps.map((x: any) => `${x.step}:${x.outcome}`)).toEqual([
      'PROPOSAL:PASSED',
      'DELIBERATION:PASSED',
      'REVIEW:NO_QUORUM',
      'REVIEW:PASSED',
    ]);
    // Once decided, the review is not recorded again.
    expect(
      (await step(a, { step: 'REVIEW', present: 9, votesFor: 9, heldOn: plusDays(today, -40) })).data.recordMatterStep
        .userErrors[0].code,
    ).toBe('INVALID_STATE');
    const b = await propose();
    await ok(b, { step: 'DELIBERATION' });
    expect(await ok(b, { step: 'REVIEW', present: 6, votesFor: 3, votesAgainst: 3 })).toMatchObject({
      status: 'REJECTED',
      rejectedAtStep: 'REVIEW',
    });
    const after = await step(b, {
      step: 'RESOLUTION',
      meetingKind: 'VILLAGERS_MEETING',
      eligible: 100,
      present: 80,
      votesFor: 80,
    });
    expect(after.data.recordMatterStep.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('在“党员大会审议”被否决'),
    });
  });

  test('resolution: the meeting is named and counted by its own rule, at the edges; without quorum it is void and called again', async () => {
    const a = await toResolution();
    expect(
      (await step(a, { step: 'RESOLUTION', eligible: 30, present: 20, votesFor: 11 })).data.recordMatterStep
        .userErrors[0].field,
    ).toEqual(['input', 'meetingKind']);
    expect(
      (await step(a, { step: 'RESOLUTION', meetingKind: 'REPRESENTATIVES_MEETING', present: 20, votesFor: 11 })).data
        .recordMatterStep.userErrors[0].field,
    ).toEqual(['input', 'eligible']);
    expect(
      (
        await ok(a, {
          step: 'RESOLUTION',
          meetingKind: 'REPRESENTATIVES_MEETING',
          eligible: 30,
          present: 20,
          votesFor: 11,
        })
      ).nextStep,
    ).toBe('RESOLUTION_DISCLOSED');
    const b = await toResolution();
    expect(
      await ok(b, {
        step: 'RESOLUTION',
        meetingKind: 'REPRESENTATIVES_MEETING',
        eligible: 30,
        present: 19,
        votesFor: 19,
      }),
    ).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'RESOLUTION' });
    expect(
      await ok(b, {
        step: 'RESOLUTION',
        meetingKind: 'REPRESENTATIVES_MEETING',
        eligible: 30,
        present: 20,
        votesFor: 10,
      }),
    ).toMatchObject({ status: 'REJECTED', rejectedAtStep: 'RESOLUTION' });
    const c = await toResolution();
    expect(
      await ok(c, { step: 'RESOLUTION', meetingKind: 'VILLAGERS_MEETING', eligible: 100, present: 50, votesFor: 50 }),
    ).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'RESOLUTION' });
    const d = await toResolution();
    expect(
      (await ok(d, { step: 'RESOLUTION', meetingKind: 'VILLAGERS_MEETING', eligible: 100, present: 51, votesFor: 26 }))
        .status,
    ).toBe('IN_PROGRESS');
    const e = await toResolution();
    expect(
      await ok(e, { step: 'RESOLUTION', meetingKind: 'VILLAGERS_MEETING', eligible: 100, present: 51, votesFor: 25 }),
    ).toMatchObject({ status: 'REJECTED', rejectedAtStep: 'RESOLUTION' });
  });

  test("villagers' meeting: its alternative quorum, two thirds of the households represented (art. 22), at the edges; the household fields belong to it alone", async () => {
    const VILLAGERS = { step: 'RESOLUTION', meetingKind: 'VILLAGERS_MEETING', eligible: 300, present: 140 };
    const a = await toResolution();
    const bad = async (i: Record<string, unknown>) => (await step(a, i)).data.recordMatterStep.userErrors[0];
    expect(await bad({ ...VILLAGERS, votesFor: 71, households: 150 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'householdsPresent'],
    });
    expect(await bad({ ...VILLAGERS, votesFor: 71, households: 150, householdsPresent: 151 })).toMatchObject({
      field: ['input', 'householdsPresent'],
    });
    expect(
      await bad({ ...VILLAGERS, votesFor: 71, households: 150, householdsPresent: 100, present: 99 }),
    ).toMatchObject({
      field: ['input', 'householdsPresent'],
      message: expect.stringContaining('不能由 99 名到会者代表'),
    });
    expect(
      await bad({
        ...VILLAGERS,
        meetingKind: 'REPRESENTATIVES_MEETING',
        eligible: 30,
        present: 20,
        votesFor: 11,
        households: 150,
        householdsPresent: 100,
      }),
    ).toMatchObject({ field: ['input', 'households'] });
    const atReview = await propose();
    await ok(atReview, { step: 'DELIBERATION' });
    expect(
      (await step(atReview, { step: 'REVIEW', present: 9, votesFor: 9, households: 10, householdsPresent: 9 })).data
        .recordMatterStep.userErrors[0],
    ).toMatchObject({ field: ['input', 'households'] });
    // 99 of 150 households is short of two thirds, and 140 of 300 adults short of half: void.
    const short = await ok(a, { ...VILLAGERS, votesFor: 71, households: 150, householdsPresent: 99 });
    expect(short).toMatchObject({ status: 'IN_PROGRESS', nextStep: 'RESOLUTION' });
    expect(short.steps.at(-1).outcome).toBe('NO_QUORUM');
    // 100 of 150: the meeting may decide; 71 of the 140 present is more than half.
    const met = await ok(a, { ...VILLAGERS, votesFor: 71, households: 150, householdsPresent: 100 });
    expect(met.nextStep).toBe('RESOLUTION_DISCLOSED');
    expect(met.steps.at(-1)).toMatchObject({
      outcome: 'PASSED',
      verdict:
        'present 140 of 300 villagers aged 18 or over (more than 1/2: not met) or household representatives 100 of 150 households (at least 2/3: met): quorum met; for 71 of 140 present: adopted (more than 1/2 of those present needed)',
    });
    const b = await toResolution();
    expect(await ok(b, { ...VILLAGERS, votesFor: 70, households: 150, householdsPresent: 100 })).toMatchObject({
      status: 'REJECTED',
      rejectedAtStep: 'RESOLUTION',
    });
  });

  test('disclosures name channels and place; execution takes progress notes until complete; the result disclosed completes the matter', async () => {
    const id = await toResolution();
    await ok(id, {
      step: 'RESOLUTION',
      meetingKind: 'REPRESENTATIVES_MEETING',
      eligible: 30,
      present: 25,
      votesFor: 24,
    });
    expect(
      (await step(id, { step: 'RESOLUTION_DISCLOSED', place: '村委会公开栏' })).data.recordMatterStep.userErrors[0]
        .field,
    ).toEqual(['input', 'channels']);
    expect(
      (await step(id, { step: 'RESOLUTION_DISCLOSED', channels: ['BOARD'] })).data.recordMatterStep.userErrors[0].field,
    ).toEqual(['input', 'place']);
    await ok(id, { step: 'RESOLUTION_DISCLOSED', channels: ['BOARD', 'WECHAT', 'BOARD'], place: '村委会公开栏' });
    expect(
      (await step(id, { step: 'EXECUTION', heldOn: plusDays(today, -42) })).data.recordMatterStep.userErrors[0].field,
    ).toEqual(['input', 'notes']);
    // Disclosed on day −50: seven days of disclosure run −49 … −43; execution starts on −42.
    for (const heldOn of [plusDays(today, -50), plusDays(today, -43)])
      expect(
        (await step(id, { step: 'EXECUTION', notes: '已开工', heldOn })).data.recordMatterStep.userErrors[0],
      ).toEqual({
        code: 'BAD_USER_INPUT',
        field: ['input', 'heldOn'],
        message: `决议于 ${plusDays(today, -50)} 公开，公示 7 天至 ${plusDays(today, -43)}：实施从 ${plusDays(today, -42)} 开始`,
      });
    expect((await ok(id, { step: 'EXECUTION', notes: '已开工', heldOn: plusDays(today, -42) })).nextStep).toBe(
      'EXECUTION',
    );
    expect((await ok(id, { step: 'EXECUTION', notes: '路基完成一半', heldOn: plusDays(today, -30) })).nextStep).toBe(
      'EXECUTION',
    );
    expect(
      (await step(id, { step: 'RESULT_DISCLOSED', channels: ['BOARD'], place: '村委会公开栏' })).data.recordMatterStep
        .userErrors[0].code,
    ).toBe('INVALID_STATE');
    expect(
      (await ok(id, { step: 'EXECUTION', notes: '完工验收', completed: true, heldOn: plusDays(today, -20) })).nextStep,
    ).toBe('RESULT_DISCLOSED');
    const done = await ok(id, {
      step: 'RESULT_DISCLOSED',
      channels: ['BOARD'],
      place: '村委会公开栏',
      heldOn: plusDays(today, -18),
    });
    expect(done).toMatchObject({ status: 'COMPLETED', nextStep: null, closedOn: plusDays(today, -18) });
    expect(done.steps.map((s: any) => `${s.step}:${s.outcome}`)).toEqual([
      'PROPOSAL:PASSED',
      'DELIBERATION:PASSED',
      'REVIEW:PASSED',
      'RESOLUTION:PASSED',
      'RESOLUTION_DISCLOSED:PASSED',
      'EXECUTION:PROGRESS',
      'EXECUTION:PROGRESS',
      'EXECUTION:PASSED',
      'RESULT_DISCLOSED:PASSED',
    ]);
    expect(
      (await step(id, { step: 'RESULT_DISCLOSED', channels: ['BOARD'], place: 'x' })).data.recordMatterStep
        .userErrors[0],
    ).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('事项已完成') });
  });

  test('fifty simultaneous recordings of the same step: one is written, the rest INVALID_STATE', async () => {
    const id = await propose();
    const results = await Promise.all(Array.from({ length: 50 }, () => step(id, { step: 'DELIBERATION' })));
    const codes = results.map((r) => r.data.recordMatterStep.userErrors[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'INVALID_STATE')).toHaveLength(49);
    const m = await t.execute(`query($id: ID!) { node(id: $id) { ... on VillageMatter { steps { step } version } } }`, {
      id,
    });
    expect(m.data.node).toEqual({ steps: [{ step: 'PROPOSAL' }, { step: 'DELIBERATION' }], version: 2 });
  });
});

describe('rejected matters proposed again; supervision', () => {
  test('a rejected matter is proposed again once, linked both ways; only a rejected matter can be', async () => {
    const old = await propose();
    await ok(old, { step: 'DELIBERATION' });
    await ok(old, { step: 'REVIEW', present: 6, votesFor: 4, votesAgainst: 2 });
    const early = await t.execute(PROPOSE, {
      i: {
        unitId: tree.village1,
        title: '再议',
        category: 'OTHER',
        proposedOn: plusDays(today, -55),
        reproposalOfId: old,
      },
    });
    expect(early.data.proposeVillageMatter.userErrors[0].field).toEqual(['input', 'proposedOn']);
    const again = await propose({
      title: '村内道路硬化（修改方案）',
      proposedOn: plusDays(today, -40),
      reproposalOfId: old,
    });
    const link = await t.execute(
      `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on VillageMatter { reproposedAs { id } } } b: node(id: $b) { ... on VillageMatter { reproposalOf { id status } } } }`,
      { a: old, b: again },
    );
    expect(link.data).toEqual({
      a: { reproposedAs: { id: again } },
      b: { reproposalOf: { id: old, status: 'REJECTED' } },
    });
    const twice = await t.execute(PROPOSE, {
      i: { unitId: tree.village1, title: '再议', category: 'OTHER', proposedOn: today, reproposalOfId: old },
    });
    expect(twice.data.proposeVillageMatter.userErrors[0].code).toBe('CONFLICT');
    const notRejected = await t.execute(PROPOSE, {
      i: { unitId: tree.village1, title: '再议', category: 'OTHER', proposedOn: today, reproposalOfId: again },
    });
    expect(notRejected.data.proposeVillageMatter.userErrors[0].code).toBe('INVALID_STATE');
    const elsewhere = await t.execute(PROPOSE, {
      i: { unitId: tree.village2, title: '再议', category: 'OTHER', proposedOn: today, reproposalOfId: old },
    });
    expect(elsewhere.data.proposeVillageMatter.userErrors[0].field).toEqual(['input', 'reproposalOfId']);
  });

  test("findings are recorded by a member of the village's supervision committee, on any step reached, not beyond; not by the secretary, an administrator, another village's committee, or a former member", async () => {
    const id = await propose();
    await ok(id, { step: 'DELIBERATION' });
    const finding = { matterId: id, step: 'REVIEW', text: '会前未提前通知全体党员', recordedOn: today };
    const members = (
      await t.execute(`query($u: ID!) { node(id: $u) { ... on OrgUnit { members(first: 3) { nodes { id } } } } }`, {
        u: tree.village1,
      })
    ).data.node.members.nodes.map((n: any) => n.id);
    const POST = `mutation($i: CreatePostInput!) { createPost(input: $i) { post { id termEnd } userErrors { code field message } } }`;
    const supervisor = await t.execute(POST, {
      i: { unitId: tree.village1, memberId: members[0], role: 'VILLAGE_SUPERVISOR', termStart: '2021-11-01' },
    });
    // Elected with the villagers' committee: five years.
    expect(supervisor.data.createPost.post.termEnd).toBe('2026-11-01');
    const former = await t.execute(POST, {
      i: { unitId: tree.village1, memberId: members[1], role: 'VILLAGE_SUPERVISOR', termStart: '2021-11-01' },
    });
    const ended = await t.execute(
      `mutation($i: EndPostInput!) { endPost(input: $i) { userErrors { code message } } }`,
      { i: { id: former.data.createPost.post.id, endedOn: plusDays(today, -10) } },
    );
    expect(ended.data.endPost.userErrors).toEqual([]);
    await accountWith(t, 'sup-v1', Role.MEMBER, tree.village1, members[0]);
    await accountWith(t, 'former-sup-v1', Role.MEMBER, tree.village1, members[1]);
    await accountWith(t, 'plain-v1', Role.MEMBER, tree.village1, members[2]);
    const sup = await t.as('sup-v1');
    for (const who of [t.execute, await t.as('sec-v1'), await t.as('former-sup-v1'), await t.as('plain-v1')]) {
      const r = await who(FINDING, { i: finding });
      expect({ code: codeOf(r), message: r.errors?.[0].message }).toEqual({
        code: 'FORBIDDEN',
        message: expect.stringContaining('村务监督委员会成员登记'),
      });
    }
    // Another village's committee member does not supervise this one.
    const other = (
      await t.execute(
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
        {
          i: {
            name: '西村监委',
            idCardNumber: idFor('1972-05-05', true, 90),
            category: 'RURAL',
            joinedOn: '2000-01-01',
            fullMemberSince: '2001-01-01',
            branchId: tree.village2,
          },
        },
      )
    ).data.createMember.member.id;
    await t.execute(POST, {
      i: { unitId: tree.village2, memberId: other, role: 'VILLAGE_SUPERVISOR', termStart: '2021-11-01' },
    });
    await accountWith(t, 'sup-v2', Role.MEMBER, tree.village2, other);
    const v2 = await (await t.as('sup-v2'))(FINDING, { i: finding });
    // Refused: the matter is not theirs to see (NOT_FOUND on its id) or not theirs to supervise (FORBIDDEN).
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(v2) ?? v2.data.addSupervisionFinding.userErrors[0]?.code);
    // Before the post's term began, the member was not on the committee.
    expect(codeOf(await sup(FINDING, { i: { ...finding, recordedOn: '2021-10-31' } }))).toBe('FORBIDDEN');
    const beyond = await sup(FINDING, { i: { ...finding, step: 'RESOLUTION' } });
    expect(beyond.data.addSupervisionFinding.userErrors[0].code).toBe('INVALID_STATE');
    const r = await sup(FINDING, { i: finding });
    expect(r.data.addSupervisionFinding.userErrors).toEqual([]);
    const seen = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on VillageMatter { findings { step text recordedOn recordedAt recordedBy { username } } } } }`,
      { id },
    );
    expect(seen.data.node.findings).toEqual([
      {
        step: 'REVIEW',
        text: '会前未提前通知全体党员',
        recordedOn: today,
        recordedAt: t.clock.now(),
        recordedBy: { username: 'sup-v1' },
      },
    ]);
  });
});

describe('access and the per-locality switch', () => {
  test("the village secretary does the work; another village's secretary and a county analyst cannot; the analyst reads", async () => {
    const sec1 = await t.as('sec-v1');
    const r = await sec1(PROPOSE, {
      i: { unitId: tree.village1, title: '低保户评定', category: 'POOR_AND_SUBSISTENCE', proposedOn: today },
    });
    expect(r.data.proposeVillageMatter.userErrors).toEqual([]);
    const id = r.data.proposeVillageMatter.matter.id;
    // Another village's matter: FORBIDDEN, or NOT_FOUND on its id where the core checks every input id first.
    const other = await step(id, { step: 'DELIBERATION', heldOn: today }, await t.as('sec-v2'));
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(other) ?? other.data.recordMatterStep.userErrors[0]?.code);
    const analyst = await t.as('analyst-c');
    expect(codeOf(await step(id, { step: 'DELIBERATION', heldOn: today }, analyst))).toBe('FORBIDDEN');
    const read = await analyst(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageMatters(first: 50, statuses: [IN_PROGRESS]) { totalCount nodes { id village { name } } } } } }`,
      { u: tree.county },
    );
    expect(read.data.node.villageMatters.nodes.map((n: any) => n.id)).toContain(id);
    const hidden = await (await t.as('sec-v2'))(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(hidden.data.node).toBeNull();
  });

  test('a member reads what the village discloses — matters, disclosures, the power list — but not the feedback register, and nothing of another village', async () => {
    const mine = await propose({ title: '村道路灯安装', proposedOn: plusDays(today, -5) });
    const d = await t.execute(
      `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { id } userErrors { message } } }`,
      {
        i: {
          unitId: tree.village1,
          category: 'FINANCE',
          periodStart: '2026-10-01',
          periodEnd: '2026-10-31',
          publishedOn: '2026-11-05',
          channels: ['BOARD'],
          summary: '十月收支',
        },
      },
    );
    expect(d.data.recordVillageDisclosure.userErrors).toEqual([]);
    const memberId = (
      await t.execute(`query($u: ID!) { node(id: $u) { ... on OrgUnit { members(first: 1) { nodes { id } } } } }`, {
        u: tree.village1,
      })
    ).data.node.members.nodes[0].id;
    await accountWith(t, 'member-v1', Role.MEMBER, tree.village1, memberId);
    const member = await t.as('member-v1');
    const own = await member(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageMatters(first: 100) { nodes { id title steps { step } } } villageDisclosures(first: 100) { nodes { id } } powerList { code } } } }`,
      { u: tree.village1 },
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.node.villageMatters.nodes).toContainEqual({
      id: mine,
      title: '村道路灯安装',
      steps: [{ step: 'PROPOSAL' }],
    });
    expect(own.data.node.villageDisclosures.nodes).toContainEqual({ id: d.data.recordVillageDisclosure.disclosure.id });
    expect(own.data.node.powerList).toEqual([]);
    const register = await member(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageFeedback { totalCount } } } }`,
      { u: tree.village1 },
    );
    expect(codeOf(register)).toBe('FORBIDDEN');
    const other = await member(`query($u: ID!) { node(id: $u) { ... on OrgUnit { villageMatters { totalCount } } } }`, {
      u: tree.village2,
    });
    expect(other.data.node).toBeNull();
  });

  test('where the station switched the module off: MODULE_DISABLED for its villages, the rest of the query answers', async () => {
    const mine = await propose({ title: '开着的村', proposedOn: plusDays(today, -1) });
    expect(
      codeOf(
        await t.execute(PROPOSE, { i: { unitId: tree.village3, title: 'x', category: 'OTHER', proposedOn: today } }),
      ),
    ).toBe('MODULE_DISABLED');
    const r = await t.execute(
      `query($a: ID!, $b: ID!) { a: node(id: $a) { ... on OrgUnit { villageMatters { totalCount } } } b: node(id: $b) { ... on OrgUnit { name villageMatters(first: 100) { nodes { id } } } } }`,
      { a: tree.village3, b: tree.village1 },
    );
    expect(codeOf(r)).toBe('MODULE_DISABLED');
    expect(r.data.a.villageMatters).toBeNull();
    expect(r.data.b.villageMatters.nodes).toContainEqual({ id: mine });
  });
});

describe('the register on the meeting day', () => {
  test('those entitled are the full members of the branch that day: full from the day after is not yet counted, members transferred out or departed that day no longer are', async () => {
    const village = await createUnit(t, {
      code: `TC-MV${++seq}`,
      name: `议事村${seq}党支部`,
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: tree.stationA,
      establishedOn: '2000-01-01',
    });
    const CREATE = `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`;
    const member = async (name: string, fullMemberSince: string) => {
      const r = await t.execute(CREATE, {
        i: {
          name,
          idCardNumber: idFor('1975-04-04', seq % 2 === 0, 100 + ++seq),
          category: 'RURAL',
          joinedOn: '2020-01-01',
          fullMemberSince,
          branchId: village,
        },
      });
      expect(r.data.createMember.userErrors).toEqual([]);
      return r.data.createMember.member.id as string;
    };
    await member('老党员甲', '2021-01-01');
    await member('老党员乙', '2021-01-01');
    await member('新转正', '2026-11-02');
    const leaving = await member('转出', '2021-01-01');
    const departing = await member('去世', '2021-01-01');
    const moved = await t.execute(
      `mutation($i: TransferMemberInput!) { transferMember(input: $i) { userErrors { code message } } }`,
      { i: { memberId: leaving, toBranchId: tree.village2, effectiveOn: '2026-11-02' } },
    );
    expect(moved.data.transferMember.userErrors).toEqual([]);
    const gone = await t.execute(
      `mutation($i: RecordMemberDepartureInput!) { recordMemberDeparture(input: $i) { userErrors { code } } }`,
      { i: { memberId: departing, reason: 'DECEASED', departedOn: '2026-11-02' } },
    );
    expect(gone.data.recordMemberDeparture.userErrors).toEqual([]);
    const registerOn = async (heldOn: string) => {
      const r = await t.execute(PROPOSE, {
        i: { unitId: village, title: '议事', category: 'OTHER', proposedOn: '2026-10-01' },
      });
      const id = r.data.proposeVillageMatter.matter.id;
      await ok(id, { step: 'DELIBERATION', heldOn: '2026-10-15' });
      const review = await ok(id, { step: 'REVIEW', heldOn, present: 2, votesFor: 2 });
      return review.steps[2].eligible;
    };
    // 1 November: the two old members, the one about to transfer and the one about to depart.
    expect(await registerOn('2026-11-01')).toBe(4);
    // 2 November: the new full member counts; the transferred and the departed do not.
    expect(await registerOn('2026-11-02')).toBe(3);
  });
});
