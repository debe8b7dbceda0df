import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Role } from '../../../src/auth/roles';
import { loadModules } from '../../../src/module-system/loader';
import { accountWith, enableModule } from '../../support/helpers';
import { idFor } from '../../support/people';
import { createTestApp, type ExecResult, type TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * Issue 16 for star rating: a year's grades are kept as the tree and the switches stood on its last
 * day, a year closes 31 days after 31 December (2026 on 1 February 2027), and what a closed year
 * counted stays counted — a move or a switch today changes no 2026 figure, a backdated write into
 * 2026 is refused PERIOD_CLOSED until an administrator reopens the year, and concurrent confirmations
 * lose no count. The check at `t.close()` compares every tally with a recount of the facts.
 *
 * This deployment sets no recording window (`recordWithinMonthsAfter: null`), so a late entry for
 * 2026 is held back by the closed year alone; with the default window (the end of January) the
 * window refuses it as well.
 */
const M = 'star-rating';
/** 2026 is closed on this day; 2027 is open. */
const CLOSED = '2027-02-10';

let t: TestApp;
let seq = 0;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'star-history-'));
  const file = path.join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ modules: { [M]: { recordWithinMonthsAfter: null } } }));
  const saved = process.env.JICENG_POLICY_FILE;
  process.env.JICENG_POLICY_FILE = file;
  // This module alone: the refusals and reopenings below are its own closed years.
  t = await createTestApp({ now: '2026-01-05', modules: loadModules([M]) }).finally(() => {
    if (saved === undefined) delete process.env.JICENG_POLICY_FILE;
    else process.env.JICENG_POLICY_FILE = saved;
  });
});
afterAll(() => t?.close());

const SCHEME = `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { criteria { id code } } userErrors { code field message } } }`;
const RECORD = `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } userErrors { code field message } } }`;
const CONFIRM = `mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { entry { status } userErrors { code field message } } }`;
const CORRECT = `mutation($i: StarEntryActionInput!) { correctStarEntry(input: $i) { entry { id } userErrors { code field message } } }`;
const FIX = `mutation($i: FixStarGradesInput!) { fixStarGrades(input: $i) { fixed userErrors { code field message } } }`;
const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code field message } } }`;
const SWITCH = `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code field message } } }`;
const REOPEN = `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code field message } } }`;
const PERIOD = 'period { kind start closed closesOn reopened }';
const FIGURES = `query($u: ID!, $y: Int!) { node(id: $u) { ... on OrgUnit {
  members: starDistribution(subjectType: MEMBER, year: $y) { grade count ${PERIOD} }
  branches: starDistribution(subjectType: BRANCH, year: $y) { grade count }
  ranking: starRanking(subjectType: BRANCH, year: $y) { total entries { grade score } ${PERIOD} }
  yearEnd: starYearEnd(subjectType: BRANCH, year: $y) { grade ${PERIOD} } } } }`;
const STANDING = `query($id: ID!, $y: Int!) { node(id: $id) { ... on Member { starStanding(year: $y) { rated score grade ${PERIOD} } } } }`;

/** Fails the test unless the mutation answered without errors or user errors. */
function ok(r: ExecResult, field: string) {
  expect(r.errors).toBeUndefined();
  expect(r.data[field].userErrors).toEqual([]);
  return r.data[field];
}
/** The first user error of a mutation. */
const refusal = (r: ExecResult, field: string) => {
  expect(r.errors).toBeUndefined();
  return r.data[field].userErrors[0];
};

interface Figures {
  /** Rated members and branches per grade 0–5. */
  members: number[];
  branches: number[];
  period: Record<string, unknown>;
}
/** A unit's 2026 (or another year's) distributions and their period. */
async function figures(u: string, y = 2026): Promise<Figures> {
  const r = await t.execute(FIGURES, { u, y });
  expect(r.errors).toBeUndefined();
  const n = r.data.node;
  // Every figure of the year names the same period.
  expect(n.ranking.period).toEqual(n.members[0].period);
  for (const o of n.yearEnd) expect(o.period).toEqual(n.members[0].period);
  return {
    members: n.members.map((g: { count: number }) => g.count),
    branches: n.branches.map((g: { count: number }) => g.count),
    period: n.members[0].period,
  };
}
const countsOf = (f: Figures) => ({ members: f.members, branches: f.branches });
const all = (units: string[]) => Promise.all(units.map((u) => figures(u)));

/**
 * A county of its own (prefix): star rating on since 5 January 2026, schemes of the county for
 * members and branches in 2026 (10 points an entry) and 2027 (1 point), one star per 10 points, a second
 * township with a station, members in villages 1 and 2, and entries of December 2026 recorded and
 * confirmed then: village 1 at three stars, village 2 at one, village 3 at two; village 1's members
 * at two stars and one, village 2's at four. One more entry of village 2's member, for 28 December,
 * was recorded in January and awaits confirmation. The clock is then on CLOSED.
 */
async function county(prefix: string) {
  t.clock.set('2026-01-05');
  const tree = await smallCounty(t, prefix);
  const township2 = await createUnit(t, {
    code: `${prefix}C-T2`,
    name: '第二镇党委',
    kind: 'TOWNSHIP_COMMITTEE',
    parentId: tree.county,
    establishedOn: '2000-01-01',
  });
  const station2 = await createUnit(t, {
    code: `${prefix}C-T2-S1`,
    name: '第二镇工作站',
    kind: 'WORK_STATION',
    parentId: township2,
    establishedOn: '2015-01-01',
  });
  await enableModule(t, tree.county, M);
  const confirmer = `${prefix.toLowerCase()}-confirmer`;
  await accountWith(t, confirmer, Role.SECRETARY, tree.county);
  const crit: Record<string, string> = {};
  for (const year of [2026, 2027])
    for (const subjectType of ['MEMBER', 'BRANCH']) {
      const r = await t.execute(SCHEME, {
        i: {
          unitId: tree.county,
          year,
          subjectType,
          name: subjectType === 'MEMBER' ? '先锋星' : '堡垒星',
          thresholds: [10, 20, 30, 40, 50],
          criteria: [
            { code: 'P', title: '三会一课', kind: 'REGULAR', points: year === 2027 ? 1 : 10, perQuantity: true },
            { code: 'S', title: '软弱涣散', kind: 'DEDUCTION', points: 0, starsOff: 1 },
          ],
        },
      });
      for (const c of ok(r, 'createStarScheme').scheme.criteria) crit[`${year}.${subjectType}.${c.code}`] = c.id;
    }
  const member = async (branchId: string) => {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
      {
        i: {
          name: `党员${++seq}`,
          idCardNumber: idFor('1980-01-01', seq % 2 === 0, seq),
          category: 'RURAL',
          joinedOn: '2005-01-01',
          fullMemberSince: '2006-01-01',
          branchId,
        },
      },
    );
    return ok(r, 'createMember').member.id as string;
  };
  const members = {
    a: await member(tree.village1),
    b: await member(tree.village1),
    c: await member(tree.village2),
  };
  const as = await t.as(confirmer);
  /** Records an entry (as the administrator) and, unless `pending`, has the county confirm it; its id. */
  const score = async (subjectId: string, code: string, day: string, quantity: number, pending = false) => {
    const r = await t.execute(RECORD, { i: { subjectId, criterionId: crit[code], occurredOn: day, quantity } });
    const id = ok(r, 'recordStarEntry').entry.id as string;
    if (!pending) ok(await as(CONFIRM, { i: { entryId: id } }), 'confirmStarEntry');
    return id;
  };
  t.clock.set('2026-12-15');
  const entries = {
    v1: await score(tree.village1, '2026.BRANCH.P', '2026-12-10', 3),
    v2: await score(tree.village2, '2026.BRANCH.P', '2026-12-10', 1),
    v3: await score(tree.village3, '2026.BRANCH.P', '2026-12-10', 2),
    a: await score(members.a, '2026.MEMBER.P', '2026-12-10', 2),
    b: await score(members.b, '2026.MEMBER.P', '2026-12-10', 1),
    c: await score(members.c, '2026.MEMBER.P', '2026-12-10', 4),
    pending: '',
  };
  t.clock.set('2027-01-15');
  entries.pending = await score(members.c, '2026.MEMBER.P', '2026-12-28', 1, true);
  t.clock.set(`${CLOSED}T10:00:00+08:00`);
  return { tree: { ...tree, township2, station2 }, crit, members, entries, as };
}

test('2026 closes on 1 February 2027: every star figure of 2026 says so, and 2027 is open', async () => {
  const { tree } = await county('SA');
  const f = await figures(tree.county);
  expect(f.period).toEqual({
    kind: 'YEAR',
    start: '2026-01-01',
    closed: true,
    closesOn: '2027-02-01',
    reopened: false,
  });
  expect(f).toMatchObject({ members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 1, 1, 0, 0] });
  expect((await figures(tree.county, 2027)).period).toEqual({
    kind: 'YEAR',
    start: '2027-01-01',
    closed: false,
    closesOn: '2028-02-01',
    reopened: false,
  });
  // The periods of every figure are batched by the core across the units asked: one statement per
  // batch the request's figures fall into (their timing decides, at most one per figure field asked
  // here), never one per unit.
  const children = (p: string) => `query($u: ID!) { node(id: $u) { ... on OrgUnit { children(first: 10) { nodes {
    starDistribution(subjectType: MEMBER, year: 2026) { count ${p} }
    starRanking(subjectType: BRANCH, year: 2026) { total ${p} }
    children(first: 10) { nodes { starDistribution(subjectType: BRANCH, year: 2027) { count ${p} } } } } } } } }`;
  const without = await t.execute(children(''), { u: tree.county });
  const withPeriods = await t.execute(children(PERIOD), { u: tree.county });
  expect(withPeriods.errors).toBeUndefined();
  expect(withPeriods.data.node.children.nodes).toHaveLength(2);
  expect(withPeriods.sql - without.sql).toBeGreaterThanOrEqual(1);
  expect(withPeriods.sql - without.sql).toBeLessThanOrEqual(3);
});

test('a village moved to another township today changes no 2026 figure on either side; a move dated in 2026 is refused PERIOD_CLOSED until reopened', async () => {
  const { tree } = await county('SB');
  const units = [tree.stationA, tree.township, tree.county, tree.station2, tree.township2];
  const before = await all(units);
  expect(before.map(countsOf)).toEqual([
    { members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 0, 1, 0, 0] },
    { members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 1, 1, 0, 0] },
    { members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 1, 1, 0, 0] },
    { members: [0, 0, 0, 0, 0, 0], branches: [0, 0, 0, 0, 0, 0] },
    { members: [0, 0, 0, 0, 0, 0], branches: [0, 0, 0, 0, 0, 0] },
  ]);

  // Village 1 (three stars; members at two and one) goes to the other township today.
  ok(await t.execute(MOVE, { i: { id: tree.village1, newParentId: tree.station2 } }), 'moveOrgUnit');
  expect(await all(units)).toEqual(before);

  // Village 2 moved with a day in closed 2026: refused, nothing changed.
  const back = { i: { id: tree.village2, newParentId: tree.station2, effectiveOn: '2026-12-20' } };
  expect(refusal(await t.execute(MOVE, back), 'moveOrgUnit')).toMatchObject({
    code: 'PERIOD_CLOSED',
    field: ['input', 'effectiveOn'],
  });
  expect(await all(units)).toEqual(before);

  // Reopened for the county, it is allowed: on 31 December village 2 stood under the other township.
  ok(
    await t.execute(REOPEN, { i: { unitId: tree.county, module: M, from: '2026-12-20', reason: '区划调整补录' } }),
    'reopenPeriods',
  );
  ok(await t.execute(MOVE, back), 'moveOrgUnit');
  const after = await all(units);
  expect(after.map(countsOf)).toEqual([
    { members: [0, 1, 1, 0, 0, 0], branches: [0, 0, 0, 1, 0, 0] },
    { members: [0, 1, 1, 0, 0, 0], branches: [0, 0, 1, 1, 0, 0] },
    { members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 1, 1, 0, 0] },
    { members: [0, 0, 0, 0, 1, 0], branches: [0, 1, 0, 0, 0, 0] },
    { members: [0, 0, 0, 0, 1, 0], branches: [0, 1, 0, 0, 0, 0] },
  ]);
  for (const f of after) expect(f.period).toMatchObject({ closed: true, reopened: true });
});

test('star rating switched off for a township today changes no 2026 figure at the county; switched off in 2026 is refused', async () => {
  const { tree } = await county('SC');
  const before = await figures(tree.county);
  const past = await t.execute(SWITCH, {
    i: { unitId: tree.township, module: M, enabled: false, effectiveOn: '2026-12-01' },
  });
  expect(refusal(past, 'setModuleEnabled')).toMatchObject({ code: 'PERIOD_CLOSED', field: ['input', 'effectiveOn'] });
  ok(
    await t.execute(SWITCH, { i: { unitId: tree.township, module: M, enabled: false, effectiveOn: t.today } }),
    'setModuleEnabled',
  );
  expect(await figures(tree.county)).toEqual(before);
  expect(before).toMatchObject({ members: [0, 1, 1, 0, 1, 0], branches: [0, 1, 1, 1, 0, 0] });
});

test("a quarter's official ranking and distribution stay where the tree stood on its last day: a move and a switch today change neither", async () => {
  const { tree } = await county('SQ');
  // The fourth quarter fixed in January, before 2026 closed.
  t.clock.set('2027-01-15');
  for (const subjectType of ['BRANCH', 'MEMBER'])
    expect(
      ok(await t.execute(FIX, { i: { unitId: tree.county, subjectType, year: 2026, quarter: 4 } }), 'fixStarGrades')
        .fixed,
    ).toBeGreaterThan(0);
  t.clock.set(`${CLOSED}T10:00:00+08:00`);
  const Q4 = `query($u: ID!) { node(id: $u) { ... on OrgUnit {
    ranking: starRanking(subjectType: BRANCH, year: 2026, quarter: 4) { total notRated entries { position grade subject { id } } }
    members: starRanking(subjectType: MEMBER, year: 2026, quarter: 4) { total entries { grade } }
    branches: starDistribution(subjectType: BRANCH, year: 2026, quarter: 4) { count } } } }`;
  const units = [tree.stationA, tree.township, tree.station2, tree.township2, tree.county];
  const q4 = async () =>
    Promise.all(
      units.map(async (u) => {
        const r = await t.execute(Q4, { u });
        expect(r.errors).toBeUndefined();
        return r.data.node;
      }),
    );
  const before = await q4();
  expect(before[1].ranking.entries.map((e: { subject: { id: string } }) => e.subject.id)).toEqual([
    tree.village1,
    tree.village3,
    tree.village2,
  ]);
  // Station A held villages 1 and 2 (three stars and one); the other township held nothing.
  expect(before[0].ranking.entries).toEqual([
    { position: 1, grade: 3, subject: { id: tree.village1 } },
    { position: 2, grade: 1, subject: { id: tree.village2 } },
  ]);
  expect(before[0].members.entries.map((e: { grade: number }) => e.grade)).toEqual([4, 2, 1]);
  expect(before[2]).toMatchObject({ ranking: { total: 0 }, members: { total: 0 } });
  expect(before[4].branches.map((g: { count: number }) => g.count)).toEqual([0, 1, 1, 1, 0, 0]);

  // Village 1 goes to the other township, and star rating is switched off for station B (village 3).
  ok(await t.execute(MOVE, { i: { id: tree.village1, newParentId: tree.station2 } }), 'moveOrgUnit');
  ok(
    await t.execute(SWITCH, { i: { unitId: tree.stationB, module: M, enabled: false, effectiveOn: t.today } }),
    'setModuleEnabled',
  );
  const after = await q4();
  // Ranked as on 31 December; only the count of today's subjects without a fixed grade may differ.
  const ranked = (n: { ranking: object; members: object; branches: object }[]) =>
    n.map((x) => ({ ...x, ranking: { ...x.ranking, notRated: undefined } }));
  expect(ranked(after)).toEqual(ranked(before));
});

test('every backdated star write into 2026 is refused PERIOD_CLOSED and changes nothing; after reopening each is made and 2026 shows it was reopened', async () => {
  const { tree, crit, members, entries, as } = await county('SD');
  const units = [tree.stationA, tree.township, tree.county];
  const before = await all(units);
  const standing = async (id: string) => {
    const r = await t.execute(STANDING, { id, y: 2026 });
    expect(r.errors).toBeUndefined();
    return r.data.node.starStanding;
  };
  const standingBefore = await standing(members.c);
  expect(standingBefore).toMatchObject({ rated: true, score: 40, grade: 4, period: { closed: true, reopened: false } });

  const record = {
    i: { subjectId: members.a, criterionId: crit['2026.MEMBER.P'], occurredOn: '2026-12-20', quantity: 2 },
  };
  const confirmPending = { i: { entryId: entries.pending } };
  const correct = { i: { entryId: entries.v1, reason: '重复记分' } };
  const fix = { i: { unitId: tree.township, subjectType: 'BRANCH', year: 2026, quarter: 4 } };
  const closed = (field: string) => ({ code: 'PERIOD_CLOSED', field: ['input', field] });
  expect(refusal(await t.execute(RECORD, record), 'recordStarEntry')).toMatchObject(closed('occurredOn'));
  expect(refusal(await as(CONFIRM, confirmPending), 'confirmStarEntry')).toMatchObject(closed('entryId'));
  expect(refusal(await t.execute(CORRECT, correct), 'correctStarEntry')).toMatchObject(closed('entryId'));
  expect(refusal(await t.execute(FIX, fix), 'fixStarGrades')).toMatchObject(closed('quarter'));
  expect(await all(units)).toEqual(before);
  expect(await standing(members.c)).toEqual(standingBefore);

  // The township's 2026 reopened for late entries and a correction: each write is made.
  ok(
    await t.execute(REOPEN, { i: { unitId: tree.township, module: M, from: '2026-01-01', reason: '年度补录更正' } }),
    'reopenPeriods',
  );
  const added = ok(await t.execute(RECORD, record), 'recordStarEntry').entry.id;
  ok(await as(CONFIRM, { i: { entryId: added } }), 'confirmStarEntry'); // member a: 20 + 20 points, four stars
  ok(await as(CONFIRM, confirmPending), 'confirmStarEntry'); // member c: 40 + 10 points, five stars
  const reversal = ok(await t.execute(CORRECT, correct), 'correctStarEntry').entry.id;
  ok(await as(CONFIRM, { i: { entryId: reversal } }), 'confirmStarEntry'); // village 1: 30 − 30 points, none
  expect(ok(await t.execute(FIX, fix), 'fixStarGrades').fixed).toBe(3);

  const after = await all(units);
  expect(after.map(countsOf)).toEqual([
    { members: [0, 1, 0, 0, 1, 1], branches: [1, 1, 0, 0, 0, 0] },
    { members: [0, 1, 0, 0, 1, 1], branches: [1, 1, 1, 0, 0, 0] },
    { members: [0, 1, 0, 0, 1, 1], branches: [1, 1, 1, 0, 0, 0] },
  ]);
  // Reopened for the township: its station below and the county above say so; the other township not.
  for (const f of after) expect(f.period).toMatchObject({ start: '2026-01-01', closed: true, reopened: true });
  expect((await figures(tree.township2)).period).toMatchObject({ closed: true, reopened: false });
  expect(await standing(members.c)).toMatchObject({ score: 50, grade: 5, period: { closed: true, reopened: true } });
});

test("50 concurrent confirmations of one member's entries in the open year: its total and grade count every one", async () => {
  const { tree, crit, members, as } = await county('SE');
  // The 2027 scheme gives one point an entry: five stars only with all 50.
  const ids: string[] = [];
  for (let k = 0; k < 50; k++) {
    const r = await t.execute(RECORD, {
      i: {
        subjectId: members.a,
        criterionId: crit['2027.MEMBER.P'],
        occurredOn: `2027-02-0${1 + (k % 9)}`,
        quantity: 1,
      },
    });
    ids.push(ok(r, 'recordStarEntry').entry.id);
  }
  const results = await Promise.all(ids.map((entryId) => as(CONFIRM, { i: { entryId } })));
  expect(results.flatMap((r) => r.errors ?? r.data.confirmStarEntry.userErrors)).toEqual([]);
  const r = await t.execute(STANDING, { id: members.a, y: 2027 });
  expect(r.data.node.starStanding).toEqual({
    rated: true,
    score: 50,
    grade: 5,
    period: { kind: 'YEAR', start: '2027-01-01', closed: false, closesOn: '2028-02-01', reopened: false },
  });
  for (const u of [tree.stationA, tree.county]) expect((await figures(u, 2027)).members).toEqual([0, 0, 0, 0, 0, 1]);
  // The tallies equal a recount of the facts (checked again at the end of the file).
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});

test('a 2026 scheme is refused where a graded village stood on 31 December, even after it moved away: it would re-score a kept grade', async () => {
  const { tree } = await county('SF');
  // Village 3, the only one of station B (two stars in 2026), goes to the other township today.
  ok(await t.execute(MOVE, { i: { id: tree.village3, newParentId: tree.station2 } }), 'moveOrgUnit');
  const units = [tree.stationB, tree.township, tree.county, tree.station2];
  const before = await all(units);
  expect(before[0].branches).toEqual([0, 0, 1, 0, 0, 0]);
  const adopt = (unitId: string, subjectType: string) =>
    t.execute(SCHEME, {
      i: {
        unitId,
        year: 2026,
        subjectType,
        name: '工作站方案',
        thresholds: [5, 10, 15, 20, 25],
        criteria: [{ code: 'P', title: '三会一课', kind: 'REGULAR', points: 5, perQuantity: true }],
      },
    });
  // Station B graded village 3 for 2026 (where it stood on 31 December): refused.
  expect(refusal(await adopt(tree.stationB, 'BRANCH'), 'createStarScheme')).toMatchObject({
    code: 'INVALID_STATE',
    field: ['input', 'unitId'],
  });
  // Station 2 holds village 3 and its 2026 entries today: refused, as before.
  expect(refusal(await adopt(tree.station2, 'BRANCH'), 'createStarScheme')).toMatchObject({ code: 'INVALID_STATE' });
  // No member was graded under station B: a member scheme there changes no kept figure.
  ok(await adopt(tree.stationB, 'MEMBER'), 'createStarScheme');
  expect(await all(units)).toEqual(before);
  expect(await t.app.figures.check(t.app.db)).toEqual([]);
});
