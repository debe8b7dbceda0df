import { onBothSizes, reportFigure } from '../../support/helpers';

/** The demo data is dated from the clock's day; twelve months back from it are asked for. */
const TODAY = '2026-11-25';
const FROM = '2025-11-25';

const ROLLUP = `query($f: Date!, $to: Date!) { orgUnit(code: "JB01") {
  disclosureCompliance(from: $f, to: $to) { villages due onTime late missing notYetDue onTimeRate byCategory { category due onTime } }
  villageMatterStats(from: $f, to: $to) { proposed completed rejected inProgress reproposed withFindings completedShare byCategory { category count } awaiting { step count } }
  villageFeedbackStats(from: $f, to: $to) { received answeredOnTime answeredLate unansweredOverdue awaitingReply }
  children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { name
    disclosureCompliance(from: $f, to: $to) { due onTimeRate }
    villageMatterStats(from: $f, to: $to) { proposed completed }
    villageFeedbackStats(from: $f, to: $to) { received unansweredOverdue } } } } }`;
const REJECTED = `{ orgUnit(code: "JB01") { villageMatters(first: 100, statuses: [REJECTED]) { nodes { title rejectedAtStep reproposedAs { title } steps { outcome verdict } } } } }`;
const POWER_LIST = `{ orgUnit(code: "JB01") { villageMatters(first: 1) { nodes { village { powerList { category procedure } } } } } }`;

test('demo data: matters in every state, a year of disclosures with gaps, feedback answered and not; roll-ups in bounded statements, independent of size', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(ROLLUP, { f: FROM, to: TODAY });
      const disabled = (r.errors ?? []).filter((e) => e.extensions?.code === 'MODULE_DISABLED');
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      const rejected = await x.execute(REJECTED);
      const village = await x.execute(POWER_LIST);
      expect([rejected.errors, village.errors]).toEqual([undefined, undefined]);
      return {
        sql: r.sql,
        unit: r.data.orgUnit,
        disabled: disabled.length,
        rejected: rejected.data.orgUnit.villageMatters.nodes,
        powerList: village.data.orgUnit.villageMatters.nodes[0].village.powerList,
      };
    },
    { now: TODAY },
  );
  const { unit } = small;
  expect(unit.villageMatterStats.completed).toBeGreaterThan(0);
  expect(unit.villageMatterStats.rejected).toBeGreaterThan(0);
  expect(unit.villageMatterStats.inProgress).toBeGreaterThan(0);
  expect(unit.villageMatterStats.reproposed).toBe(1);
  expect(unit.villageMatterStats.awaiting.length).toBeGreaterThan(3);
  expect(unit.villageMatterStats.proposed).toBe(
    unit.villageMatterStats.completed + unit.villageMatterStats.rejected + unit.villageMatterStats.inProgress,
  );
  expect(unit.disclosureCompliance.late).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.missing).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.onTimeRate).toBeGreaterThan(0.6);
  expect(unit.disclosureCompliance.byCategory).toHaveLength(8);
  expect(unit.villageFeedbackStats.answeredOnTime).toBeGreaterThan(0);
  expect(unit.villageFeedbackStats.unansweredOverdue).toBeGreaterThan(0);
  // One township opted out: its figures answer MODULE_DISABLED, the rest of the query answers.
  expect(small.disabled).toBe(3);
  // The rejection for lack of quorum, with its count, and the power list of 5 categories and 19 items.
  const quorum = small.rejected.find((m: any) => m.reproposedAs);
  expect(quorum.rejectedAtStep).toBe('REVIEW');
  expect(quorum.steps.at(-1).verdict).toContain('quorum (at least 2/3) not met');
  expect([small.powerList.length, new Set(small.powerList.map((i: any) => i.category)).size]).toEqual([19, 5]);

  expect(large.unit.disclosureCompliance.due).toBeGreaterThan(small.unit.disclosureCompliance.due * 2);
  expect(large.sql).toBe(small.sql);
  // The unit, its children (page + nodes), module settings per level, and one statement per figure per level (3 × 2).
  expect(small.sql).toBeLessThanOrEqual(11);
  reportFigure(
    'village affairs roll-ups',
    `${small.sql} statements for ${small.unit.disclosureCompliance.due} due disclosures and ${small.unit.villageMatterStats.proposed} matters; ${large.sql} for ${large.unit.disclosureCompliance.due} and ${large.unit.villageMatterStats.proposed}`,
  );
});
