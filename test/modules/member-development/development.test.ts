import { Role } from '../../../src/auth/roles';
import { decodeIntId } from '../../../src/graphql/global-id';
import { developmentReminders } from '../../../modules/member-development/services/reminders';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { accountWith, enableModule } from '../../support/helpers';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Member development: each step in its order and at its time edges (a talk at one month, a year of
 * training less a day, five working days across a weekend and a holiday, approval at three and six
 * months), the applicant's age at 18, the assembly's vote on the entitled, the register entry at
 * approval and 转正 through the register's own probation, access per role, the module switched off.
 * The clock is pinned.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;

const APPLY = `mutation($i: RecordDevelopmentApplicationInput!) { recordDevelopmentApplication(input: $i) {
  record { id stage appliedOn } userErrors { code reason field message } } }`;
const ADVANCE = `mutation($i: AdvanceDevelopmentInput!) { advanceDevelopment(input: $i) {
  record { id stage stageSince contacts member { id status joinedOn } }
  step { step decidedOn late entitled present votesFor noticeWorkingDays }
  userErrors { code reason field message } } }`;
const PIPELINE = `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { developmentPipeline(asOf: $d) {
  stages { stage count } talksOverdue assessmentsOverdue approvalsOverdue } } } }`;
const NEW = `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { newMembers(year: $y) {
  total byAge { key count } bySex { key count } byEducation { key count } byCategory { key count }
  becameFull medianDaysToFullMembership withdrawn votesFailed } } } }`;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-30' });
  const now = t.clock.now();
  t.clock.set('2016-01-01');
  tree = await smallCounty(t);
  await enableModule(t, tree.county, 'member-development');
  t.clock.set(now);
});
afterAll(() => t?.close());

/** A branch of its own under station A with `n` full members (joined 2005). */
async function branch(n = 5) {
  const k = ++seq;
  const now = t.clock.now();
  t.clock.set('2016-01-01');
  const unitId = await createUnit(t, {
    code: `TC-MD${k}`,
    name: `发展${k}村党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationA,
    establishedOn: '2000-01-01',
  });
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
      {
        i: {
          name: `党员${k}-${i}`,
          idCardNumber: idFor('1970-06-06', i % 2 === 0, 200 + k * 10 + i),
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
  t.clock.set(now);
  return { unitId, members };
}

async function apply(unitId: string, appliedOn: string, extra: object = {}, as?: string) {
  const i = {
    unitId,
    name: '申请人',
    gender: 'FEMALE',
    birthDate: '1998-05-05',
    education: 'BACHELOR',
    category: 'RURAL',
    appliedOn,
    evidence: [{ name: '入党申请书.pdf', url: 'https://files.example/a.pdf' }],
    ...extra,
  };
  const r = as ? await (await t.as(as))(APPLY, { i }) : await t.execute(APPLY, { i });
  if (r.errors) return { errors: r.errors, userErrors: [] as any[], record: null };
  return r.data.recordDevelopmentApplication;
}

async function step(recordId: string, s: string, decidedOn: string, extra: object = {}, as?: string) {
  const i = { recordId, step: s, decidedOn, ...extra };
  const r = as ? await (await t.as(as))(ADVANCE, { i }) : await t.execute(ADVANCE, { i });
  if (r.errors) return { errors: r.errors, userErrors: [] as any[], record: null, step: null };
  return r.data.advanceDevelopment;
}

async function ok(recordId: string, s: string, decidedOn: string, extra: object = {}, as?: string) {
  const r = await step(recordId, s, decidedOn, extra, as);
  expect(r.errors).toBeUndefined();
  expect(r.userErrors).toEqual([]);
  return r;
}

const refusal = (r: any) => [r.userErrors[0]?.code, r.userErrors[0]?.reason];
const CONTACTS = { contacts: ['联系人甲', '联系人乙'] };

/** A record taken to just before the assembly's vote: activist on `activistOn`, target a year and a day later. */
async function toPreReviewed(unitId: string, activistOn = '2025-01-10') {
  const rec = (await apply(unitId, '2024-10-08')).record.id;
  await ok(rec, 'TALK', '2024-10-20');
  await ok(rec, 'ACTIVIST', activistOn, CONTACTS);
  const target = '2026-01-12';
  await ok(rec, 'DEVELOPMENT_TARGET', target);
  await ok(rec, 'POLITICAL_REVIEW', '2026-01-20');
  await ok(rec, 'TRAINING', '2026-01-25', { trainingDays: 3 });
  await ok(rec, 'PUBLIC_NOTICE', '2026-02-06', { noticeFrom: '2026-02-02' });
  await ok(rec, 'PRE_REVIEW', '2026-02-10', { decidingUnitId: tree.township });
  return rec;
}

test('an applicant is 18 or older on the day of the application', async () => {
  const b = await branch(0);
  // Born 2008-03-10: 18 on 2026-03-10.
  const young = await apply(b.unitId, '2026-03-09', { birthDate: '2008-03-10' });
  expect(refusal(young)).toEqual(['BAD_USER_INPUT', 'UNDER_AGE']);
  expect(young.userErrors[0].field).toEqual(['input', 'birthDate']);
  expect(young.userErrors[0].message).toContain('18');
  const ofAge = await apply(b.unitId, '2026-03-10', { birthDate: '2008-03-10' });
  expect(ofAge.userErrors).toEqual([]);
  expect(ofAge.record.stage).toBe('APPLICANT');
  const future = await apply(b.unitId, '2026-12-01');
  expect(refusal(future)).toEqual(['BAD_USER_INPUT', 'IN_FUTURE']);
});

test('the talk within a month: the last day of the month is in time, the next day is late; overdue counted', async () => {
  const b = await branch(0);
  // Applied 2026-01-31: the month ends 2026-02-28.
  const a = (await apply(b.unitId, '2026-01-31')).record.id;
  expect((await ok(a, 'TALK', '2026-02-28')).step.late).toBe(false);
  const c = (await apply(b.unitId, '2026-01-31')).record.id;
  expect((await ok(c, 'TALK', '2026-03-01')).step.late).toBe(true);
  // An applicant of 2026-10-31 without a talk: in time through 2026-11-30, overdue from 2026-12-01.
  await apply(b.unitId, '2026-10-31');
  const on = async (d: string) => (await t.execute(PIPELINE, { u: b.unitId, d })).data.node.developmentPipeline;
  expect((await on('2026-11-30')).talksOverdue).toBe(0);
  expect((await on('2026-12-01')).talksOverdue).toBe(1);
  expect((await on('2026-11-30')).stages.find((s: any) => s.stage === 'APPLICANT').count).toBe(3);
});

test('steps in order; each once; fields of other steps refused', async () => {
  const b = await branch(0);
  const rec = (await apply(b.unitId, '2025-01-06')).record.id;
  const early = await step(rec, 'ACTIVIST', '2025-01-20', CONTACTS);
  expect(refusal(early)).toEqual(['INVALID_STATE', 'OUT_OF_ORDER']);
  expect(early.userErrors[0].message).toContain('谈话');
  expect(refusal(await step(rec, 'BRANCH_VOTE', '2025-01-20', { present: 1, votesFor: 1 }))).toEqual([
    'INVALID_STATE',
    'OUT_OF_ORDER',
  ]);
  await ok(rec, 'TALK', '2025-01-20');
  expect(refusal(await step(rec, 'TALK', '2025-01-21'))).toEqual(['INVALID_STATE', 'ALREADY_DONE']);
  expect(refusal(await step(rec, 'ACTIVIST', '2025-01-19', CONTACTS))).toEqual(['BAD_USER_INPUT', 'NOT_BEFORE']);
  expect(refusal(await step(rec, 'ACTIVIST', '2025-02-01'))).toEqual(['BAD_USER_INPUT', 'REQUIRED']);
  expect(refusal(await step(rec, 'ACTIVIST', '2025-02-01', { ...CONTACTS, trainingDays: 3 }))).toEqual([
    'BAD_USER_INPUT',
    'NOT_ALLOWED_HERE',
  ]);
  const act = await ok(rec, 'ACTIVIST', '2025-02-01', CONTACTS);
  expect(act.record).toMatchObject({ stage: 'ACTIVIST', stageSince: '2025-02-01', contacts: ['联系人甲', '联系人乙'] });
  // Assessments recur; the half year's last day is in time.
  expect((await ok(rec, 'ASSESSMENT', '2025-08-01')).step.late).toBe(false);
  expect((await ok(rec, 'ASSESSMENT', '2026-02-02')).step.late).toBe(true);
  expect(refusal(await step(rec, 'TALK', '2026-02-03'))).toEqual(['INVALID_STATE', 'ALREADY_DONE']);
});

test('a year of training: a development target from the day after the year ends', async () => {
  const b = await branch(0);
  const rec = (await apply(b.unitId, '2024-12-01')).record.id;
  await ok(rec, 'TALK', '2024-12-10');
  await ok(rec, 'ACTIVIST', '2025-03-01', CONTACTS);
  const minusADay = await step(rec, 'DEVELOPMENT_TARGET', '2026-02-28');
  expect(refusal(minusADay)).toEqual(['BAD_USER_INPUT', 'TRAINING_TOO_SHORT']);
  expect(minusADay.userErrors[0].message).toContain('2026-03-02');
  expect(refusal(await step(rec, 'DEVELOPMENT_TARGET', '2026-03-01'))).toEqual([
    'BAD_USER_INPUT',
    'TRAINING_TOO_SHORT',
  ]);
  const r = await ok(rec, 'DEVELOPMENT_TARGET', '2026-03-02');
  expect(r.record.stage).toBe('DEVELOPMENT_TARGET');
  // Concentrated training: 3 days or 24 class hours.
  expect(refusal(await step(rec, 'TRAINING', '2026-03-10', { trainingDays: 2, trainingHours: 20 }))).toEqual([
    'BAD_USER_INPUT',
    'COURSE_TOO_SHORT',
  ]);
  await ok(rec, 'TRAINING', '2026-03-10', { trainingHours: 24 });
  // Pre-review waits for the review and the notice.
  expect(refusal(await step(rec, 'PRE_REVIEW', '2026-03-11', { decidingUnitId: tree.township }))).toEqual([
    'INVALID_STATE',
    'OUT_OF_ORDER',
  ]);
});

test('the public notice counts working days: weekends and holidays out, a make-up Saturday in', async () => {
  const b = await branch(0);
  const target = async () => {
    const rec = (await apply(b.unitId, '2024-10-08')).record.id;
    await ok(rec, 'TALK', '2024-10-20');
    await ok(rec, 'ACTIVIST', '2025-01-10', CONTACTS);
    await ok(rec, 'DEVELOPMENT_TARGET', '2026-01-12');
    return rec;
  };
  const a = await target();
  // Fri 2026-06-05 to Thu 06-11: Fri, Mon–Thu = 5; to Wed 06-10 = 4.
  const short = await step(a, 'PUBLIC_NOTICE', '2026-06-10', { noticeFrom: '2026-06-05' });
  expect(refusal(short)).toEqual(['BAD_USER_INPUT', 'NOTICE_TOO_SHORT']);
  expect(short.userErrors[0].message).toContain('4');
  expect((await ok(a, 'PUBLIC_NOTICE', '2026-06-11', { noticeFrom: '2026-06-05' })).step.noticeWorkingDays).toBe(5);
  // Dragon Boat Festival, Fri 2026-06-19: Thu 06-18 to Wed 06-24 has 4, to Thu 06-25 5.
  const c = await target();
  expect(refusal(await step(c, 'PUBLIC_NOTICE', '2026-06-24', { noticeFrom: '2026-06-18' }))).toEqual([
    'BAD_USER_INPUT',
    'NOTICE_TOO_SHORT',
  ]);
  await ok(c, 'PUBLIC_NOTICE', '2026-06-25', { noticeFrom: '2026-06-18' });
  // After National Day, Saturday 2026-10-10 is a working day: Thu 10-08 to Mon 10-12 has 4 (8, 9, 10, 12).
  const d = await target();
  expect(refusal(await step(d, 'PUBLIC_NOTICE', '2026-10-12', { noticeFrom: '2026-10-08' }))).toEqual([
    'BAD_USER_INPUT',
    'NOTICE_TOO_SHORT',
  ]);
  expect((await ok(d, 'PUBLIC_NOTICE', '2026-10-13', { noticeFrom: '2026-10-08' })).step.noticeWorkingDays).toBe(5);
  expect(refusal(await step(a, 'POLITICAL_REVIEW', '2026-06-01'))).toEqual(['BAD_USER_INPUT', 'NOT_BEFORE']);
});

test('the assembly votes on those entitled: full members on the day, less the suspended', async () => {
  const b = await branch(5);
  const rec = await toPreReviewed(b.unitId);
  // 5 entitled: 2 present is no quorum; 3 present with 2 for is not adopted; 3 of 5 for is.
  const noQuorum = await step(rec, 'BRANCH_VOTE', '2026-03-02', { present: 2, votesFor: 2 });
  expect(refusal(noQuorum)).toEqual(['BAD_USER_INPUT', 'NO_QUORUM']);
  expect(noQuorum.userErrors[0].message).toContain('5');
  expect(refusal(await step(rec, 'BRANCH_VOTE', '2026-03-02', { present: 4, votesFor: 2, votesAgainst: 2 }))).toEqual([
    'BAD_USER_INPUT',
    'NOT_ADOPTED',
  ]);
  expect(refusal(await step(rec, 'BRANCH_VOTE', '2026-03-02', { present: 6, votesFor: 5 }))).toEqual([
    'BAD_USER_INPUT',
    'OUT_OF_RANGE',
  ]);
  // One member suspended (停止党籍) from 2026-03-01: 4 entitled, 2 present is exactly half, no quorum.
  await t.app.db.query(`UPDATE member SET suspended_since = '2026-03-01', suspension_decision = 'x' WHERE id = $1`, [
    decodeIntId(b.members[0], 'Member'),
  ]);
  expect(refusal(await step(rec, 'BRANCH_VOTE', '2026-03-02', { present: 2, votesFor: 2 }))).toEqual([
    'BAD_USER_INPUT',
    'NO_QUORUM',
  ]);
  const voted = await ok(rec, 'BRANCH_VOTE', '2026-03-02', { present: 3, votesFor: 3 });
  expect(voted.step).toMatchObject({ entitled: 4, present: 3, votesFor: 3 });
  expect(voted.record.stage).toBe('DEVELOPMENT_TARGET');
});

test('approval by the committee above: the register entry from the vote, in time at three months, refused after six', async () => {
  const b = await branch(3);
  const rec = await toPreReviewed(b.unitId);
  await ok(rec, 'BRANCH_VOTE', '2026-02-28', { present: 3, votesFor: 3 });
  // Approval needs the committee above: the branch itself or a work station is refused.
  expect(refusal(await step(rec, 'APPROVAL', '2026-05-28'))).toEqual(['BAD_USER_INPUT', 'REQUIRED']);
  expect(refusal(await step(rec, 'APPROVAL', '2026-05-28', { decidingUnitId: tree.stationA }))).toEqual([
    'BAD_USER_INPUT',
    'NOT_COMMITTEE_ABOVE',
  ]);
  // Six months from 2026-02-28 end on 2026-08-28.
  const tooLate = await step(rec, 'APPROVAL', '2026-08-29', { decidingUnitId: tree.township });
  expect(refusal(tooLate)).toEqual(['BAD_USER_INPUT', 'APPROVAL_TOO_LATE']);
  // Three months end on 2026-05-28: that day is in time.
  const approved = await ok(rec, 'APPROVAL', '2026-05-28', { decidingUnitId: tree.township });
  expect(approved.step.late).toBe(false);
  expect(approved.record.stage).toBe('PROBATIONARY');
  expect(approved.record.member).toMatchObject({ status: 'PROBATIONARY', joinedOn: '2026-02-28' });
  await ok(rec, 'OATH', '2026-06-01');

  // A second record approved the day after three months: late, still admitted.
  const other = await toPreReviewed(b.unitId);
  await ok(other, 'BRANCH_VOTE', '2026-02-28', { present: 3, votesFor: 3 });
  const pipeline = async (d: string) =>
    (await t.execute(PIPELINE, { u: tree.county, d })).data.node.developmentPipeline;
  const before = (await pipeline('2026-05-29')).approvalsOverdue;
  expect((await pipeline('2026-05-28')).approvalsOverdue).toBe(before - 1);
  expect((await ok(other, 'APPROVAL', '2026-05-29', { decidingUnitId: tree.township })).step.late).toBe(true);

  // 转正 is the register's own probation decision; the record then reads FULL_MEMBER.
  const member = approved.record.member.id;
  t.clock.set('2027-03-01');
  const full = await t.execute(
    `mutation($i: DecideProbationInput!) { decideProbation(input: $i) { member { status fullMemberSince } userErrors { message } } }`,
    { i: { memberId: member, decision: 'FULL_MEMBERSHIP', decidedOn: '2027-02-28' } },
  );
  expect(full.data.decideProbation.userErrors).toEqual([]);
  const read = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on DevelopmentRecord { stage steps { step } } } }`,
    {
      id: rec,
    },
  );
  expect(read.data.node.stage).toBe('FULL_MEMBER');
  expect(read.data.node.steps.map((s: any) => s.step)).toContain('OATH');
  const fig = (await t.execute(NEW, { u: b.unitId, y: 2026 })).data.node.newMembers;
  expect(fig.total).toBe(2);
  expect(fig.byAge).toEqual([{ key: 'UP_TO_35', count: 2 }]);
  expect(fig.bySex).toEqual([{ key: 'FEMALE', count: 2 }]);
  const y27 = (await t.execute(NEW, { u: tree.county, y: 2027 })).data.node.newMembers;
  expect(y27.becameFull).toBe(1);
  // Applied 2024-10-08, full member from the end of probation.
  expect(y27.medianDaysToFullMembership).toBeGreaterThan(800);
  t.clock.set('2026-11-30');
});

test('access: the branch records its people, the committee above pre-reviews and approves', async () => {
  const b = await branch(3);
  await accountWith(t, 'md-sec', Role.SECRETARY, b.unitId);
  await accountWith(t, 'md-township', Role.SECRETARY, tree.township);
  await accountWith(t, 'md-analyst', Role.ANALYST, tree.county);
  await accountWith(t, 'md-member', Role.MEMBER, b.unitId, b.members[0]);
  await accountWith(t, 'md-otherstaff', Role.STATION_STAFF, tree.stationB);
  const rec = (await apply(b.unitId, '2024-10-08', {}, 'md-sec')).record.id;
  await ok(rec, 'TALK', '2024-10-20', {}, 'md-sec');
  await ok(rec, 'ACTIVIST', '2025-01-10', CONTACTS, 'md-sec');
  await ok(rec, 'DEVELOPMENT_TARGET', '2026-01-12', {}, 'md-sec');
  await ok(rec, 'POLITICAL_REVIEW', '2026-01-20', {}, 'md-sec');
  await ok(rec, 'TRAINING', '2026-01-25', { trainingDays: 3 }, 'md-sec');
  await ok(rec, 'PUBLIC_NOTICE', '2026-02-06', { noticeFrom: '2026-02-02' }, 'md-sec');
  // The branch secretary cannot decide for the committee above.
  const own = await step(rec, 'PRE_REVIEW', '2026-02-10', { decidingUnitId: tree.township }, 'md-sec');
  expect(own.userErrors[0]?.code ?? own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  for (const who of ['md-analyst', 'md-member']) {
    const r = await step(rec, 'ASSESSMENT', '2026-02-10', {}, who);
    expect(r.userErrors[0]?.code ?? r.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  }
  const stranger = await step(rec, 'TALK', '2026-02-10', {}, 'md-otherstaff');
  expect(stranger.userErrors[0]?.code ?? stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  await ok(rec, 'PRE_REVIEW', '2026-02-10', { decidingUnitId: tree.township }, 'md-township');
  await ok(rec, 'BRANCH_VOTE', '2026-02-20', { present: 2, votesFor: 2 }, 'md-sec');
  await ok(rec, 'APPROVAL', '2026-03-10', { decidingUnitId: tree.township }, 'md-township');
  const other = await apply(b.unitId, '2026-01-01', {}, 'md-analyst');
  expect(other.userErrors[0]?.code ?? other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The birth date as the register shows it: in full to the branch, the year only to the county's
  // analyst (the date would give back the masked digits of the ID card number).
  const born = async (who: string) =>
    (
      await (
        await t.as(who)
      )(`query($id: ID!) { node(id: $id) { ... on DevelopmentRecord { birthDate birthYear } } }`, {
        id: rec,
      })
    ).data.node;
  expect(await born('md-sec')).toEqual({ birthDate: '1998-05-05', birthYear: 1998 });
  expect(await born('md-analyst')).toEqual({ birthDate: null, birthYear: 1998 });
});

test('switched off: the mutations and figures answer MODULE_DISABLED', async () => {
  const now = t.clock.now();
  t.clock.set('2016-01-01');
  const off = await createUnit(t, {
    code: 'TC-MDOFF',
    name: '未启用村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationB,
    establishedOn: '2000-01-01',
  });
  t.clock.set(now);
  await enableModule(t, off, 'member-development', false);
  const r = await apply(off, '2026-01-05');
  expect(r.errors?.[0]?.extensions?.code).toBe('MODULE_DISABLED');
  const q = await t.execute(PIPELINE, { u: off, d: '2026-11-30' });
  expect(q.errors?.[0]?.extensions?.code).toBe('MODULE_DISABLED');
});

test('reminders: a talk due at the branch, an approval due at the committee above, lapsed after six months', async () => {
  const b = await branch(3);
  const applied = (await apply(b.unitId, '2026-11-10')).record.id;
  const voted = await toPreReviewed(b.unitId);
  await ok(voted, 'BRANCH_VOTE', '2026-03-02', { present: 3, votesFor: 3 });
  const find = async (kind: string, today: string) => {
    const source = developmentReminders.find((s) => s.kind === kind)!;
    const all = await source.find({ app: t.app, db: t.app.db.manager, now: t.clock.now(), today });
    return all.filter((r) => [applied, voted].includes(r.subjectId));
  };
  expect(await find('DEVELOPMENT_TALK_DUE', '2026-11-30')).toMatchObject([
    { unitId: decodeIntId(b.unitId, 'OrgUnit'), subjectId: applied, dueOn: '2026-12-10' },
  ]);
  expect(await find('DEVELOPMENT_APPROVAL_DUE', '2026-09-02')).toMatchObject([
    { unitId: decodeIntId(tree.township, 'OrgUnit'), subjectId: voted, dueOn: '2026-06-02', lapsed: false },
  ]);
  expect((await find('DEVELOPMENT_APPROVAL_DUE', '2026-09-03'))[0].lapsed).toBe(true);
  await ok(applied, 'TALK', '2026-11-30');
  expect(await find('DEVELOPMENT_TALK_DUE', '2026-11-30')).toEqual([]);
});

test('the pipeline counts a record where its branch stood on the day asked (the tree as it was)', async () => {
  const b = await branch(0);
  await apply(b.unitId, '2026-06-01');
  const applicants = async (u: string, d: string) =>
    (await t.execute(PIPELINE, { u, d })).data.node.developmentPipeline.stages.find((s: any) => s.stage === 'APPLICANT')
      .count;
  const [aBefore, bBefore] = [
    await applicants(tree.stationA, '2026-11-29'),
    await applicants(tree.stationB, '2026-11-29'),
  ];
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
    { i: { id: b.unitId, newParentId: tree.stationB } },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  // The day before the move it still counts under station A; from the move's day under station B.
  expect(await applicants(tree.stationA, '2026-11-29')).toBe(aBefore);
  expect(await applicants(tree.stationB, '2026-11-29')).toBe(bBefore);
  expect(await applicants(tree.stationA, '2026-11-30')).toBe(aBefore - 1);
  expect(await applicants(tree.stationB, '2026-11-30')).toBe(bBefore + 1);
});

test('new members count where the branch sat on the vote’s day: a later move or switch leaves a past year as it was', async () => {
  const b = await branch(3);
  const totals = async (y: number) => {
    const r = await Promise.all(
      [tree.stationA, tree.stationB, tree.county].map(
        async (u) => (await t.execute(NEW, { u, y })).data.node.newMembers as { total: number; bySex: any[] },
      ),
    );
    return r.map((x) => x.total);
  };
  const before = await totals(2026);
  const rec = await toPreReviewed(b.unitId);
  await ok(rec, 'BRANCH_VOTE', '2026-03-02', { present: 3, votesFor: 3 });
  await ok(rec, 'APPROVAL', '2026-04-01', { decidingUnitId: tree.township });
  const admitted = await totals(2026);
  expect(admitted).toEqual([before[0] + 1, before[1], before[2] + 1]);

  // Moved to station B today: 2026's vote stays under station A, at every level.
  const moved = await t.execute(
    `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
    { i: { id: b.unitId, newParentId: tree.stationB } },
  );
  expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
  expect(await totals(2026)).toEqual(admitted);

  // The module switched off for the branch after the year: the year it was on still counts it.
  t.clock.set('2027-01-05');
  await enableModule(t, b.unitId, 'member-development', false, '2027-01-01');
  expect(await totals(2026)).toEqual(admitted);
  t.clock.set('2026-11-30');
});

test('a vote not approved within six months counts as lapsed, no longer as an overdue approval', async () => {
  const b = await branch(3);
  const rec = await toPreReviewed(b.unitId);
  await ok(rec, 'BRANCH_VOTE', '2026-03-02', { present: 3, votesFor: 3 });
  const at = async (d: string) => {
    const p = (
      await t.execute(
        `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { developmentPipeline(asOf: $d) {
          approvalsOverdue approvalsLapsed } } } }`,
        { u: b.unitId, d },
      )
    ).data.node.developmentPipeline;
    return [p.approvalsOverdue, p.approvalsLapsed];
  };
  expect(await at('2026-06-02')).toEqual([0, 0]);
  expect(await at('2026-06-03')).toEqual([1, 0]);
  // Six months end on 2026-09-02, the last day approval is accepted.
  expect(await at('2026-09-02')).toEqual([1, 0]);
  expect(await at('2026-09-03')).toEqual([0, 1]);
  expect(refusal(await step(rec, 'APPROVAL', '2026-09-03', { decidingUnitId: tree.township }))).toEqual([
    'BAD_USER_INPUT',
    'APPROVAL_TOO_LATE',
  ]);
  expect(await at('2026-11-30')).toEqual([0, 1]);
});

test('a withdrawal ends the record: it leaves the pipeline from its day, no step after it, counted in its year', async () => {
  const b = await branch(3);
  const rec = (await apply(b.unitId, '2026-03-02')).record.id;
  await ok(rec, 'TALK', '2026-03-10');
  await ok(rec, 'ACTIVIST', '2026-04-01', CONTACTS);
  const activists = async (d: string) =>
    (await t.execute(PIPELINE, { u: b.unitId, d })).data.node.developmentPipeline.stages.find(
      (s: any) => s.stage === 'ACTIVIST',
    ).count;
  // Reason and kind are required; fields of a withdrawal belong to it only.
  expect(refusal(await step(rec, 'WITHDRAWAL', '2026-06-15', { withdrawal: 'DROPPED' }))).toEqual([
    'BAD_USER_INPUT',
    'REQUIRED',
  ]);
  expect(refusal(await step(rec, 'ASSESSMENT', '2026-06-15', { reason: '无' }))).toEqual([
    'BAD_USER_INPUT',
    'NOT_ALLOWED_HERE',
  ]);
  const left = await ok(rec, 'WITHDRAWAL', '2026-06-15', {
    withdrawal: 'DROPPED',
    reason: '考察期间不再符合条件，支部委员会决定取消入党积极分子资格',
    evidence: [{ name: '支委会记录.pdf', url: 'https://files.example/w.pdf' }],
  });
  expect(left.record).toMatchObject({ stage: 'WITHDRAWN', stageSince: '2026-06-15' });
  expect(await activists('2026-06-14')).toBe(1);
  expect(await activists('2026-06-15')).toBe(0);
  // Nothing after it, naming the rule.
  expect(refusal(await step(rec, 'ASSESSMENT', '2026-09-01'))).toEqual(['INVALID_STATE', 'WITHDRAWN']);
  const history = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on DevelopmentRecord { stage steps { step decidedOn withdrawal reason } } } }`,
    { id: rec },
  );
  expect(history.data.node.steps.at(-1)).toMatchObject({ step: 'WITHDRAWAL', withdrawal: 'DROPPED' });
  const fig = (await t.execute(NEW, { u: b.unitId, y: 2026 })).data.node.newMembers;
  expect(fig.withdrawn).toBe(1);
  expect(fig.votesFailed).toBe(0);
});

test('a failed assembly vote is kept with its counts; the person stays a development target and may be voted again', async () => {
  const b = await branch(3);
  const rec = await toPreReviewed(b.unitId);
  // Without quorum the meeting is void: refused, not recorded.
  expect(refusal(await step(rec, 'VOTE_FAILED', '2026-03-02', { present: 1, votesFor: 0 }))).toEqual([
    'BAD_USER_INPUT',
    'NO_QUORUM',
  ]);
  // Counts that adopt are not a failed vote.
  expect(refusal(await step(rec, 'VOTE_FAILED', '2026-03-02', { present: 3, votesFor: 2 }))).toEqual([
    'BAD_USER_INPUT',
    'VOTE_ADOPTED',
  ]);
  const failed = await ok(rec, 'VOTE_FAILED', '2026-03-02', { present: 3, votesFor: 1, votesAgainst: 2 });
  expect(failed.step).toMatchObject({ step: 'VOTE_FAILED', entitled: 3, present: 3, votesFor: 1 });
  expect(failed.record.stage).toBe('DEVELOPMENT_TARGET');
  await ok(rec, 'VOTE_FAILED', '2026-04-02', { present: 2, votesFor: 1 });
  const voted = await ok(rec, 'BRANCH_VOTE', '2026-05-04', { present: 3, votesFor: 3 });
  expect(voted.record.stage).toBe('DEVELOPMENT_TARGET');
  expect(refusal(await step(rec, 'VOTE_FAILED', '2026-05-05', { present: 3, votesFor: 0 }))).toEqual([
    'INVALID_STATE',
    'ALREADY_DONE',
  ]);
  // Admitted, the person's course is the register's: no withdrawal here.
  await ok(rec, 'APPROVAL', '2026-05-20', { decidingUnitId: tree.township });
  const late = await step(rec, 'WITHDRAWAL', '2026-05-21', { withdrawal: 'WITHDREW', reason: '本人申请' });
  expect(refusal(late)).toEqual(['INVALID_STATE', 'WRONG_STATE']);
  expect(late.userErrors[0].message).toContain('入党申请人、入党积极分子、发展对象');
  const fig = (await t.execute(NEW, { u: b.unitId, y: 2026 })).data.node.newMembers;
  expect(fig.votesFailed).toBe(2);
  expect(fig.withdrawn).toBe(0);
});

test('a refusal above (不予批准) ends the record: the committee above records it with the reason, it is counted in its year and no longer awaits approval', async () => {
  const b = await branch(3);
  await accountWith(t, 'md-na-sec', Role.SECRETARY, b.unitId);
  await accountWith(t, 'md-na-township', Role.SECRETARY, tree.township);
  const rec = await toPreReviewed(b.unitId);
  const REASON = '党委审议认为该同志入党动机尚需端正，不具备党员条件';
  const EVIDENCE = [{ name: '党委会议纪要.pdf', url: 'https://files.example/n.pdf' }];
  const refuseAbove = (decidedOn: string, extra: object = {}, as?: string) =>
    step(rec, 'NOT_APPROVED', decidedOn, { decidingUnitId: tree.township, reason: REASON, ...extra }, as);
  // It decides on the branch's adopted vote: not before it.
  expect(refusal(await refuseAbove('2026-03-01'))).toEqual(['INVALID_STATE', 'OUT_OF_ORDER']);
  await ok(rec, 'BRANCH_VOTE', '2026-03-02', { present: 3, votesFor: 3 });
  const awaiting = async (d: string) => {
    const p = (
      await t.execute(
        `query($u: ID!, $d: Date) { node(id: $u) { ... on OrgUnit { developmentPipeline(asOf: $d) {
          stages { stage count } approvalsOverdue approvalsLapsed } } } }`,
        { u: b.unitId, d },
      )
    ).data.node.developmentPipeline;
    return [p.stages.find((s: any) => s.stage === 'DEVELOPMENT_TARGET').count, p.approvalsOverdue, p.approvalsLapsed];
  };
  expect(await awaiting('2026-06-09')).toEqual([1, 1, 0]);
  // The same authority as the approval: the committee above, named and worked in by the viewer.
  expect(refusal(await refuseAbove('2026-06-10', { decidingUnitId: null }))).toEqual(['BAD_USER_INPUT', 'REQUIRED']);
  expect(refusal(await refuseAbove('2026-06-10', { decidingUnitId: tree.stationA }))).toEqual([
    'BAD_USER_INPUT',
    'NOT_COMMITTEE_ABOVE',
  ]);
  const own = await refuseAbove('2026-06-10', {}, 'md-na-sec');
  expect(own.userErrors[0]?.code ?? own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The reason is required (a blank one is refused by the input's check).
  expect(refusal(await refuseAbove('2026-06-10', { reason: null }))).toEqual(['BAD_USER_INPUT', 'REQUIRED']);
  expect(refusal(await refuseAbove('2026-06-10', { reason: '   ' }))).toEqual(['BAD_USER_INPUT', 'BLANK']);
  // In the approval's time: after six months it is refused as an approval would be.
  expect(refusal(await refuseAbove('2026-09-03'))).toEqual(['BAD_USER_INPUT', 'APPROVAL_TOO_LATE']);

  const refused = await ok(
    rec,
    'NOT_APPROVED',
    '2026-06-10',
    {
      decidingUnitId: tree.township,
      reason: REASON,
      evidence: EVIDENCE,
    },
    'md-na-township',
  );
  expect(refused.record).toMatchObject({ stage: 'NOT_APPROVED', stageSince: '2026-06-10', member: null });
  // After three months: late, as an approval would be.
  expect(refused.step).toMatchObject({ step: 'NOT_APPROVED', decidedOn: '2026-06-10', late: true });
  const shown = await t.execute(
    `query($id: ID!) { node(id: $id) { ... on DevelopmentRecord { stage
      steps { step decidedOn reason evidence { name url } } } } }`,
    { id: rec },
  );
  expect(shown.data.node.stage).toBe('NOT_APPROVED');
  expect(shown.data.node.steps.at(-1)).toEqual({
    step: 'NOT_APPROVED',
    decidedOn: '2026-06-10',
    reason: REASON,
    evidence: EVIDENCE,
  });
  // It ends the record: nothing after it, naming the rule (a new application is a new record).
  for (const [s, extra] of [
    ['APPROVAL', { decidingUnitId: tree.township }],
    ['WITHDRAWAL', { withdrawal: 'WITHDREW', reason: '本人撤回' }],
    ['VOTE_FAILED', { present: 3, votesFor: 0 }],
  ] as const)
    expect(refusal(await step(rec, s, '2026-06-11', extra))).toEqual(['INVALID_STATE', 'NOT_APPROVED']);
  // From its day the person is out of the pipeline and no longer awaits approval, nor lapses after six months.
  expect(await awaiting('2026-06-10')).toEqual([0, 0, 0]);
  expect(await awaiting('2026-11-30')).toEqual([0, 0, 0]);
  const source = developmentReminders.find((s) => s.kind === 'DEVELOPMENT_APPROVAL_DUE')!;
  const reminded = await source.find({ app: t.app, db: t.app.db.manager, now: t.clock.now(), today: '2026-06-11' });
  expect(reminded.filter((r) => r.subjectId === rec)).toEqual([]);
  // Counted in its year where the branch sat that day, beside withdrawals and failed votes.
  const YEAR = `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit { newMembers(year: $y) {
    total withdrawn votesFailed notApproved } } } }`;
  const fig = async (u: string, y: number) => (await t.execute(YEAR, { u, y })).data.node.newMembers;
  expect(await fig(b.unitId, 2026)).toEqual({ total: 0, withdrawn: 0, votesFailed: 0, notApproved: 1 });
  expect((await fig(tree.stationA, 2026)).notApproved).toBeGreaterThanOrEqual(1);
  expect((await fig(b.unitId, 2025)).notApproved).toBe(0);
});
