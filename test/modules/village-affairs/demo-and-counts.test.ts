import { toGlobalId } from '../../../src/graphql/global-id';
import { onBothSizes, reportFigure } from '../../support/helpers';

/** The demo data is dated from the clock's day; twelve months back from it are asked for. */
const TODAY = '2026-11-25';
const FROM = '2025-11-25';

const ROLLUP = `query($f: Date!, $to: Date!) { orgUnit(code: "JB01") {
  disclosureCompliance(from: $f, to: $to) { villages due onTime late partial missing notYetDue recordedLate onTimeRate byCategory { category due onTime } }
  villageMatterStats(from: $f, to: $to) { proposed completed rejected inProgress reproposed withFindings withVoidMeetings completedShare byCategory { category count } awaiting { step count } }
  villageFeedbackStats(from: $f, to: $to) { received collectedByVillages collectedByStations passedUp answeredByCollector answeredAbove answeredOnTime answeredLate unansweredOverdue awaitingReply replyRecordedLate }
  children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { name
    disclosureCompliance(from: $f, to: $to) { due onTimeRate }
    villageMatterStats(from: $f, to: $to) { proposed completed }
    villageFeedbackStats(from: $f, to: $to) { received unansweredOverdue } } } } }`;
const REJECTED = `{ orgUnit(code: "JB01") { villageMatters(first: 100, statuses: [REJECTED]) { nodes { title village { id } rejectedAtStep reproposedAs { title } steps { outcome verdict } } } } }`;
const RESOLUTIONS = `{ orgUnit(code: "JB01") { villageMatters(first: 100) { nodes { steps { step householdsPresent verdict } } } } }`;
/** One village's matters, with who was not counted at their assemblies and the supervision findings. */
const VILLAGE = `query($u: ID!) { node(id: $u) { ... on OrgUnit { villageMatters(first: 10) { nodes { findings { text }
  steps { step outcome eligible fullMembers verdict notCounted { reason } } } } } } }`;
const POWER_LIST = `{ orgUnit(code: "JB01") { villageMatters(first: 1) { nodes { village { powerList { category procedure } } } } } }`;

test('demo data: matters in every state, a year of disclosures with gaps, feedback answered and not; roll-ups in bounded statements, independent of size', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(ROLLUP, { f: FROM, to: TODAY });
      const disabled = (r.errors ?? []).filter((e) => e.extensions?.code === 'MODULE_DISABLED');
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      const rejected = await x.execute(REJECTED);
      const village = await x.execute(POWER_LIST);
      const resolutions = await x.execute(RESOLUTIONS);
      expect([rejected.errors, village.errors, resolutions.errors]).toEqual([undefined, undefined, undefined]);
      // The first village (where a matter was voted down and proposed again), and the village of the member
      // the mobile-members demo suspended.
      const first = rejected.data.orgUnit.villageMatters.nodes.find((m: any) => m.reproposedAs).village.id;
      const [suspended] = await x.app.db.query(
        `SELECT m.branch_id FROM mm_decision d JOIN mm_record r ON r.id = d.record_id JOIN member m ON m.id = r.member_id WHERE d.kind = 'SUSPEND'`,
      );
      const matters = async (u: string) => {
        const v = await x.execute(VILLAGE, { u });
        expect(v.errors).toBeUndefined();
        return v.data.node.villageMatters.nodes;
      };
      return {
        sql: r.sql,
        unit: r.data.orgUnit,
        disabled: disabled.length,
        rejected: rejected.data.orgUnit.villageMatters.nodes,
        resolutions: resolutions.data.orgUnit.villageMatters.nodes.flatMap((m: any) => m.steps),
        first: await matters(first),
        suspended: suspended ? await matters(toGlobalId('OrgUnit', suspended.branch_id)) : null,
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
  expect(unit.villageMatterStats.withVoidMeetings).toBeGreaterThan(0);
  expect(unit.villageMatterStats.awaiting.length).toBeGreaterThan(3);
  expect(unit.villageMatterStats.proposed).toBe(
    unit.villageMatterStats.completed + unit.villageMatterStats.rejected + unit.villageMatterStats.inProgress,
  );
  expect(unit.disclosureCompliance.late).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.partial).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.missing).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.recordedLate).toBeGreaterThan(0);
  expect(unit.disclosureCompliance.onTimeRate).toBeGreaterThan(0.6);
  expect(unit.disclosureCompliance.byCategory).toHaveLength(7);
  const fb = unit.villageFeedbackStats;
  expect(fb.answeredOnTime).toBeGreaterThan(0);
  expect(fb.unansweredOverdue).toBeGreaterThan(0);
  expect([fb.collectedByVillages, fb.collectedByStations, fb.passedUp, fb.answeredAbove].every((n) => n > 0)).toBe(
    true,
  );
  expect(fb.received).toBe(fb.collectedByVillages + fb.collectedByStations);
  // One township opted out: its figures answer MODULE_DISABLED, the rest of the query answers.
  expect(small.disabled).toBe(3);
  // Voted down at the review (counted on the entitled) and proposed again.
  const reproposed = small.rejected.find((m: any) => m.reproposedAs);
  expect(reproposed.rejectedAtStep).toBe('REVIEW');
  expect(reproposed.steps.at(-1)).toMatchObject({
    outcome: 'FAILED',
    verdict: expect.stringContaining('not adopted (more than 1/2 of those entitled needed)'),
  });
  // In the first village a review without quorum, void, reconvened with members away left out by the
  // branch and decided; the supervision committee's finding on it.
  const firstReviews = small.first.flatMap((m: any) => m.steps).filter((s: any) => s.step === 'REVIEW');
  expect(firstReviews.some((s: any) => s.outcome === 'NO_QUORUM' && s.verdict.includes('void, nothing decided'))).toBe(
    true,
  );
  expect(
    firstReviews.some(
      (s: any) =>
        s.outcome === 'PASSED' && s.notCounted.some((x: any) => x.reason === 'AWAY') && s.eligible < s.fullMembers,
    ),
  ).toBe(true);
  expect(small.first.some((m: any) => m.findings.some((f: any) => f.text.includes('会议无效')))).toBe(true);
  // The member the mobile-members demo suspended is not counted at a review after the suspension.
  expect(
    small.suspended
      .flatMap((m: any) => m.steps)
      .some((s: any) => s.step === 'REVIEW' && s.notCounted.some((x: any) => x.reason === 'SUSPENDED')),
  ).toBe(true);
  // A villagers' meeting held by household representatives, its quorum met by the households.
  expect(
    small.resolutions.some(
      (s: any) =>
        s.step === 'RESOLUTION' && s.householdsPresent && s.verdict.includes('households (at least 2/3: met)'),
    ),
  ).toBe(true);
  // The power list of 5 categories and 19 items.
  expect([small.powerList.length, new Set(small.powerList.map((i: any) => i.category)).size]).toEqual([19, 5]);

  expect(large.unit.disclosureCompliance.due).toBeGreaterThan(small.unit.disclosureCompliance.due * 2);
  expect(large.sql).toBe(small.sql);
  // The unit, its children (page + nodes), module settings per level, one statement per figure per level
  // (3 × 2), and the distinct villages where asked (the unit's `villages`: 1).
  expect(small.sql).toBeLessThanOrEqual(12);
  reportFigure(
    'village affairs roll-ups',
    `${small.sql} statements for ${small.unit.disclosureCompliance.due} due disclosures and ${small.unit.villageMatterStats.proposed} matters; ${large.sql} for ${large.unit.disclosureCompliance.due} and ${large.unit.villageMatterStats.proposed}`,
  );
}, 300_000);
