import { bulkInsert, type LocalDate, maxId, MemberCategory, plusDays, type SeedContext } from '#module-kit';
import { DuesBasis, DuesChannel } from './enums';
import { assess } from './services/bands';
import { defaultBasis, monthOf } from './services/dues.service';
import { shiftMonth } from './services/figures';
import { MODULE } from './services/module';
import { duesPolicy } from './services/policy';

const CHANNELS = [DuesChannel.CASH, DuesChannel.TRANSFER, DuesChannel.ONLINE, DuesChannel.PAYROLL];

/**
 * A year of dues for the first county, up to today: every member declared twelve months ago (or
 * from the month they became probationary); most pay each month within the month, about one in ten
 * pays a quarter at a time after it ends, one in fifty is a month or two behind, and two members have
 * paid nothing for the last eight months (flagged: art. 9). One member in hardship is exempted for
 * three months by the township committee. Each branch posted its dues account for the last quarter
 * that ended. One township has the module off, as a locality may.
 */
export async function seedDues(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const policy = duesPolicy(ctx.policy);
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const [countyRow] = await tx.query(`SELECT path FROM org_unit WHERE id = $1`, [county]);
  const townships: { id: number; path: string }[] = await tx.query(
    `SELECT id, path FROM org_unit WHERE id = ANY($1) AND path LIKE $2 || '%' ORDER BY path`,
    [tree.townshipIds, countyRow.path],
  );
  const optedOut = townships[Math.min(1, townships.length - 1)];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const members: { id: number; branch_id: number; category: MemberCategory; joined_on: LocalDate; township: number }[] =
    await tx.query(
      `SELECT m.id, m.branch_id, m.category, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on,
              (SELECT t.id FROM org_unit t WHERE t.id = ANY($4) AND u.path LIKE t.path || '%' LIMIT 1) AS township
       FROM member m JOIN org_unit u ON u.id = m.branch_id
       WHERE u.path LIKE $1 || '%' AND u.path NOT LIKE $2 || '%' AND m.departed_on IS NULL AND m.joined_on <= $3::date
       ORDER BY m.id`,
      [countyRow.path, optedOut.path, today, tree.townshipIds],
    );
  const current = monthOf(today);
  const start = shiftMonth(current, -11);
  // The last quarter that has ended, for the disclosures.
  const q = Number(current.slice(5, 7)) - 1;
  const quarterEnd = shiftMonth(current, -(q % 3) - 1);
  const quarterStart = shiftMonth(quarterEnd, -2);
  const recordedAt = new Date(`${today}T12:00:00+08:00`);
  const declarations: unknown[][] = [];
  const payments: unknown[][] = [];
  const reductions: unknown[][] = [];
  const byBranch = new Map<number, { due: bigint; paid: bigint; owing: Set<number> }>();
  let [declId, payId] = [await maxId(tx, 'pd_declaration'), await maxId(tx, 'pd_payment')];
  const behind = new Set([members[3]?.id, members[Math.floor(members.length / 2)]?.id]);
  const exempted = members[7];
  members.forEach((m) => {
    const from = monthOf(m.joined_on) > start ? monthOf(m.joined_on) : start;
    const basis = defaultBasis(m.category);
    const income =
      basis === DuesBasis.SALARY
        ? r.int(1500, 15000) * 100
        : basis === DuesBasis.PENSION
          ? r.int(2500, 7000) * 100
          : null;
    const { dueFen, basisPoints } = assess(policy, basis, income);
    declId += 1;
    declarations.push([declId, m.id, m.branch_id, from, basis, m.category, income, basisPoints, dueFen, recordedAt]);
    const waived = m === exempted ? [shiftMonth(current, -5), shiftMonth(current, -3)] : null;
    if (waived)
      reductions.push([
        m.id,
        m.branch_id,
        waived[0],
        waived[1],
        0,
        '因病生活困难',
        m.township ?? county,
        plusDays(waived[0], 3),
        recordedAt,
      ]);
    const x = r.next();
    const style = behind.has(m.id) ? 'behind' : x < 0.1 ? 'quarterly' : x < 0.12 ? 'late' : 'monthly';
    const channel = CHANNELS[r.int(0, CHANNELS.length - 1)];
    const totals = byBranch.get(m.branch_id) ?? { due: 0n, paid: 0n, owing: new Set<number>() };
    byBranch.set(m.branch_id, totals);
    for (let month = from; month <= current; month = shiftMonth(month, 1)) {
      const due = waived && month >= waived[0] && month <= waived[1] ? 0 : dueFen;
      let paidOn: LocalDate | null = null;
      if (style === 'monthly') paidOn = plusDays(month, r.int(0, 24));
      else if (style === 'quarterly') {
        const qm = Number(month.slice(5, 7)) - 1;
        paidOn = plusDays(shiftMonth(month, 3 - (qm % 3)), r.int(0, 9));
      } else if (style === 'late') paidOn = plusDays(shiftMonth(month, r.int(1, 2)), r.int(0, 20));
      else if (month < shiftMonth(current, -7)) paidOn = plusDays(month, r.int(0, 24));
      if (due === 0 || !paidOn || paidOn > today) paidOn = null;
      if (month >= quarterStart && month <= quarterEnd) {
        totals.due += BigInt(due);
        if (paidOn && paidOn <= plusDays(shiftMonth(quarterEnd, 1), 9)) totals.paid += BigInt(due);
        else if (due > 0) totals.owing.add(m.id);
      }
      if (!paidOn) continue;
      payId += 1;
      payments.push([payId, m.id, m.branch_id, month, due, paidOn, channel, recordedAt]);
    }
  });
  await bulkInsert(
    tx,
    'pd_declaration',
    [
      ['id', 'int'],
      ['member_id', 'int'],
      ['unit_id', 'int'],
      ['effective_month', 'date'],
      ['basis', 'text'],
      ['category', 'text'],
      ['income_fen', 'bigint'],
      ['basis_points', 'int'],
      ['due_fen', 'int'],
      ['declared_at', 'timestamptz'],
    ],
    declarations,
  );
  await bulkInsert(
    tx,
    'pd_payment',
    [
      ['id', 'int'],
      ['member_id', 'int'],
      ['unit_id', 'int'],
      ['month', 'date'],
      ['amount_fen', 'int'],
      ['paid_on', 'date'],
      ['channel', 'text'],
      ['recorded_at', 'timestamptz'],
    ],
    payments,
  );
  await bulkInsert(
    tx,
    'pd_reduction',
    [
      ['member_id', 'int'],
      ['unit_id', 'int'],
      ['from_month', 'date'],
      ['to_month', 'date'],
      ['due_fen', 'int'],
      ['reason', 'text'],
      ['approved_by', 'int'],
      ['approved_on', 'date'],
      ['recorded_at', 'timestamptz'],
    ],
    reductions,
  );
  const published = plusDays(shiftMonth(quarterEnd, 1), 10);
  if (published <= today)
    await bulkInsert(
      tx,
      'pd_disclosure',
      [
        ['unit_id', 'int'],
        ['from_month', 'date'],
        ['to_month', 'date'],
        ['published_on', 'date'],
        ['due_fen', 'bigint'],
        ['paid_fen', 'bigint'],
        ['members_owing', 'int'],
        ['published_at', 'timestamptz'],
      ],
      [...byBranch].map(([unit, t]) => [
        unit,
        quarterStart,
        quarterEnd,
        published,
        t.due.toString(),
        t.paid.toString(),
        t.owing.size,
        recordedAt,
      ]),
    );
  for (const table of ['pd_declaration', 'pd_payment'])
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );
  ctx.log.info({ declarations: declarations.length, payments: payments.length }, 'party-dues demo');
}
