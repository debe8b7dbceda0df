import { bulkInsert, maxId, mobile, plusDays, plusMonths, type SeedContext } from '#module-kit';
import { AwayKind, AwayReason, ContactChannel } from './enums';
import { MODULE } from './services';
import { suspensionDecision } from './services/mobile.service';

const DESTINATIONS: [string, string, number][] = [
  ['广东省', '广州市', 30],
  ['广东省', '深圳市', 22],
  ['广东省', '东莞市', 14],
  ['广东省', '佛山市', 8],
  ['浙江省', '杭州市', 7],
  ['浙江省', '宁波市', 4],
  ['福建省', '厦门市', 5],
  ['北京市', '北京市', 3],
  ['上海市', '上海市', 4],
];

/**
 * Members of the first county's villages away in several cities — about one in twelve — most in
 * touch, some overdue, some lost, one suspended by a recorded decision, one back home; the county's
 * mobile branch in Guangzhou hosts some of them and two members from elsewhere; one notice sent.
 * The module is on for the first county, except one township.
 */
export async function seedMobileMembers(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const [countyRow] = await tx.query(`SELECT path FROM org_unit WHERE id = $1`, [county]);
  const townships: { id: number; path: string; name: string }[] = await tx.query(
    `SELECT id, path, name FROM org_unit WHERE id = ANY($1) AND path LIKE $2 || '%' ORDER BY path`,
    [tree.townshipIds, countyRow.path],
  );
  const optedOut = townships[2];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const [host] = await tx.query(`SELECT id FROM org_unit WHERE sector = 'MOBILE' AND path LIKE $1 || '%'`, [
    countyRow.path,
  ]);
  await closeEarlierYears(ctx, countyRow.path);
  // Members still away (suspended in an earlier year) are not picked again; those back from an earlier
  // departure leave again after their return.
  const members: { id: number; branch_id: number; birth_date: string; back_on: string | null }[] = await tx.query(
    `SELECT m.id, m.branch_id, m.birth_date::text,
       (SELECT max(o.returned_on) FROM mm_record o WHERE o.member_id = m.id)::text AS back_on
     FROM member m JOIN org_unit b ON b.id = m.branch_id
     WHERE b.id = ANY($1) AND b.path LIKE $2 || '%' AND b.path NOT LIKE $3 || '%' AND m.status <> 'DEPARTED' AND m.birth_date > $4::date
       AND NOT EXISTS (SELECT 1 FROM mm_record o WHERE o.member_id = m.id AND o.returned_on IS NULL)
     ORDER BY m.id`,
    [tree.grassrootsBranchIds, countyRow.path, optedOut.path, plusDays(today, -365 * 58)],
  );
  const away = members.filter(() => r.chance(0.12));
  const records: unknown[][] = [];
  const contacts: unknown[][] = [];
  const reportIns: unknown[][] = [];
  const firstId = await maxId(tx, 'mm_record');
  let id = firstId;
  for (const m of away) {
    id++;
    const [province, city] = r.weighted(DESTINATIONS.map(([p, c, w]) => [[p, c], w] as const));
    const drawn = plusDays(today, -r.int(40, 1500));
    const leftOn = m.back_on && drawn <= m.back_on ? plusDays(m.back_on, 30) : drawn;
    const kind = r.weighted([
      [AwayKind.RELATIONSHIP_TRANSFERRED, 2],
      [AwayKind.CERTIFICATE_LETTER, 3],
      [AwayKind.ACTIVITY_CARD, 5],
    ] as const);
    const hosted = host && city === '广州市' && r.chance(0.6);
    records.push([
      id,
      m.id,
      m.branch_id,
      leftOn,
      province,
      city,
      kind,
      kind === AwayKind.ACTIVITY_CARD ? `LD${String(100000 + id)}` : null,
      r.weighted([
        [AwayReason.MIGRANT_WORK, 7],
        [AwayReason.BUSINESS, 2],
        [AwayReason.STUDY, 1],
      ] as const),
      hosted ? host.id : null,
      kind === AwayKind.RELATIONSHIP_TRANSFERRED && !hosted ? `${city}某街道党工委` : null,
      r.chance(0.9) ? mobile(r) : null,
      `wx_${100000 + id}`,
    ]);
    // Contact history: most are reached every month or two; about one in eight not since long ago.
    const fate = r.weighted([
      ['IN_CONTACT', 70],
      ['OVERDUE', 15],
      ['LOST', 15],
    ] as const);
    const lastReached =
      fate === 'IN_CONTACT'
        ? plusDays(today, -r.int(5, 80))
        : fate === 'OVERDUE'
          ? plusDays(today, -r.int(95, 170))
          : plusDays(today, -r.int(200, 1400));
    for (let d = plusDays(leftOn, r.int(10, 40)); d < lastReached; d = plusDays(d, r.int(30, 75)))
      contacts.push([id, d, r.pick([ContactChannel.PHONE, ContactChannel.WECHAT]), true, null]);
    if (lastReached > leftOn) contacts.push([id, lastReached, ContactChannel.WECHAT, true, '通报村务，了解务工情况']);
    // Lost ones were searched for (three failed attempts), except one in ten nobody has looked for yet:
    // those are SEARCH_DUE, not lost, until the branch logs its search (查找).
    if (fate === 'LOST' && id % 10 !== 0)
      for (let i = 1; i <= 3; i++)
        contacts.push([
          id,
          plusDays(today, -30 * i - r.int(0, 20)),
          ContactChannel.PHONE,
          false,
          '电话无人接听 / 号码停机',
        ]);
    if (fate !== 'LOST' && r.chance(0.7))
      reportIns.push([id, plusDays(today, -r.int(20, 300)), ContactChannel.WECHAT, '汇报思想和工作情况']);
  }
  await bulkInsert(
    tx,
    'mm_record',
    [
      ['id', 'int'],
      ['member_id', 'int'],
      ['home_unit_id', 'int'],
      ['left_on', 'date'],
      ['province', 'text'],
      ['city', 'text'],
      ['kind', 'text'],
      ['card_number', 'text'],
      ['reason', 'text'],
      ['receiving_unit_id', 'int'],
      ['receiving_org_name', 'text'],
      ['phone', 'text'],
      ['wechat', 'text'],
    ],
    records,
  );
  await bulkInsert(
    tx,
    'mm_contact',
    [
      ['record_id', 'int'],
      ['contacted_on', 'date'],
      ['channel', 'text'],
      ['reached', 'boolean'],
      ['note', 'text'],
    ],
    contacts.filter((c) => (c[1] as string) <= today),
  );
  await bulkInsert(
    tx,
    'mm_report_in',
    [
      ['record_id', 'int'],
      ['reported_on', 'date'],
      ['channel', 'text'],
      ['note', 'text'],
    ],
    reportIns,
  );
  await tx.query(
    `SELECT setval(pg_get_serial_sequence('mm_record', 'id'), greatest((SELECT max(id) FROM mm_record), 1))`,
  );
  // People's decisions, entered as they were taken: one long-lost member suspended; one member back home.
  const lost = await tx.query(
    `SELECT r.id FROM mm_record r WHERE r.id > $2 AND NOT EXISTS (SELECT 1 FROM mm_contact c WHERE c.record_id = r.id AND c.reached AND c.contacted_on > $1::date) ORDER BY r.id LIMIT 1`,
    [plusMonths(today, -12), firstId],
  );
  if (lost[0]) {
    const meetingOn = plusDays(today, -60);
    const approvedOn = plusDays(today, -50);
    const [decision] = await tx.query(
      `INSERT INTO mm_decision (record_id, kind, meeting_on, approving_unit_id, approved_on, note) VALUES ($1, 'SUSPEND', $2, $3, $4, '多次联系未果，支部党员大会决定停止党籍，镇党委批准') RETURNING id`,
      [lost[0].id, meetingOn, townships[0].id, approvedOn],
    );
    // The register shows the suspension, as recordMobileDecision does.
    await tx.query(
      `UPDATE member SET suspended_since = $2, suspension_decision = $3 WHERE id = (SELECT member_id FROM mm_record WHERE id = $1)`,
      [lost[0].id, approvedOn, suspensionDecision(meetingOn, townships[0].name, approvedOn, lost[0].id, decision.id)],
    );
  }
  await tx.query(`UPDATE mm_record SET returned_on = $1 WHERE id = (SELECT max(id) FROM mm_record WHERE id > $2)`, [
    plusDays(today, -10),
    firstId,
  ]);
  if (host) {
    // Hosted once: with earlier years of history, the earliest took them in.
    await tx.query(
      `INSERT INTO mm_outside_member (unit_id, name, home_org_name, phone, hosted_since)
       SELECT $1, v.name, v.home_org_name, v.phone, v.hosted_since
       FROM (VALUES (1, '覃志强', '某县某镇某村党支部', $2::text, $3::date), (2, '韦丽萍', '某县某社区党支部', NULL, $4::date))
         AS v(n, name, home_org_name, phone, hosted_since)
       WHERE NOT EXISTS (SELECT 1 FROM mm_outside_member o WHERE o.unit_id = $1 AND o.name = v.name)
       ORDER BY v.n`,
      [host.id, mobile(r), plusDays(today, -400), plusDays(today, -120)],
    );
  }
  // One notice, from the branch with the most members away, to those away now; one of them has read it.
  const [busiest] = await tx.query(
    `SELECT m.branch_id, array_agg(m.id ORDER BY m.id) AS recipients FROM mm_record r JOIN member m ON m.id = r.member_id
     WHERE r.id > $1 AND r.returned_on IS NULL GROUP BY m.branch_id ORDER BY count(*) DESC, m.branch_id LIMIT 1`,
    [firstId],
  );
  if (busiest) {
    const [notice] = await tx.query(
      `INSERT INTO mm_notice (unit_id, category, title, body, published_on, recipient_ids)
       VALUES ($1, 'VILLAGE_AFFAIRS', '村集体经济收支情况公开', '本季度村集体经济收入、支出明细已在村务公开栏公布，请外出党员监督。', $2, $3)
       RETURNING id`,
      [busiest.branch_id, plusDays(today, -7), busiest.recipients],
    );
    await tx.query(`INSERT INTO mm_notice_read (notice_id, member_id, read_at) VALUES ($1, $2, $3::date + 1)`, [
      notice.id,
      busiest.recipients[0],
      plusDays(today, -7),
    ]);
  }
  ctx.log.info({ records: records.length, contacts: contacts.length }, 'mobile members demo data');
}

/**
 * Replaying history (`seedDemo`'s `historyYears`), the county's records an earlier year left open are
 * closed first: a member is on one open record at a time (mm_record_open_key), and a record left open
 * would have its member out of contact ever since. Each came home 10 to 120 days after the last contact
 * or report-in, as recordMemberReturned records it — at least 245 days before today, the earlier years
 * being a year apart; the suspended stay away (status SUSPENDED). The one-year demo has none, so its
 * random draws are unchanged.
 */
async function closeEarlierYears(ctx: SeedContext, countyPath: string): Promise<void> {
  const { tx, random: r } = ctx;
  const open: { id: number; last_on: string }[] = await tx.query(
    `SELECT r.id, greatest(r.left_on,
       (SELECT max(c.contacted_on) FROM mm_contact c WHERE c.record_id = r.id),
       (SELECT max(i.reported_on) FROM mm_report_in i WHERE i.record_id = r.id))::text AS last_on
     FROM mm_record r JOIN org_unit u ON u.id = r.home_unit_id
     WHERE r.returned_on IS NULL AND u.path LIKE $1 || '%'
       AND NOT EXISTS (SELECT 1 FROM mm_decision d WHERE d.record_id = r.id AND d.kind = 'SUSPEND')
     ORDER BY r.id`,
    [countyPath],
  );
  if (!open.length) return;
  const back = open.map((o) => plusDays(o.last_on, r.int(10, 120)));
  await tx.query(
    `UPDATE mm_record r SET returned_on = u.back, version = r.version + 1
     FROM unnest($1::int[], $2::date[]) AS u(id, back) WHERE r.id = u.id`,
    [open.map((o) => o.id), back],
  );
}
