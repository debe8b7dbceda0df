import { createTestApp, type TestApp } from '../../support/test-app';
import { enableModule } from '../../support/helpers';
import { idFor } from '../../support/people';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * The pipeline and the overdue steps read from the stage segments (services/tallies.ts): records
 * written through the API across stages and time edges (a talk's last day in time and the day after,
 * approvals at three and six months, a lapse, a withdrawal, 转正 and a departure in the register, the
 * module off for the branch for a month, the branch moved), then the figure on a set of days
 * against the counts known by hand, at the branch and the units above. The clock is pinned; the
 * figures check compares the kept segments with a recount.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let unitId: string;

const APPLY = `mutation($i: RecordDevelopmentApplicationInput!) { recordDevelopmentApplication(input: $i) {
  record { id } userErrors { code message } } }`;
const ADVANCE = `mutation($i: AdvanceDevelopmentInput!) { advanceDevelopment(input: $i) {
  record { member { id } } userErrors { code message } } }`;
const PIPELINE = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { developmentPipeline(asOf: $d) {
  stages { stage count } talksOverdue assessmentsOverdue approvalsOverdue approvalsLapsed } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2016-01-01' });
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'member-development');
  unitId = await createUnit(t, {
    code: 'TC-SEG',
    name: '分段村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });
  for (let i = 0; i < 5; i++) {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { message } } }`,
      {
        i: {
          name: `党员${i}`,
          idCardNumber: idFor('1970-06-06', i % 2 === 0, 300 + i),
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          branchId: unitId,
        },
      },
    );
    expect(r.data.createMember.userErrors).toEqual([]);
  }
});
afterAll(() => t?.close());

async function apply(appliedOn: string): Promise<string> {
  const r = await t.execute(APPLY, {
    i: {
      unitId,
      name: '申请人',
      gender: 'FEMALE',
      birthDate: '1998-05-05',
      education: 'BACHELOR',
      category: 'RURAL',
      appliedOn,
    },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data.recordDevelopmentApplication.userErrors).toEqual([]);
  return r.data.recordDevelopmentApplication.record.id;
}

async function ok(recordId: string, step: string, decidedOn: string, extra: object = {}) {
  const r = await t.execute(ADVANCE, { i: { recordId, step, decidedOn, ...extra } });
  expect(r.errors).toBeUndefined();
  expect(r.data.advanceDevelopment.userErrors).toEqual([]);
  return r.data.advanceDevelopment.record;
}

const CONTACTS = { contacts: ['联系人甲', '联系人乙'] };

/** Applied, talked with and an activist on `activistOn`, through to the assembly's adopted vote on `votedOn`. */
async function toVote(appliedOn: string, activistOn: string, dates: string[], votedOn: string) {
  const [target, review, course, noticeFrom, noticeTo, preReview] = dates;
  const rec = await apply(appliedOn);
  await ok(rec, 'TALK', appliedOn);
  await ok(rec, 'ACTIVIST', activistOn, CONTACTS);
  await ok(rec, 'DEVELOPMENT_TARGET', target);
  await ok(rec, 'POLITICAL_REVIEW', review);
  await ok(rec, 'TRAINING', course, { trainingDays: 3 });
  await ok(rec, 'PUBLIC_NOTICE', noticeTo, { noticeFrom });
  await ok(rec, 'PRE_REVIEW', preReview, { decidingUnitId: tree.township });
  await ok(rec, 'BRANCH_VOTE', votedOn, { present: 5, votesFor: 5 });
  return rec;
}

/** The figure on `d` at `u`: the stages counted (zeros left out) and the four overdue counts. */
async function figure(u: string, d: string) {
  const r = await t.execute(PIPELINE, { u, d });
  expect(r.errors).toBeUndefined();
  const p = r.data.node.developmentPipeline;
  const stages = Object.fromEntries(
    p.stages.filter((s: any) => s.count !== 0).map((s: any) => [s.stage, s.count]),
  ) as Record<string, number>;
  return {
    stages,
    overdue: [p.talksOverdue, p.assessmentsOverdue, p.approvalsOverdue, p.approvalsLapsed],
  };
}

test('the pipeline and the overdue steps on each day, as the stretches between their changes say', async () => {
  // 2025: one taken to the vote and approved at three months (the year still open then).
  t.clock.set('2025-06-10');
  const admitted = await toVote(
    '2023-10-08',
    '2024-01-10',
    ['2025-01-13', '2025-01-20', '2025-01-25', '2025-02-10', '2025-02-14', '2025-02-17'],
    '2025-03-03',
  );
  // Three months from 2025-03-03 end on 2025-06-03: approved that day, in time.
  const member = (await ok(admitted, 'APPROVAL', '2025-06-03', { decidingUnitId: tree.township })).member.id;

  // 转正 at the end of probation (2026-03-03), recorded a week later in the register.
  t.clock.set('2026-03-10');
  const full = await t.execute(
    `mutation($i: DecideProbationInput!) { decideProbation(input: $i) { member { fullMemberSince } userErrors { message } } }`,
    { i: { memberId: member, decision: 'FULL_MEMBERSHIP', decidedOn: '2026-03-10' } },
  );
  expect(full.data.decideProbation).toEqual({ member: { fullMemberSince: '2026-03-03' }, userErrors: [] });
  // Read before any later write to the branch recounts it: the register's write moves the segments itself.
  expect(await figure(unitId, '2026-03-03')).toEqual({ stages: { FULL_MEMBER: 1 }, overdue: [0, 0, 0, 0] });

  t.clock.set('2026-11-30');
  // Applied 2026-01-31, no talk: the month ends 2026-02-28, overdue from 2026-03-01 until the talk on 03-10.
  const talk = await apply('2026-01-31');
  expect(await figure(unitId, '2026-03-01')).toEqual({
    stages: { APPLICANT: 1, PROBATIONARY: 1 },
    overdue: [1, 0, 0, 0],
  });
  await ok(talk, 'TALK', '2026-03-10');
  // Two voted on 2026-03-02: one never approved (overdue from 06-03, lapsed from 09-03), one approved
  // on 09-02, the last day of six months.
  const dates = ['2026-01-12', '2026-01-20', '2026-01-25', '2026-02-02', '2026-02-06', '2026-02-10'];
  await toVote('2024-10-08', '2025-01-10', dates, '2026-03-02');
  const late = await toVote('2024-10-08', '2025-01-10', dates, '2026-03-02');
  const lateMember = (await ok(late, 'APPROVAL', '2026-09-02', { decidingUnitId: tree.township })).member.id;
  // An activist who withdrew on 2026-06-15.
  const left = await apply('2026-03-02');
  await ok(left, 'TALK', '2026-03-10');
  await ok(left, 'ACTIVIST', '2026-04-01', CONTACTS);
  await ok(left, 'WITHDRAWAL', '2026-06-15', { withdrawal: 'DROPPED', reason: '不再符合条件' });
  // The admitted full member departed on 2026-10-01.
  const gone = await t.execute(
    `mutation($i: RecordMemberDepartureInput!) { recordMemberDeparture(input: $i) { userErrors { code message } } }`,
    { i: { memberId: member, reason: 'DECEASED', departedOn: '2026-10-01' } },
  );
  expect(gone.data.recordMemberDeparture.userErrors).toEqual([]);
  expect((await figure(unitId, '2026-10-01')).stages).toEqual({ APPLICANT: 1, DEVELOPMENT_TARGET: 1, PROBATIONARY: 1 });
  // The module off for the branch through July; the branch moved to station B today.
  await enableModule(t, unitId, 'member-development', false, '2026-07-01');
  await enableModule(t, unitId, 'member-development', true, '2026-08-01');
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
    { i: { id: unitId, newParentId: tree.stationB } },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);

  const A = 'APPLICANT';
  const ACT = 'ACTIVIST';
  const DT = 'DEVELOPMENT_TARGET';
  const P = 'PROBATIONARY';
  const F = 'FULL_MEMBER';
  // [day, stages, [talks, assessments, approvals, lapsed]] at the branch, the county and (before the move) station A.
  const expected: [string, Record<string, number>, number[]][] = [
    ['2023-10-07', {}, [0, 0, 0, 0]],
    ['2023-10-08', { [A]: 1 }, [0, 0, 0, 0]],
    // Activist from 2024-01-10: six months end 2024-07-10, the assessment is overdue from the next day.
    ['2024-07-10', { [ACT]: 1 }, [0, 0, 0, 0]],
    ['2024-07-11', { [ACT]: 1 }, [0, 1, 0, 0]],
    ['2024-10-08', { [A]: 2, [ACT]: 1 }, [0, 1, 0, 0]],
    ['2025-01-13', { [DT]: 1, [ACT]: 2 }, [0, 0, 0, 0]],
    ['2025-06-02', { [DT]: 1, [ACT]: 2 }, [0, 0, 0, 0]],
    ['2025-06-03', { [P]: 1, [ACT]: 2 }, [0, 0, 0, 0]],
    ['2025-07-11', { [P]: 1, [ACT]: 2 }, [0, 2, 0, 0]],
    ['2026-02-28', { [A]: 1, [DT]: 2, [P]: 1 }, [0, 0, 0, 0]],
    ['2026-03-01', { [A]: 1, [DT]: 2, [P]: 1 }, [1, 0, 0, 0]],
    ['2026-03-03', { [A]: 2, [DT]: 2, [F]: 1 }, [1, 0, 0, 0]],
    ['2026-03-10', { [A]: 2, [DT]: 2, [F]: 1 }, [0, 0, 0, 0]],
    ['2026-06-02', { [A]: 1, [ACT]: 1, [DT]: 2, [F]: 1 }, [0, 0, 0, 0]],
    ['2026-06-03', { [A]: 1, [ACT]: 1, [DT]: 2, [F]: 1 }, [0, 0, 2, 0]],
    ['2026-06-15', { [A]: 1, [DT]: 2, [F]: 1 }, [0, 0, 2, 0]],
    ['2026-06-30', { [A]: 1, [DT]: 2, [F]: 1 }, [0, 0, 2, 0]],
    ['2026-07-01', {}, [0, 0, 0, 0]],
    ['2026-07-31', {}, [0, 0, 0, 0]],
    ['2026-08-01', { [A]: 1, [DT]: 2, [F]: 1 }, [0, 0, 2, 0]],
    ['2026-09-02', { [A]: 1, [DT]: 1, [P]: 1, [F]: 1 }, [0, 0, 1, 0]],
    ['2026-09-03', { [A]: 1, [DT]: 1, [P]: 1, [F]: 1 }, [0, 0, 0, 1]],
    // The departed member leaves the stages; a departure is no overdue step of its own.
    ['2026-10-01', { [A]: 1, [DT]: 1, [P]: 1 }, [0, 0, 0, 1]],
    ['2026-11-29', { [A]: 1, [DT]: 1, [P]: 1 }, [0, 0, 0, 1]],
    ['2026-11-30', { [A]: 1, [DT]: 1, [P]: 1 }, [0, 0, 0, 1]],
    ['2030-01-01', { [A]: 1, [DT]: 1, [P]: 1 }, [0, 0, 0, 1]],
  ];
  const none = { stages: {}, overdue: [0, 0, 0, 0] };
  for (const [d, stages, overdue] of expected) {
    const want = { stages, overdue };
    expect({ d, ...(await figure(unitId, d)) }).toEqual({ d, ...want });
    expect({ d, ...(await figure(tree.county, d)) }).toEqual({ d, ...want });
    // Under station A until the move's day, under station B from it.
    const [a, b] = d < '2026-11-30' ? [want, none] : [none, want];
    expect({ d, ...(await figure(tree.stationA, d)) }).toEqual({ d, ...a });
    expect({ d, ...(await figure(tree.stationB, d)) }).toEqual({ d, ...b });
  }

  // 转正 entered by an edit of the register (the one approved at six months): the segments move with it.
  const edited = await t.execute(
    `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { userErrors { code message } } }`,
    { i: { id: lateMember, fullMemberSince: '2026-11-02' } },
  );
  expect(edited.data.updateMember.userErrors).toEqual([]);
  expect((await figure(unitId, '2026-11-01')).stages).toEqual({ [A]: 1, [DT]: 1, [P]: 1 });
  expect((await figure(unitId, '2026-11-02')).stages).toEqual({ [A]: 1, [DT]: 1, [F]: 1 });
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
}, 120_000);
