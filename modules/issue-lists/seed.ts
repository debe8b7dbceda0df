import { bulkInsert, maxId, plusDays, type SeedContext } from '#module-kit';
import { IssueCategory, IssueSource } from './enums';
import { MODULE } from './services';

const PROBLEMS: [string, IssueCategory][] = [
  ['村道路灯损坏，夜间出行不便', IssueCategory.INFRASTRUCTURE],
  ['饮水管道老化漏水', IssueCategory.INFRASTRUCTURE],
  ['宅基地边界纠纷', IssueCategory.DISPUTE],
  ['土地承包合同到期续签争议', IssueCategory.DISPUTE],
  ['低保评议有群众提出异议', IssueCategory.POLICY_IMPLEMENTATION],
  ['危房改造补助发放进度慢', IssueCategory.POLICY_IMPLEMENTATION],
  ['留守老人就医不便', IssueCategory.LIVELIHOOD],
  ['农产品销路不畅', IssueCategory.LIVELIHOOD],
  ['党员组织生活参加率低', IssueCategory.PARTY_BUILDING],
  ['支部会议记录不规范', IssueCategory.PARTY_BUILDING],
];
const SOURCES = [IssueSource.VISIT_OR_PETITION, IssueSource.SUGGESTION, IssueSource.HOTLINE, IssueSource.OTHER];

/**
 * Issues over the last 90 days for the first county, less one township that has not switched the
 * module on: most solved at station or village level, some escalated to the township and a few to
 * the county, some overdue, and two unannounced inspections with findings, one village marked for
 * key rectification.
 */
export async function seedIssueLists(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree, today } = ctx;
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const units: { id: number; kind: string; parent_id: number | null; path: string }[] = await tx.query(
    `SELECT id, kind, parent_id, path FROM org_unit WHERE dissolved_on IS NULL`,
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const countyPath = byId.get(county)!.path;
  const townships = units.filter((u) => tree.townshipIds.includes(u.id) && u.path.startsWith(countyPath));
  const optedOut = townships[townships.length - 2];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const active = (u: { path: string }) => u.path.startsWith(countyPath) && !u.path.startsWith(optedOut.path);
  const villages = units.filter((u) => tree.grassrootsBranchIds.includes(u.id) && active(u));
  const stations = units.filter((u) => tree.stationIds.includes(u.id) && active(u));
  const at = (day: string, hour: number) =>
    `${day} ${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00`;

  const issues: unknown[][] = [];
  const events: unknown[][] = [];
  const inspections: unknown[][] = [];
  let id = await maxId(tx, 'il_issue');
  const inspectionBase = await maxId(tx, 'il_inspection');
  const add = (
    raised: { id: number; parent_id: number | null },
    o: {
      source?: IssueSource;
      inspectionId?: number;
      raisedBy?: number;
      title?: [string, IssueCategory];
      forceOpen?: boolean;
    } = {},
  ) => {
    id++;
    const [title, category] = o.title ?? r.pick(PROBLEMS);
    const raisedOn = plusDays(today, -r.int(3, 90));
    const fate = o.forceOpen
      ? 'IN_PROGRESS'
      : r.weighted([
          ['CLOSED', 47],
          ['ESCALATED_CLOSED', 12],
          ['ESCALATED_COUNTY', 3],
          ['RESOLVED', 15],
          ['IN_PROGRESS', 13],
          ['ASSIGNED', 7],
          ['OPEN', 3],
        ] as const);
    const deadline = plusDays(raisedOn, r.int(10, 45));
    const log = (
      kind: string,
      from: string | null,
      to: string,
      day: string,
      fromUnit: number | null = null,
      toUnit: number | null = null,
      note: string | null = null,
    ) => events.push([id, at(day, r.int(9, 17)), kind, from, to, fromUnit, toUnit, note]);
    let handling = raised.id;
    log('RAISED', null, 'OPEN', raisedOn, null, handling);
    let status = 'OPEN';
    let resolvedAt: string | null = null;
    let resolvedUnit: number | null = null;
    let closedAt: string | null = null;
    let day = raisedOn;
    const next = (min: number, max: number) => {
      const d = plusDays(day, r.int(min, max));
      day = d > today ? today : d;
      return day;
    };
    if (fate.startsWith('ESCALATED')) {
      const up = byId.get(handling)!.parent_id!;
      const upper = byId.get(up)!.kind === 'WORK_STATION' ? byId.get(up)!.parent_id! : up;
      log('ESCALATED', 'OPEN', 'OPEN', next(1, 5), handling, upper, '本级无法解决，需上级协调');
      handling = upper;
      if (fate === 'ESCALATED_COUNTY') {
        log('ESCALATED', 'OPEN', 'OPEN', next(1, 5), handling, county, '涉及跨镇协调');
        handling = county;
      }
    }
    if (fate !== 'OPEN' && fate !== 'ESCALATED_COUNTY') {
      log('ASSIGNED', 'OPEN', 'ASSIGNED', next(0, 3));
      status = 'ASSIGNED';
    }
    if (['CLOSED', 'ESCALATED_CLOSED', 'RESOLVED', 'IN_PROGRESS'].includes(fate)) {
      log('STARTED', 'ASSIGNED', 'IN_PROGRESS', next(0, 3));
      status = 'IN_PROGRESS';
    }
    if (['CLOSED', 'ESCALATED_CLOSED', 'RESOLVED'].includes(fate)) {
      resolvedAt = at(next(2, 20), 16);
      resolvedUnit = handling;
      log('RESOLVED', 'IN_PROGRESS', 'RESOLVED', day);
      status = 'RESOLVED';
    }
    if (fate === 'CLOSED' || fate === 'ESCALATED_CLOSED') {
      closedAt = at(next(1, 6), 10);
      log('CLOSED', 'RESOLVED', 'CLOSED', day, null, null, '经核实已解决，同意销号');
      status = 'CLOSED';
    }
    const assigned = status !== 'OPEN';
    issues.push([
      id,
      title,
      category,
      o.source ?? r.pick(SOURCES),
      raised.id,
      raisedOn,
      handling,
      assigned ? handling : null,
      assigned ? '村（社区）党组织书记' : null,
      deadline,
      status,
      resolvedAt,
      resolvedUnit,
      closedAt,
      o.inspectionId ?? null,
    ]);
  };

  // The demo keeps a readable list; the city size (benchmarks) holds tens of thousands over all counties.
  const count = ctx.size === 'city' ? villages.length * 8 : Math.min(150, villages.length * 2);
  for (let i = 0; i < count; i++) add(r.chance(0.75) ? r.pick(villages) : r.pick(stations));
  // Two unannounced inspections by a township of one of its villages, with findings to rectify.
  const inspected = villages.slice(0, 2);
  inspected.forEach((v, k) => {
    const station = byId.get(v.parent_id!)!;
    const township = byId.get(station.parent_id!)!;
    inspections.push([
      inspectionBase + k + 1,
      v.id,
      township.id,
      plusDays(today, -20 - 10 * k),
      ['组织委员', '纪委委员'],
      true,
      '对照党建工作清单随机检查',
      k === 0 ? '已当面反馈检查情况' : null,
      k === 0 ? plusDays(today, -18) : null,
    ]);
    for (const finding of [PROBLEMS[8], PROBLEMS[9], PROBLEMS[4]].slice(0, k === 0 ? 3 : 2))
      add(
        { id: township.id, parent_id: township.parent_id },
        { source: IssueSource.INSPECTION, inspectionId: inspectionBase + k + 1, title: finding, forceOpen: k === 0 },
      );
  });
  // Findings belong to the inspected village: handled and owned there.
  for (const row of issues.filter((x) => x[14] !== null)) {
    const village = inspected[(row[14] as number) - inspectionBase - 1].id;
    row[6] = village;
    row[7] = village;
  }
  // Array columns cannot go through unnest (it flattens nested arrays); there are only a few.
  for (const row of inspections) {
    await tx.query(
      `INSERT INTO il_inspection (id, unit_id, by_unit_id, inspected_on, inspectors, unannounced, summary, feedback, feedback_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      row,
    );
  }
  await bulkInsert(
    tx,
    'il_issue',
    [
      ['id', 'int'],
      ['title', 'text'],
      ['category', 'text'],
      ['source', 'text'],
      ['raised_unit_id', 'int'],
      ['raised_on', 'date'],
      ['handling_unit_id', 'int'],
      ['responsible_unit_id', 'int'],
      ['responsible_person', 'text'],
      ['deadline', 'date'],
      ['status', 'text'],
      ['resolved_at', 'timestamptz'],
      ['resolved_unit_id', 'int'],
      ['closed_at', 'timestamptz'],
      ['inspection_id', 'int'],
    ],
    issues,
  );
  await bulkInsert(
    tx,
    'il_issue_event',
    [
      ['issue_id', 'int'],
      ['at', 'timestamptz'],
      ['kind', 'text'],
      ['from_status', 'text'],
      ['to_status', 'text'],
      ['from_unit_id', 'int'],
      ['to_unit_id', 'int'],
      ['note', 'text'],
    ],
    events,
  );
  await tx.query(
    `INSERT INTO il_key_rectification (unit_id, marked_on, reason) VALUES ($1, $2, '随机督导发现组织生活不规范，列为重点整改村')`,
    [inspected[0].id, plusDays(today, -18)],
  );
  for (const table of ['il_issue', 'il_inspection'])
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );
  ctx.log.info(
    { issues: issues.length, events: events.length, inspections: inspections.length },
    'issue lists demo data',
  );
}
