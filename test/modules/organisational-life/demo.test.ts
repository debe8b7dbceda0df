import { onBothSizes, reportFigure } from '../../support/helpers';

/** The demo data is dated from the clock's day; the twelve months before it are asked for. */
const TODAY = '2026-11-25';
const FROM = '2025-12-01';
const TO = '2026-10-31';

const ROLLUP = `query($f: Date!, $to: Date!, $d: Date!) { orgUnit(code: "JB01") {
  meetingCompliance(from: $f, to: $to) { due held heldLate missing notYetEnded byKind { kind due held missing heldRate } }
  meetingAttendance(from: $f, to: $to) { present online excused absent rate }
  silentBranches(asOf: $d) { branch { id } lastMeetingOn days }
  membersNotTakingPart(asOf: $d) { member { id } since absences }
  children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { name
    meetingCompliance(from: $f, to: $to) { due held missing }
    meetingAttendance(from: $f, to: $to) { rate } } } } }`;

test('demo data: a year with gaps, a silent branch, members who stopped attending; roll-ups in bounded statements', async () => {
  const { small, large } = await onBothSizes(
    async (x) => {
      const r = await x.execute(ROLLUP, { f: FROM, to: TO, d: TODAY });
      const disabled = (r.errors ?? []).filter((e) => e.extensions?.code === 'MODULE_DISABLED');
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      // Every committee meeting of the demo had its quorum: more than half of the committee that day present.
      const [c] = await x.app.db.query(
        `SELECT count(*)::int AS meetings, count(*) FILTER (WHERE NOT quorate)::int AS void FROM (
           SELECT g.id, 2 * count(*) FILTER (WHERE a.status = 'PRESENT' AND EXISTS (
                    SELECT 1 FROM post p WHERE p.unit_id = g.unit_id AND p.member_id = a.member_id
                      AND p.role IN ('SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER')
                      AND p.term_start <= g.held_on AND (p.ended_on IS NULL OR p.ended_on > g.held_on)))
                  > (SELECT count(DISTINCT p.member_id) FROM post p WHERE p.unit_id = g.unit_id AND p.member_id IS NOT NULL
                      AND p.role IN ('SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER')
                      AND p.term_start <= g.held_on AND (p.ended_on IS NULL OR p.ended_on > g.held_on)) AS quorate
           FROM ol_meeting g LEFT JOIN ol_attendance a ON a.meeting_id = g.id WHERE g.kind = 'COMMITTEE' GROUP BY g.id) q`,
      );
      return { sql: r.sql, unit: r.data.orgUnit, disabled: disabled.length, committee: c };
    },
    { now: TODAY },
  );
  const u = small.unit;
  expect(small.committee.meetings).toBeGreaterThan(0);
  expect(small.committee.void).toBe(0);
  reportFigure('organisational-life demo committee meetings', `${small.committee.meetings}, none without quorum`);
  expect(u.meetingCompliance.held).toBeGreaterThan(0);
  expect(u.meetingCompliance.missing).toBeGreaterThan(0);
  expect(u.meetingCompliance.due).toBe(
    u.meetingCompliance.held +
      u.meetingCompliance.heldLate +
      u.meetingCompliance.missing +
      u.meetingCompliance.notYetEnded,
  );
  expect(u.meetingAttendance.rate).toBeGreaterThan(0.5);
  expect(u.meetingAttendance.absent).toBeGreaterThan(0);
  expect(u.silentBranches.some((b: any) => b.days >= 60)).toBe(true);
  expect(u.membersNotTakingPart.length).toBeGreaterThanOrEqual(3);
  // One township opted out: its figures answer MODULE_DISABLED, the rest of the query answers.
  expect(small.disabled).toBe(2);
  expect(large.unit.meetingCompliance.due).toBeGreaterThan(u.meetingCompliance.due);
  // The statements do not grow with the county.
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(20);
  reportFigure('organisational-life roll-up statements', `${small.sql} (demo), ${large.sql} (three times larger)`);
}, 300_000);
