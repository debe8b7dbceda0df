import { onBothSizes, reportFigure } from '../../support/helpers';

/** The demo data is dated from the clock's day. */
const TODAY = '2026-11-25';

const ROLLUP = `query($d: Date!, $y: Int!) { orgUnit(code: "JB01") {
  developmentPipeline(asOf: $d) { stages { stage count } talksOverdue assessmentsOverdue approvalsOverdue }
  newMembers(year: $y) { total byAge { key count } becameFull }
  children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { name
    developmentPipeline(asOf: $d) { stages { stage count } } } } } }`;

test('demo data: a realistic pipeline with one overdue talk; roll-ups in bounded statements', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(ROLLUP, { d: TODAY, y: 2026 });
      const disabled = (r.errors ?? []).filter((e) => e.extensions?.code === 'MODULE_DISABLED');
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return { sql: r.sql, unit: r.data.orgUnit, disabled: disabled.length };
    },
    { now: TODAY },
  );
  const count = (stage: string) => small.unit.developmentPipeline.stages.find((s: any) => s.stage === stage).count;
  expect(count('APPLICANT')).toBe(24);
  expect(count('ACTIVIST')).toBe(24);
  expect(count('DEVELOPMENT_TARGET')).toBe(12);
  expect(count('PROBATIONARY')).toBe(4);
  expect(count('FULL_MEMBER')).toBe(2);
  expect(small.unit.developmentPipeline.talksOverdue).toBe(1);
  // The four probationary members were voted in this year; every one falls in one age band.
  expect(small.unit.newMembers.total).toBe(4);
  expect(small.unit.newMembers.byAge.reduce((n: number, a: any) => n + a.count, 0)).toBe(4);
  // One township opted out: its figure answers MODULE_DISABLED, the rest of the query answers.
  expect(small.disabled).toBe(1);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(12);
  reportFigure('member-development roll-up statements', `${small.sql} (demo), ${large.sql} (three times larger)`);
}, 300_000);
