import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit } from '../../support/tree';
import { ASSIGN, countyWith, ESCALATE, ok, raise } from './issues';

/**
 * Issue 15, items 7 and 8: an escalated issue nobody was assigned yet stays on the responsibility
 * list (责任清单) of the unit it was handed to; a county sees the inspections under it (随机督导), its
 * coverage and its villages under key rectification (seed 000: 随机督查40个镇106个村, 确定列为重点整改村9个).
 * Each test has a county of its own and sets its own day.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-24' });
});
afterAll(() => t?.close());

const RESPONSIBILITY = `query($u: ID!) { responsibilityList(under: $u) { unit { code } person open unassigned overdue } }`;

describe('the responsibility list (责任清单)', () => {
  test('an issue handed up and not yet assigned is the responsibility of the unit it was handed to, and leaves the list of the unit that handed it up', async () => {
    t.clock.set('2026-11-24');
    const { tree, as } = await countyWith(t, 'RA', {}, 'sec-v1', 'staff-a', 'township', 'county');
    const issue = await raise(as['sec-v1'], {
      title: '村道路灯损坏',
      raisedUnitId: tree.village1,
      responsiblePerson: '王村主任',
      deadline: '2026-11-30',
    });
    expect((await as['sec-v1'](RESPONSIBILITY, { u: tree.village1 })).data.responsibilityList).toEqual([
      { unit: { code: 'RAC-V1' }, person: '王村主任', open: 1, unassigned: 0, overdue: 0 },
    ]);
    ok(await as['sec-v1'](ESCALATE, { i: { issueId: issue.id, reason: '需要协调' } }), 'escalateIssue');
    // Unassigned at the station: on the station's list, no longer on the village's.
    expect((await as['sec-v1'](RESPONSIBILITY, { u: tree.village1 })).data.responsibilityList).toEqual([]);
    expect((await as['staff-a'](RESPONSIBILITY, { u: tree.stationA })).data.responsibilityList).toEqual([
      { unit: { code: 'RAC-T1-S1' }, person: null, open: 1, unassigned: 1, overdue: 0 },
    ]);
    // Handed on to the township and the county: the county holds it; the township's list is empty.
    ok(await as['staff-a'](ESCALATE, { i: { issueId: issue.id, reason: '站里无法解决' } }), 'escalateIssue');
    ok(await as.township(ESCALATE, { i: { issueId: issue.id, reason: '需县级协调' } }), 'escalateIssue');
    expect((await as.township(RESPONSIBILITY, { u: tree.township })).data.responsibilityList).toEqual([]);
    // Its deadline still runs: overdue from the day after.
    t.clock.set('2026-12-01');
    expect((await as.county(RESPONSIBILITY, { u: tree.county })).data.responsibilityList).toEqual([
      { unit: { code: 'RAC' }, person: null, open: 1, unassigned: 1, overdue: 1 },
    ]);
    // Once the county assigns it (to the township, by name), it is the township's again.
    ok(
      await as.county(ASSIGN, {
        i: { issueId: issue.id, responsibleUnitId: tree.township, responsiblePerson: '李镇长' },
      }),
      'assignIssue',
    );
    expect((await as.county(RESPONSIBILITY, { u: tree.county })).data.responsibilityList).toEqual([
      { unit: { code: 'RAC-T1' }, person: '李镇长', open: 1, unassigned: 0, overdue: 1 },
    ]);
  });
});

describe('inspections under a county (随机督导)', () => {
  const RECORD = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id } userErrors { code field message } } }`;
  const MARK = `mutation($i: KeyRectificationInput!) { markKeyRectification(input: $i) { userErrors { code message } } }`;
  const UNMARK = `mutation($i: KeyRectificationInput!) { unmarkKeyRectification(input: $i) { userErrors { code message } } }`;
  const COVERAGE = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
    inspectionCoverage(from: $from, to: $to) { from to inspections townships townshipsInspected villages villagesInspected villageCoverage villagesMarked villagesUnderKeyRectification }
    inspectionsUnder(from: $from, to: $to, first: 10) { totalCount nodes { inspectedOn unit { code } byUnit { code } } }
    keyRectificationsUnder(from: $from, to: $to) { totalCount nodes { markedOn unmarkedOn reason unit { code } } } } } }`;

  /** A second township with a station and two villages, beside the small county's first. */
  async function twoTownships(prefix: string) {
    const l = await countyWith(t, prefix, {}, 'county', 'township');
    const township2 = await createUnit(t, {
      code: `${prefix}C-T2`,
      name: '第二镇党委',
      kind: 'TOWNSHIP_COMMITTEE',
      parentId: l.tree.county,
      establishedOn: '2000-01-01',
    });
    const station = await createUnit(t, {
      code: `${prefix}C-T2-S1`,
      name: '第二镇工作站',
      kind: 'WORK_STATION',
      parentId: township2,
      establishedOn: '2015-01-01',
    });
    const village = (n: number) =>
      createUnit(t, {
        code: `${prefix}C-T2-V${n}`,
        name: `第二镇${n}村党支部`,
        kind: 'BRANCH',
        sector: 'COMMUNITY',
        parentId: station,
        establishedOn: '2000-01-01',
      });
    return { ...l, township2, village4: await village(4), village5: await village(5) };
  }

  const inspect = (unitId: string, byUnitId: string, inspectedOn: string) =>
    t.execute(RECORD, {
      i: { unitId, byUnitId, inspectedOn, inspectors: ['组织委员'], unannounced: true, findings: [] },
    });

  test('the county lists every inspection under it in a period, by anyone, newest first; a township only those under it', async () => {
    // The tree is entered before October closed (a unit entered today is placed from the first day
    // no module has closed), and October's inspection is recorded while October is open.
    t.clock.set('2026-10-01');
    const l = await twoTownships('CA');
    t.clock.set('2026-11-05');
    expect((await inspect(l.tree.village1, l.tree.township, '2026-10-31')).data.recordInspection.userErrors).toEqual(
      [],
    ); // the day before the period
    t.clock.set('2026-11-24');
    for (const [unit, by, day] of [
      [l.tree.village1, l.tree.township, '2026-11-01'], // its first day
      [l.tree.village3, l.tree.county, '2026-11-10'],
      [l.village4, l.township2, '2026-11-24'], // its last day
      [l.tree.stationA, l.tree.township, '2026-11-12'],
    ] as const)
      expect((await inspect(unit, by, day)).data.recordInspection.userErrors).toEqual([]);
    const r = await l.as.county(COVERAGE, { u: l.tree.county, from: '2026-11-01', to: '2026-11-24' });
    expect(r.errors).toBeUndefined();
    const under = r.data.node.inspectionsUnder;
    expect(under.totalCount).toBe(4);
    expect(under.nodes.map((n: any) => [n.inspectedOn, n.unit.code, n.byUnit.code])).toEqual([
      ['2026-11-24', 'CAC-T2-V4', 'CAC-T2'],
      ['2026-11-12', 'CAC-T1-S1', 'CAC-T1'],
      ['2026-11-10', 'CAC-V3', 'CAC'],
      ['2026-11-01', 'CAC-V1', 'CAC-T1'],
    ]);
    const township = await l.as.township(COVERAGE, { u: l.tree.township, from: '2026-11-01', to: '2026-11-24' });
    expect(township.data.node.inspectionsUnder.nodes.map((n: any) => n.unit.code)).toEqual([
      'CAC-T1-S1',
      'CAC-V3',
      'CAC-V1',
    ]);
  });

  test('coverage: villages inspected of all villages, townships reached, villages marked for key rectification and still under it at the period end', async () => {
    // The tree is entered, and October's inspection recorded, before October closed.
    t.clock.set('2026-10-01');
    const l = await twoTownships('CB');
    t.clock.set('2026-11-05');
    await inspect(l.tree.village3, l.tree.township, '2026-10-15'); // before the period
    // A village with the module off is not expected to be inspected through this module (off since
    // October: figures count the switches as they were in their period).
    const off = await t.execute(
      `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code message } } }`,
      { i: { unitId: l.village5, module: 'issue-lists', enabled: false, effectiveOn: '2026-10-01' } },
    );
    expect(off.data.setModuleEnabled.userErrors).toEqual([]);
    t.clock.set('2026-11-24');
    await inspect(l.tree.village1, l.tree.township, '2026-11-02');
    await inspect(l.tree.village1, l.tree.county, '2026-11-20'); // the same village twice: one village
    await inspect(l.tree.stationA, l.tree.township, '2026-11-03'); // a station: reaches the township, no village
    t.clock.set('2026-11-05');
    expect(
      (await t.execute(MARK, { i: { unitId: l.tree.village1, reason: '督导发现问题较多' } })).data.markKeyRectification
        .userErrors,
    ).toEqual([]);
    t.clock.set('2026-10-20');
    await t.execute(MARK, { i: { unitId: l.tree.village3, reason: '软弱涣散' } });
    t.clock.set('2026-11-10');
    expect(
      (await t.execute(UNMARK, { i: { unitId: l.tree.village3 } })).data.unmarkKeyRectification.userErrors,
    ).toEqual([]);
    t.clock.set('2026-11-24');
    const r = await l.as.county(COVERAGE, { u: l.tree.county, from: '2026-11-01', to: '2026-11-24' });
    expect(r.data.node.inspectionCoverage).toEqual({
      from: '2026-11-01',
      to: '2026-11-24',
      inspections: 3,
      townships: 2,
      townshipsInspected: 1,
      villages: 4,
      villagesInspected: 1,
      villageCoverage: 0.25,
      villagesMarked: 1,
      villagesUnderKeyRectification: 1,
    });
    // Both marks were in force during the period; the village unmarked on 10 November is listed with its date.
    expect(r.data.node.keyRectificationsUnder.nodes).toEqual([
      { markedOn: '2026-11-05', unmarkedOn: null, reason: '督导发现问题较多', unit: { code: 'CBC-V1' } },
      { markedOn: '2026-10-20', unmarkedOn: '2026-11-10', reason: '软弱涣散', unit: { code: 'CBC-V3' } },
    ]);
    // On the period ending the day before the unmark, village 3 was still under key rectification; the
    // period from the day after sees only village 1's mark.
    const earlier = await l.as.county(COVERAGE, { u: l.tree.county, from: '2026-10-01', to: '2026-11-09' });
    expect(earlier.data.node.inspectionCoverage).toMatchObject({
      inspections: 3, // village 1 on 2 November, the station on the 3rd, village 3 on 15 October
      villagesInspected: 2,
      villageCoverage: 0.5,
      villagesMarked: 2,
      villagesUnderKeyRectification: 2,
    });
    const later = await l.as.county(COVERAGE, { u: l.tree.county, from: '2026-11-11', to: '2026-11-24' });
    expect(later.data.node.keyRectificationsUnder.nodes.map((n: any) => n.unit.code)).toEqual(['CBC-V1']);
    expect(later.data.node.inspectionCoverage).toMatchObject({
      inspections: 1,
      villagesInspected: 1,
      villagesMarked: 0,
    });
  });

  test('an inspection stays under the township the village belonged to on the inspection day', async () => {
    t.clock.set('2026-11-10');
    const l = await twoTownships('CC');
    await inspect(l.tree.village3, l.tree.township, '2026-11-10');
    t.clock.set('2026-11-20');
    const moved = await t.execute(
      `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`,
      { i: { id: l.tree.village3, newParentId: l.township2 } },
    );
    expect(moved.data.moveOrgUnit.userErrors).toEqual([]);
    const period = { from: '2026-11-01', to: '2026-11-24' };
    const first = await t.execute(COVERAGE, { u: l.tree.township, ...period });
    expect(first.data.node.inspectionsUnder.nodes.map((n: any) => n.unit.code)).toEqual(['CCC-V3']);
    const second = await t.execute(COVERAGE, { u: l.township2, ...period });
    expect(second.data.node.inspectionsUnder.totalCount).toBe(0);
    // Coverage counts the villages under each township on the period's last day: village 3 is now the second's.
    expect(first.data.node.inspectionCoverage).toMatchObject({ villages: 2, villagesInspected: 0 });
    expect(second.data.node.inspectionCoverage).toMatchObject({ villages: 3, villagesInspected: 1 });
  });
});
