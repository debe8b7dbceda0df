import { createTestApp, type TestApp } from '../support/test-app';
import { userErrorsOf } from '../support/helpers';
import { createUnit } from '../support/tree';
import { toGlobalId } from '../../src/graphql/global-id';

/**
 * Issue 16's proof on the demo county with every module: moving a village, switching modules off
 * and every kind of backdated tree change leave every closed period's figure as it was, at the
 * station, the township and the county (and at the units on the other side of the move).
 * Today is Wednesday 25 November 2026: weeks before 16 November and months before November are closed.
 */
const CLOSED = {
  weeks: { from: '2026-09-07', to: '2026-11-15' },
  months: { from: '2026-08-01', to: '2026-10-31' },
};

const FIGURES = `query($id: ID!, $wFrom: Date!, $wTo: Date!, $mFrom: Date!, $mTo: Date!) { node(id: $id) { ... on OrgUnit {
  reportingRate(from: $wFrom, to: $wTo) { expected submitted onTime late missing awaitingReview returned
    byWeek { week expected submitted onTime missing } }
  planIssuingRate(from: $wFrom, to: $wTo) { expected issued onTime missing }
  planCompletion(from: $wFrom, to: $wTo) { answered done partlyDone notDone }
  issueStats(from: $mFrom, to: $mTo) { raised resolved closed medianDaysToClose resolvedByLevel { level closed } }
  disclosureCompliance(from: $mFrom, to: $mTo) { due onTime late missing byCategory { category due onTime late missing } }
  villageMatterStats(from: $mFrom, to: $mTo) { proposed completed rejected }
  villageFeedbackStats(from: $mFrom, to: $mTo) { received }
  branchStars: starDistribution(subjectType: BRANCH, year: 2025) { grade count }
} } }`;

let t: TestApp;
const unit = (id: number) => toGlobalId('OrgUnit', id);

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t?.close());

interface Places {
  village: number;
  sibling: number;
  station: number;
  township: number;
  county: number;
  otherStation: number;
  otherTownship: number;
}

/** A village with reports in the closed weeks, a sibling, and a station in another township of the county. */
async function places(): Promise<Places> {
  const [v] = await t.app.db.query(
    `SELECT v.id AS village, s.id AS station, tw.id AS township, tw.parent_id AS county,
            (SELECT min(o.id) FROM org_unit o WHERE o.parent_id = s.id AND o.kind = 'BRANCH' AND o.id <> v.id AND o.dissolved_on IS NULL) AS sibling
     FROM org_unit v JOIN org_unit s ON s.id = v.parent_id AND s.kind = 'WORK_STATION'
     JOIN org_unit tw ON tw.id = s.parent_id
     WHERE v.kind = 'BRANCH' AND v.sector = 'RURAL' AND v.dissolved_on IS NULL
       AND EXISTS (SELECT 1 FROM wr_weekly_report r WHERE r.unit_id = v.id AND r.week BETWEEN $1 AND $2)
       AND EXISTS (SELECT 1 FROM org_unit o WHERE o.parent_id = s.id AND o.kind = 'BRANCH' AND o.id <> v.id AND o.dissolved_on IS NULL)
     ORDER BY v.id LIMIT 1`,
    [CLOSED.weeks.from, CLOSED.weeks.to],
  );
  const [o] = await t.app.db.query(
    `SELECT s.id AS station, s.parent_id AS township FROM org_unit s JOIN org_unit tw ON tw.id = s.parent_id
     WHERE s.kind = 'WORK_STATION' AND tw.parent_id = $1 AND tw.id <> $2 AND s.dissolved_on IS NULL ORDER BY s.id LIMIT 1`,
    [v.county, v.township],
  );
  return { ...v, otherStation: o.station, otherTownship: o.township };
}

async function snapshot(p: Places): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(p)) {
    if (name === 'village' || name === 'sibling') continue;
    const r = await t.execute(FIGURES, {
      id: unit(id),
      wFrom: CLOSED.weeks.from,
      wTo: CLOSED.weeks.to,
      mFrom: CLOSED.months.from,
      mTo: CLOSED.months.to,
    });
    // A module the demo switched off for a township answers MODULE_DISABLED there: part of the picture.
    const refused = (r.errors ?? []).map((e) => `${e.path?.join('.')}: ${e.extensions?.code}`);
    expect(refused.every((e) => e.endsWith('MODULE_DISABLED'))).toBe(true);
    out[name] = { ...r.data.node, refused };
  }
  return out;
}

const mutate = (name: string, input: Record<string, unknown>) => userErrorsOf(t, name, input);

test('moving a village, switching modules off and backdated tree changes leave every closed period as it was', async () => {
  const p = await places();
  const figuresBefore = await snapshot(p);
  // The figures are not empty: the proof would be hollow otherwise.
  const county = figuresBefore.county as any;
  expect(county.reportingRate.submitted).toBeGreaterThan(0);
  expect(county.planIssuingRate.issued).toBeGreaterThan(0);
  expect(county.issueStats.raised).toBeGreaterThan(0);
  expect(county.disclosureCompliance.due).toBeGreaterThan(0);

  // Today: the village changes township, modules are switched off, a unit founded in 2020 is entered.
  expect(await mutate('moveOrgUnit', { id: unit(p.village), newParentId: unit(p.otherStation) })).toEqual([]);
  const switches = [
    [p.township, 'weekly-reports'],
    [p.otherTownship, 'village-affairs'],
    [p.station, 'issue-lists'],
    [p.county, 'star-rating'],
  ] as const;
  const ownSetting = async (u: number, module: string): Promise<boolean | null> => {
    const r = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on OrgUnit { modules { module { name } enabled explicit } } } }`,
      {
        id: unit(u),
      },
    );
    const state = r.data.node.modules.find((m: { module: { name: string } }) => m.module.name === module);
    return state.explicit ? state.enabled : null;
  };
  const before = new Map<string, boolean | null>();
  for (const [u, module] of switches) {
    before.set(`${u}:${module}`, await ownSetting(u, module));
    expect(await mutate('setModuleEnabled', { unitId: unit(u), module, enabled: false })).toEqual([]);
  }
  await createUnit(t, {
    code: 'FH-NEW',
    name: '新村党支部',
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: unit(p.station),
    establishedOn: '2020-01-01',
  });

  // Backdated into closed periods: refused on the field that dates them.
  const refused = async (errors: { code: string; field: string[] }[], field: string) => {
    expect(errors).toEqual([expect.objectContaining({ code: 'PERIOD_CLOSED', field: ['input', field] })]);
  };
  await refused(
    await mutate('moveOrgUnit', { id: unit(p.sibling), newParentId: unit(p.otherStation), effectiveOn: '2026-10-05' }),
    'effectiveOn',
  );
  await refused(
    await mutate('setModuleEnabled', {
      unitId: unit(p.otherTownship),
      module: 'weekly-reports',
      enabled: false,
      effectiveOn: '2026-10-05',
    }),
    'effectiveOn',
  );
  await refused(await mutate('updateOrgUnit', { id: unit(p.sibling), establishedOn: '2026-10-05' }), 'establishedOn');
  await refused(await mutate('updateOrgUnit', { id: unit(p.sibling), sector: 'COMMUNITY' }), 'sector');

  // Switched-off modules answer MODULE_DISABLED where they are off now; put each unit's own setting
  // back from tomorrow, so the comparison reads the same fields.
  t.clock.set('2026-11-26T10:00:00+08:00');
  for (const [u, module] of switches) {
    expect(
      await mutate('setModuleEnabled', { unitId: unit(u), module, enabled: before.get(`${u}:${module}`) }),
    ).toEqual([]);
  }
  expect(await snapshot(p)).toEqual(figuresBefore);
});
