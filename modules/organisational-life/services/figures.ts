import { type LocalDate, moduleEnabledSql, placedOnSql, share, type SqlRunner, subtreeSums } from '#module-kit';
import { MeetingKind } from '../enums';
import { MODULE } from './module';
import { type OrgLifePolicy, scheduleParams } from './policy';
import { ATTENDANCE_ROLLUP, HELD_ROLLUP, PRESENCE_ROLLUP } from './tallies';

/** The scheduled periods ending in $2..$3, from the schedule ($4 kinds, $5 months). */
const PERIODS = `schedule AS (SELECT * FROM unnest($4::text[], $5::int[]) AS s(kind, months)),
     periods AS MATERIALIZED (
       SELECT kind, period_start, period_end FROM (
         SELECT s.kind, ps::date AS period_start, (ps + make_interval(months => s.months) - interval '1 day')::date AS period_end
         FROM schedule s, generate_series(date_trunc('year', $2::date), $3::date, interval '1 month') ps
         WHERE (extract(month FROM ps)::int - 1) % s.months = 0) d
       WHERE period_end BETWEEN $2::date AND $3::date)`;

export interface ComplianceRow {
  target: number;
  kind: MeetingKind;
  period_start: LocalDate;
  period_end: LocalDate;
  due: number;
  held: number;
  held_late: number;
}

/**
 * Per kind and scheduled period ending in from..to, for many units in one statement: how many units
 * under each owed it (branches and general branches, or party groups, placed under it on the period's
 * last day, founded and not dissolved then, the module on there that day: the presence segments as
 * rolled up for the unit, those covering the whole range summed straight from the index, the few
 * others kept to be matched with each period end) and how many held it, in
 * time or late, from the roll-up kept for the unit. Missing is what is neither once the period ended.
 */
export async function loadCompliance(
  db: SqlRunner,
  policy: OrgLifePolicy,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
): Promise<ComplianceRow[][]> {
  const [kinds, months] = scheduleParams(policy);
  const rows: ComplianceRow[] = await db.query(
    `WITH ${PERIODS},
     ends AS MATERIALIZED (SELECT DISTINCT period_end FROM periods),
     run AS (SELECT min(period_end) AS first_end, max(period_end) AS last_end FROM ends),
     whole AS (
       SELECT t.id AS target, sum(s.n) FILTER (WHERE s.grp) AS groups, sum(s.n) FILTER (WHERE NOT s.grp) AS branches
       FROM run CROSS JOIN unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(PRESENCE_ROLLUP)} s ON s.target = t.id AND s.period <= run.first_end AND s.until > run.last_end
       GROUP BY 1),
     partly AS MATERIALIZED (
       SELECT t.id AS target, s.period, s.until, s.grp, s.n
       FROM run CROSS JOIN unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(PRESENCE_ROLLUP)} s ON s.target = t.id AND s.period <= run.last_end AND s.until > run.first_end
         AND NOT (s.period <= run.first_end AND s.until > run.last_end)),
     owing AS (
       SELECT t.id AS target, e.period_end,
              (coalesce(wh.groups, 0) + coalesce(pa.groups, 0))::int AS groups,
              (coalesce(wh.branches, 0) + coalesce(pa.branches, 0))::int AS branches
       FROM unnest($1::int[]) AS t(id) CROSS JOIN ends e
       LEFT JOIN whole wh ON wh.target = t.id
       LEFT JOIN (
         SELECT p.target, e.period_end, sum(n) FILTER (WHERE grp) AS groups, sum(n) FILTER (WHERE NOT grp) AS branches
         FROM partly p JOIN ends e ON p.period <= e.period_end AND p.until > e.period_end
         GROUP BY 1, 2) pa ON pa.target = t.id AND pa.period_end = e.period_end),
     held AS (
       SELECT t.id AS target, h.kind, h.period_end, sum(h.held)::int AS held, sum(h.held_late)::int AS held_late
       FROM unnest($1::int[]) AS t(id)
       JOIN ${subtreeSums(HELD_ROLLUP)} h ON h.target = t.id
         AND h.period BETWEEN date_trunc('year', $2::date)::date AND $3::date AND h.period_end BETWEEN $2::date AND $3::date
       GROUP BY 1, 2, 3)
     SELECT o.target, d.kind, d.period_start, d.period_end,
            CASE WHEN d.kind = 'PARTY_GROUP_MEETING' THEN o.groups ELSE o.branches END AS due,
            coalesce(h.held, 0) AS held, coalesce(h.held_late, 0) AS held_late
     FROM periods d JOIN owing o ON o.period_end = d.period_end
     LEFT JOIN held h ON h.target = o.target AND h.kind = d.kind AND h.period_end = d.period_end
     ORDER BY o.target, d.period_end, d.kind`,
    [unitIds, from, to, kinds, months],
  );
  return unitIds.map((id) => rows.filter((r) => r.target === id && r.due > 0));
}

export interface AttendanceCounts {
  present: number;
  online: number;
  excused: number;
  absent: number;
}

export const attendanceRate = (c: AttendanceCounts) => share(c.present, c.present + c.excused + c.absent);

/** Attendance under each unit in the months from..to (first days of months), from the roll-up, by kind. */
export async function loadAttendance(
  db: SqlRunner,
  unitIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
): Promise<(AttendanceCounts & { kind: MeetingKind })[][]> {
  const rows: (AttendanceCounts & { target: number; kind: MeetingKind })[] = await db.query(
    `SELECT t.id AS target, a.kind, sum(a.present)::int AS present, sum(a.online)::int AS online,
            sum(a.excused)::int AS excused, sum(a.absent)::int AS absent
     FROM unnest($1::int[]) AS t(id)
     JOIN ${subtreeSums(ATTENDANCE_ROLLUP)} a ON a.target = t.id AND a.period BETWEEN $2::date AND $3::date
     GROUP BY 1, 2 ORDER BY 2`,
    [unitIds, from, to],
  );
  return unitIds.map((id) => rows.filter((r) => r.target === id));
}

/** Each member's own attendance at meetings held from..to (not cancelled). */
export async function loadMemberAttendance(
  db: SqlRunner,
  memberIds: readonly number[],
  from: LocalDate,
  to: LocalDate,
): Promise<AttendanceCounts[]> {
  const rows: (AttendanceCounts & { member_id: number })[] = await db.query(
    `SELECT a.member_id, count(*) FILTER (WHERE a.status = 'PRESENT')::int AS present,
            count(*) FILTER (WHERE a.online)::int AS online,
            count(*) FILTER (WHERE a.status = 'EXCUSED')::int AS excused,
            count(*) FILTER (WHERE a.status = 'ABSENT')::int AS absent
     FROM ol_attendance a JOIN ol_meeting x ON x.id = a.meeting_id
     WHERE a.member_id = ANY($1::int[]) AND x.cancelled_on IS NULL AND x.held_on BETWEEN $2::date AND $3::date
     GROUP BY 1`,
    [memberIds, from, to],
  );
  const zero = { present: 0, online: 0, excused: 0, absent: 0 };
  return memberIds.map((id) => rows.find((r) => r.member_id === id) ?? zero);
}

export interface SilentRow {
  target: number;
  unit_id: number;
  last_meeting_on: LocalDate | null;
  silent_since: LocalDate;
  days: number;
}

/**
 * Branches and general branches under each unit on `asOf` (module on there, founded, not dissolved)
 * with no meeting of their own or of their party groups in the `days` days up to `asOf`: silent when
 * `asOf` − (last meeting, or founding) ≥ days. A branch never recorded as meeting counts from its
 * founding (or from any time, when that is unknown).
 */
export async function loadSilent(
  db: SqlRunner,
  unitIds: readonly number[],
  asOf: LocalDate,
  days: number,
): Promise<SilentRow[][]> {
  const rows: SilentRow[] = await db.query(
    `SELECT t.id AS target, u.id AS unit_id, last.held_on AS last_meeting_on,
            coalesce(last.held_on, u.established_on) AS silent_since,
            ($2::date - coalesce(last.held_on, u.established_on, '1900-01-01'::date))::int AS days
     FROM unnest($1::int[]) AS t(id)
     JOIN org_unit_placement tp ON ${placedOnSql('tp', 't.id', '$2::date')}
     JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~'
       AND p.valid_from <= $2::date AND (p.valid_to IS NULL OR p.valid_to > $2::date)
     JOIN org_unit u ON u.id = p.unit_id AND u.kind IN ('BRANCH', 'GENERAL_BRANCH')
     LEFT JOIN LATERAL (
       SELECT max(x.held_on) AS held_on FROM ol_meeting x
       WHERE x.cancelled_on IS NULL AND x.held_on <= $2::date
         AND (x.unit_id = u.id OR x.unit_id IN (SELECT g.id FROM org_unit g WHERE g.parent_id = u.id AND g.kind = 'PARTY_GROUP'))
     ) last ON true
     WHERE (u.established_on IS NULL OR u.established_on <= $2::date)
       AND (u.dissolved_on IS NULL OR u.dissolved_on > $2::date)
       AND ${moduleEnabledSql('p', MODULE, '$2::date')}
       AND $2::date - coalesce(last.held_on, u.established_on, '1900-01-01'::date) >= $3::int
     ORDER BY t.id, last.held_on NULLS FIRST, u.id`,
    [unitIds, asOf, days],
  );
  return unitIds.map((id) => rows.filter((r) => r.target === id));
}

export interface NotTakingPartRow {
  target: number;
  member_id: number;
  /** The member's own branch (the target or a branch under it). */
  branch_id: number;
  since: LocalDate;
  last_took_part_on: LocalDate | null;
  flagged_from: LocalDate;
  absences: number;
  last_absent_on: LocalDate;
}

/**
 * Members of the branches under each unit on `asOf` who stopped taking part: the last meeting they
 * attended or were excused from (or, if none since, the day they joined the branch) lies `months`
 * months back, counted by the Civil Code (the corresponding day, or the month's last), and `asOf` is
 * after that period's last day; and they were recorded absent without reason at least once since.
 * A branch that held nothing flags nobody (it is silent instead).
 */
export async function loadNotTakingPart(
  db: SqlRunner,
  unitIds: readonly number[],
  asOf: LocalDate,
  months: number,
): Promise<NotTakingPartRow[][]> {
  const rows: NotTakingPartRow[] = await db.query(
    `WITH members AS (
       SELECT t.id AS target, m.id AS member_id, mp.branch_id,
              (SELECT max(x.valid_from) FROM membership_period x WHERE x.member_id = m.id AND x.branch_id = mp.branch_id
                 AND x.valid_from <= $2::date) AS joined
       FROM unnest($1::int[]) AS t(id)
       JOIN org_unit_placement tp ON ${placedOnSql('tp', 't.id', '$2::date')}
       JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~'
         AND p.valid_from <= $2::date AND (p.valid_to IS NULL OR p.valid_to > $2::date)
       -- The members of the branch on that day (a later transfer leaves the day as it was).
       JOIN membership_period mp ON mp.branch_id = p.unit_id
         AND mp.valid_from <= $2::date AND (mp.valid_to IS NULL OR mp.valid_to > $2::date)
       JOIN member m ON m.id = mp.member_id AND (m.departed_on IS NULL OR m.departed_on > $2::date)
       WHERE ${moduleEnabledSql('p', MODULE, '$2::date')}),
     judged AS (
       SELECT x.*, took.on AS last_took_part_on, coalesce(took.on, x.joined) AS since
       FROM members x
       LEFT JOIN LATERAL (
         SELECT max(g.held_on) AS on FROM ol_attendance a JOIN ol_meeting g ON g.id = a.meeting_id
         WHERE a.member_id = x.member_id AND a.status <> 'ABSENT' AND g.cancelled_on IS NULL AND g.held_on <= $2::date) took ON true)
     SELECT j.target, j.member_id, j.branch_id, j.since, j.last_took_part_on,
            (j.since + make_interval(months => $3::int) + interval '1 day')::date AS flagged_from,
            ab.n::int AS absences, ab.last AS last_absent_on
     FROM judged j
     CROSS JOIN LATERAL (
       SELECT count(*) AS n, max(g.held_on) AS last FROM ol_attendance a JOIN ol_meeting g ON g.id = a.meeting_id
       WHERE a.member_id = j.member_id AND a.status = 'ABSENT' AND g.cancelled_on IS NULL
         AND g.held_on > j.since AND g.held_on <= $2::date) ab
     WHERE j.since IS NOT NULL AND ab.n > 0
       AND $2::date > (j.since + make_interval(months => $3::int))::date
     ORDER BY j.target, j.since, j.member_id`,
    [unitIds, asOf, months],
  );
  return unitIds.map((id) => rows.filter((r) => r.target === id));
}
