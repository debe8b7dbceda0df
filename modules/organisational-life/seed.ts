import { bulkInsert, type LocalDate, maxId, plusDays, plusMonths, type SeedContext } from '#module-kit';
import { AttendanceStatus, MeetingKind } from './enums';
import { MODULE } from './services/module';
import { orgLifePolicy } from './services/policy';

const TOPICS: Record<MeetingKind, string[]> = {
  ASSEMBLY: ['通报季度支部工作', '讨论发展党员', '审议村级重大事项'],
  COMMITTEE: ['研究本月工作安排', '研究困难党员慰问', '研究两下两上事项'],
  PARTY_GROUP_MEETING: ['学习党章'],
  LECTURE: ['学习党的二十大精神', '农村基层组织工作条例解读', '乡村振兴与基层党建'],
  THEME_DAY: ['重温入党誓词', '环境整治志愿服务', '走访慰问老党员', '政策宣讲进农户'],
  ORG_LIFE_MEETING: ['年度组织生活会：批评与自我批评'],
  DEMOCRATIC_APPRAISAL: ['年度民主评议党员'],
};

/**
 * A year of organisational life for the first county, up to today: every branch has a weakness of
 * its own, and a weaker branch misses more (theme days and committee meetings monthly, assemblies and
 * lectures quarterly, the organisational-life meeting and the appraisal each January). One branch has
 * been silent for the last two months; three members in different branches stopped attending eight
 * months ago (absent, no reason). One township has the module off, as a locality may.
 */
export async function seedOrgLife(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const [countyRow] = await tx.query(`SELECT path FROM org_unit WHERE id = $1`, [county]);
  const townships: { id: number; path: string }[] = await tx.query(
    `SELECT id, path FROM org_unit WHERE id = ANY($1) AND path LIKE $2 || '%' ORDER BY path`,
    [tree.townshipIds, countyRow.path],
  );
  const optedOut = townships[townships.length - 1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const branches: { id: number; members: number[] }[] = await tx.query(
    `SELECT u.id, coalesce(array_agg(m.id ORDER BY m.id) FILTER (WHERE m.id IS NOT NULL), '{}') AS members
     FROM org_unit u LEFT JOIN member m ON m.branch_id = u.id AND m.departed_on IS NULL AND m.joined_on <= $3::date
     WHERE u.id = ANY($1) AND u.path LIKE $2 || '%' AND u.path NOT LIKE $4 || '%'
     GROUP BY u.id ORDER BY u.id`,
    [tree.grassrootsBranchIds, countyRow.path, plusMonths(today, -13), optedOut.path],
  );
  // Who sat on each branch committee (secretary, deputy, committee member), and when.
  const posts: { unit_id: number; member_id: number; term_start: LocalDate; ended_on: LocalDate | null }[] =
    await tx.query(
      `SELECT unit_id, member_id, term_start::text, ended_on::text FROM post
       WHERE unit_id = ANY($1) AND member_id IS NOT NULL AND role IN ('SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER')
       ORDER BY unit_id, member_id`,
      [branches.map((b) => b.id)],
    );
  const committeeOn = (unitId: number, day: LocalDate) => [
    ...new Set(
      posts
        .filter((p) => p.unit_id === unitId && p.term_start <= day && (p.ended_on === null || p.ended_on > day))
        .map((p) => p.member_id),
    ),
  ];
  const share = orgLifePolicy(ctx.policy).committeeQuorumShare;
  const silentFrom = plusDays(today, -61);
  const stoppedFrom = plusMonths(today, -8);
  const stopped = new Set(
    [1, 5, 9].map((i) => branches[i % branches.length]).map((b) => b.members[b.members.length - 1]),
  );
  const meetings: unknown[][] = [];
  const lines: unknown[][] = [];
  let id = await maxId(tx, 'ol_meeting');
  const start = plusMonths(`${today.slice(0, 7)}-01`, -12);
  const recordedAt = new Date(`${today}T12:00:00+08:00`);
  branches.forEach((b, i) => {
    const weakness = r.next();
    const hold = (extra = 0) => r.chance(Math.min(0.98, 0.97 - 0.55 * weakness + extra));
    for (let month = start; month <= today; month = plusMonths(month, 1)) {
      const m = Number(month.slice(5, 7));
      const kinds: MeetingKind[] = [MeetingKind.THEME_DAY, MeetingKind.COMMITTEE];
      if (m % 3 === 2) kinds.push(MeetingKind.ASSEMBLY, MeetingKind.LECTURE);
      if (m === 1) kinds.push(MeetingKind.ORG_LIFE_MEETING, MeetingKind.DEMOCRATIC_APPRAISAL);
      for (const kind of kinds) {
        const heldOn: LocalDate = plusDays(month, r.int(0, 27));
        if (heldOn > today || (i === 0 && heldOn >= silentFrom)) continue;
        if (!hold(kind === MeetingKind.THEME_DAY ? 0.02 : 0)) continue;
        id += 1;
        const topics = TOPICS[kind];
        const meeting = [
          id,
          b.id,
          kind,
          heldOn,
          heldOn,
          '村党群服务中心',
          topics[r.int(0, topics.length - 1)],
          kind === MeetingKind.LECTURE ? '支部书记' : null,
          recordedAt,
        ];
        const attendees = kind === MeetingKind.COMMITTEE ? b.members.slice(0, 5) : b.members.slice(0, 40);
        const drawn: unknown[][] = [];
        for (const member of attendees) {
          const x = r.next();
          const status =
            stopped.has(member) && heldOn >= stoppedFrom
              ? AttendanceStatus.ABSENT
              : x < 0.84 - 0.2 * weakness
                ? AttendanceStatus.PRESENT
                : x < 0.94 - 0.1 * weakness
                  ? AttendanceStatus.EXCUSED
                  : AttendanceStatus.ABSENT;
          const online = status === AttendanceStatus.PRESENT && r.chance(0.05);
          drawn.push([id, member, status, status === AttendanceStatus.EXCUSED ? '外出务工' : null, online]);
        }
        if (kind === MeetingKind.COMMITTEE) {
          // The committee's own members take the statuses drawn (the draws stay as they were, so the
          // rest of the demo does not change); a meeting without quorum was void and is not recorded.
          const committee = committeeOn(b.id, heldOn);
          const committeeLines = committee.map((member, j) =>
            drawn[j] ? [id, member, ...drawn[j].slice(2)] : [id, member, AttendanceStatus.PRESENT, null, false],
          );
          const present = committeeLines.filter((l) => l[2] === AttendanceStatus.PRESENT).length;
          if (!(present > share * committee.length)) continue;
          drawn.splice(0, drawn.length, ...committeeLines);
        }
        meetings.push(meeting);
        lines.push(...drawn);
      }
    }
  });
  await bulkInsert(
    tx,
    'ol_meeting',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['kind', 'text'],
      ['held_on', 'date'],
      ['counts_for', 'date'],
      ['place', 'text'],
      ['topic', 'text'],
      ['lecturer', 'text'],
      ['recorded_at', 'timestamptz'],
    ],
    meetings,
  );
  await bulkInsert(
    tx,
    'ol_attendance',
    [
      ['meeting_id', 'int'],
      ['member_id', 'int'],
      ['status', 'text'],
      ['reason', 'text'],
      ['online', 'boolean'],
    ],
    lines,
  );
  await tx.query(
    `SELECT setval(pg_get_serial_sequence('ol_meeting', 'id'), greatest((SELECT max(id) FROM ol_meeting), 1))`,
  );
  ctx.log.info({ meetings: meetings.length, attendance: lines.length }, 'organisational-life demo');
}
