import { onBothSizes, reportFigure } from '../support/helpers';
import type { TestApp } from '../support/test-app';

/**
 * docs/ARCHITECTURE.md ("Performance rules"): a request's SQL count grows with the depth of the query,
 * not with the number of nodes.
 * The analyst's drill-down, with member figures at every level, on the demo county and on one three
 * times larger, must cost the same number of statements, and at most MAX_STATEMENTS.
 */
const MAX_STATEMENTS = 20;

const DRILLDOWN = `{
  orgUnits(kinds: [COUNTY_COMMITTEE], first: 1) { nodes {
    name memberStats { total shareAged60AndOver shareAged35AndUnder averageAge byCategory { category count } }
    children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 30) { totalCount nodes {
      name memberStats { total shareAged60AndOver }
      children(kinds: [WORK_STATION], first: 5) { nodes {
        name memberStats { total shareAged60AndOver }
        children(kinds: [BRANCH], first: 10) { nodes {
          name memberStats { total averageAge ageBands { band count } }
          members(first: 10) { totalCount nodes { name age gender category branch { name } } }
        } }
      } }
    } }
  } }
}`;

async function measure(t: TestApp) {
  const r = await t.execute(DRILLDOWN);
  expect(r.errors).toBeUndefined();
  const county = r.data.orgUnits.nodes[0];
  const [{ n: totalVillages }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM org_unit WHERE kind = 'BRANCH' AND sector IN ('RURAL','COMMUNITY') AND dissolved_on IS NULL AND parent_id IN (SELECT id FROM org_unit WHERE kind = 'WORK_STATION')`,
  );
  const villages = county.children.nodes.flatMap((tw: any) => tw.children.nodes.flatMap((s: any) => s.children.nodes));
  const members = villages.reduce((n: number, v: any) => n + v.members.nodes.length, 0);
  return {
    sql: r.sql,
    cost: r.extensions?.cost?.requested,
    totalVillages,
    townships: county.children.totalCount,
    villages: villages.length,
    members,
    total: county.memberStats.total,
    reported: r.extensions?.sqlStatements,
  };
}

// The two seeded databases are built by the first test of a run that asks for them: about 58 s alone on
// an idle 2-core machine, 80 s beside another test file (CI, 2026-12-01), hence the time limit at the end,
// as the other files using onBothSizes have.
test('the drill-down costs the same number of statements on three times the data', async () => {
  const { small, large } = await onBothSizes(measure);
  // Page sizes cover every unit: at most 30 townships, 3 stations each, 5 villages a station.
  expect(large.townships).toBe(small.townships * 3);
  expect(large.cost).toBe(small.cost);
  expect(large.villages).toBeGreaterThan(small.villages * 2.5);
  expect(large.members).toBeGreaterThan(small.members * 2.5);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(MAX_STATEMENTS);
  expect(large.villages).toBe(large.totalVillages);
  // The same count is reported to clients in extensions.sqlStatements.
  expect(small.reported).toBe(small.sql);
  reportFigure(
    'drill-down',
    `${small.sql} statements for ${small.villages} villages / ${small.total} members; ${large.sql} for ${large.villages} villages / ${large.total} members`,
  );
}, 300_000);
