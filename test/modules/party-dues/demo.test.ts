import { onBothSizes, reportFigure } from '../../support/helpers';

/** The demo data is dated from the clock's day; the twelve months before it are asked for. */
const TODAY = '2026-11-25';
const FROM = '2025-12-01';
const TO = '2026-11-30';

const ROLLUP = `query($f: Date!, $to: Date!, $d: Date!) { orgUnit(code: "JB01") {
  duesCollection(from: $f, to: $to) { dueFen paidFen settledFen collectionRate
    months { month dueFen paidFen collectionRate membersDue membersPaid membersInArrears } }
  duesArrears(asOf: $d) { member { id } since months owedFen detail }
  children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { name
    duesCollection(from: $f, to: $to) { dueFen paidFen collectionRate } } } } }`;

test('demo data: a year of dues with arrears, two members six months behind; roll-ups in bounded statements', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(ROLLUP, { f: FROM, to: TO, d: TODAY });
      const disabled = (r.errors ?? []).filter((e) => e.extensions?.code === 'MODULE_DISABLED');
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return { sql: r.sql, unit: r.data.orgUnit, disabled: disabled.length };
    },
    { now: TODAY },
  );
  const u = small.unit;
  const c = u.duesCollection;
  expect(BigInt(c.dueFen)).toBeGreaterThan(0n);
  expect(BigInt(c.settledFen)).toBeLessThan(BigInt(c.dueFen));
  expect(c.collectionRate).toBeGreaterThan(0.7);
  expect(c.collectionRate).toBeLessThan(1);
  expect(c.months).toHaveLength(12);
  // Quarterly payers: the months of the quarter not yet ended are in arrears.
  expect(c.months[c.months.length - 1].membersInArrears).toBeGreaterThan(0);
  // The two members who stopped paying eight months ago, and nobody else, are flagged.
  expect(u.duesArrears).toHaveLength(2);
  for (const a of u.duesArrears) {
    expect(a.months).toBeGreaterThanOrEqual(6);
    expect(a.detail).toMatch(/^\d{4}-\d{2} 至 \d{4}-\d{2} 未交，共 \d+ 个月 欠 \d+\.\d{2} 元$/);
  }
  // One township opted out: its figures answer MODULE_DISABLED, the rest of the query answers.
  expect(small.disabled).toBe(1);
  expect(BigInt(large.unit.duesCollection.dueFen)).toBeGreaterThan(BigInt(c.dueFen));
  // The roll-up statements do not grow with the county.
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(20);
  reportFigure('party-dues roll-up statements', `${small.sql} (demo), ${large.sql} (three times larger)`);
}, 300_000);
