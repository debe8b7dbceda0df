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

/** The columns of an issue's events, as the seed writes them (the year's own and those finishing an earlier year's). */
const EVENT_COLUMNS: [string, string][] = [
  ['issue_id', 'int'],
  ['at', 'timestamptz'],
  ['kind', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['from_unit_id', 'int'],
  ['to_unit_id', 'int'],
  ['note', 'text'],
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
  const units: { id: number; kind: string; parent_id: number | null; path: string; sector: string | null }[] =
    await tx.query(`SELECT id, kind, parent_id, path, sector FROM org_unit WHERE dissolved_on IS NULL`);
  const agencies = new Set(units.filter((u) => u.sector === 'GOVERNMENT_AGENCY').map((u) => u.id));
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
  await closeEarlierYears(ctx, countyPath);

  /** Demo data added after the first version draw from a stream of their own (see `stream`). */
  const extra = stream(20261125);
  const issues: unknown[][] = [];
  const events: unknown[][] = [];
  const inspections: unknown[][] = [];
  const marks: [number, string, string, string | null][] = [];
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
      // Level by level (逐级上交): a village hands it to its station first, the station to the township.
      // (The station's hop draws from its own random stream, so the other modules' demo data stay as they were.)
      if (upper !== up) {
        day = plusDays(day, extra.int(0, 1));
        events.push([id, `${day} 15:00:00`, 'ESCALATED', 'OPEN', 'OPEN', handling, up, '本村无法解决，提交工作站协调']);
        handling = up;
      }
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

  /**
   * Four-level linkage beyond the township, and inspections across the county:
   * - issues villages could not solve, handed up level by level to the county, which gives them to
   *   one of its departments' branches: solved there on the county's list (COUNTY level), most
   *   crossed off, two awaiting confirmation; and two the county solved itself;
   * - issues a station solved for its village (STATION_VILLAGE level, the station's list);
   * - an unannounced inspection round over about a third of the villages and most townships, some
   *   with findings; three villages marked for key rectification, one of them since unmarked.
   */
  function moreDemoData() {
    const departments = units.filter((u) => u.parent_id === county && u.kind === 'BRANCH' && agencies.has(u.id));
    const hour = (day: string, h: number) =>
      `${day} ${String(h).padStart(2, '0')}:${String(extra.int(0, 59)).padStart(2, '0')}:00`;
    const flow = (
      raised: { id: number; parent_id: number | null },
      o: {
        toCounty?: boolean;
        department?: number | null;
        stationSolves?: boolean;
        close: boolean;
        title?: [string, IssueCategory];
      },
    ) => {
      id++;
      const [title, category] = o.title ?? extra.pick(PROBLEMS);
      let day = plusDays(today, -extra.int(30, 80));
      const raisedOn = day;
      const step = (min: number, max: number) => {
        day = plusDays(day, extra.int(min, max));
        if (day > today) day = today;
        return day;
      };
      const ev = (
        kind: string,
        from: string | null,
        to: string,
        fromUnit: number | null,
        toUnit: number | null,
        note: string | null = null,
      ) => events.push([id, hour(day, extra.int(9, 17)), kind, from, to, fromUnit, toUnit, note]);
      let handling = raised.id;
      ev('RAISED', null, 'OPEN', null, handling);
      // Up level by level: village → station → township → county.
      const chain: number[] = [];
      for (let u = byId.get(raised.id)!.parent_id; u !== null && chain.length < 3; u = byId.get(u)!.parent_id) {
        chain.push(u);
        if (u === county) break;
      }
      const hops = o.stationSolves ? chain.slice(0, 1) : o.toCounty ? chain : [];
      for (const to of hops) {
        step(1, 4);
        ev(
          'ESCALATED',
          'OPEN',
          'OPEN',
          handling,
          to,
          to === county ? '涉及县直部门职能，需县级协调' : '本级无法解决，需上级协调',
        );
        handling = to;
      }
      if (o.department) {
        step(1, 3);
        ev('DEESCALATED', 'OPEN', 'OPEN', handling, o.department, '由县直主管部门牵头办理');
        handling = o.department;
      }
      step(0, 2);
      ev('ASSIGNED', 'OPEN', 'ASSIGNED', null, null);
      step(0, 2);
      ev('STARTED', 'ASSIGNED', 'IN_PROGRESS', null, null);
      step(3, 15);
      const resolvedAt = hour(day, 16);
      ev('RESOLVED', 'IN_PROGRESS', 'RESOLVED', null, null);
      let closedAt: string | null = null;
      if (o.close) {
        step(1, 5);
        closedAt = hour(day, 10);
        ev('CLOSED', 'RESOLVED', 'CLOSED', null, null, '经核实已解决，同意销号');
      }
      issues.push([
        id,
        title,
        category,
        extra.pick(SOURCES),
        raised.id,
        raisedOn,
        handling,
        handling,
        o.department ? '县直部门党支部书记' : '工作站站长',
        plusDays(raisedOn, 45),
        closedAt ? 'CLOSED' : 'RESOLVED',
        resolvedAt,
        handling,
        closedAt,
        null,
      ]);
    };
    const stationVillages = villages.filter((v) => byId.get(v.parent_id!)?.kind === 'WORK_STATION');
    if (departments.length) {
      for (let k = 0; k < 6; k++)
        flow(extra.pick(stationVillages), { toCounty: true, department: extra.pick(departments).id, close: k < 4 });
    }
    for (let k = 0; k < 2; k++) flow(extra.pick(stationVillages), { toCounty: true, close: true });
    for (let k = 0; k < 4; k++) flow(extra.pick(stationVillages), { stationSolves: true, close: k < 3 });

    // An inspection round: about a third of the villages, unannounced, by their township or by the county.
    let inspectionId = inspectionBase + inspections.length;
    for (const v of villages.slice(2)) {
      if (!extra.chance(0.33)) continue;
      const township = byId.get(
        byId.get(v.parent_id!)!.kind === 'WORK_STATION' ? byId.get(v.parent_id!)!.parent_id! : v.parent_id!,
      )!;
      const byCounty = extra.chance(0.3);
      const inspectedOn = plusDays(today, -extra.int(5, 85));
      inspectionId++;
      inspections.push([
        inspectionId,
        v.id,
        byCounty ? county : township.id,
        inspectedOn,
        byCounty ? ['县委组织部', '县纪委监委'] : ['组织委员'],
        extra.chance(0.9),
        '对照党建工作清单随机检查',
        '已当面反馈检查情况',
        inspectedOn,
      ]);
      if (!extra.chance(0.4)) continue;
      // One finding, rectified by the village by its deadline or still open.
      id++;
      const [title, category] = extra.pick([PROBLEMS[8], PROBLEMS[9], PROBLEMS[4]]);
      const done = extra.chance(0.6);
      const resolvedDay = plusDays(inspectedOn, extra.int(3, 10));
      const fixed = done && resolvedDay <= today;
      events.push([id, `${inspectedOn} 11:00:00`, 'RAISED', null, 'ASSIGNED', null, v.id, null]);
      if (fixed) {
        events.push([id, `${resolvedDay} 16:00:00`, 'STARTED', 'ASSIGNED', 'IN_PROGRESS', null, null, null]);
        events.push([id, `${resolvedDay} 16:30:00`, 'RESOLVED', 'IN_PROGRESS', 'RESOLVED', null, null, '已整改']);
      }
      issues.push([
        id,
        title,
        category,
        IssueSource.INSPECTION,
        byCounty ? county : township.id,
        inspectedOn,
        v.id,
        v.id,
        '村（社区）党组织书记',
        plusDays(inspectedOn, 14),
        fixed ? 'RESOLVED' : 'ASSIGNED',
        fixed ? `${resolvedDay} 16:30:00` : null,
        fixed ? v.id : null,
        null,
        inspectionId,
      ]);
    }
    // Key rectification: two more villages marked from the round, and one marked earlier and unmarked since.
    const inspectedVillages = inspections.slice(2).map((row) => row[1] as number);
    for (const unitId of inspectedVillages.slice(0, 2))
      marks.push([unitId, plusDays(today, -extra.int(3, 30)), '随机督导发现问题较多，列为重点整改村', null]);
    if (inspectedVillages[2] !== undefined)
      marks.push([inspectedVillages[2], plusDays(today, -80), '软弱涣散，列为重点整改村', plusDays(today, -20)]);
  }
  // Findings belong to the inspected village (above); what follows adds to the first version's data.
  moreDemoData();
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
  await bulkInsert(tx, 'il_issue_event', EVENT_COLUMNS, events);
  await tx.query(
    `INSERT INTO il_key_rectification (unit_id, marked_on, reason) VALUES ($1, $2, '随机督导发现组织生活不规范，列为重点整改村')`,
    [inspected[0].id, plusDays(today, -18)],
  );
  for (const [unitId, markedOn, reason, unmarkedOn] of marks)
    await tx.query(
      `INSERT INTO il_key_rectification (unit_id, marked_on, reason, unmarked_on) VALUES ($1, $2, $3, $4)`,
      [unitId, markedOn, reason, unmarkedOn],
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

/**
 * Replaying history (`seedDemo`'s `historyYears`), what an earlier year left unfinished in the county is
 * seen through first, as the workflow would: each issue not crossed off takes its remaining steps
 * (assigned to its handling unit, started, solved there, crossed off) a few days to weeks after its
 * last one; then each village still marked for key rectification is unmarked, its findings being
 * closed (the rule `unmark` enforces), a little after the last of them — else a mark left open clashes
 * with the same village's mark this year (il_key_rectification_open_key). The one-year demo has none,
 * so its random draws are unchanged.
 */
async function closeEarlierYears(ctx: SeedContext, countyPath: string): Promise<void> {
  const { tx, random: r, today } = ctx;
  const open: { id: number; status: string; handling_unit_id: number; last_on: string }[] = await tx.query(
    `SELECT i.id, i.status, i.handling_unit_id,
       (SELECT max(e.at) FROM il_issue_event e WHERE e.issue_id = i.id)::date::text AS last_on
     FROM il_issue i JOIN org_unit u ON u.id = i.raised_unit_id
     WHERE i.status <> 'CLOSED' AND u.path LIKE $1 || '%'
     ORDER BY i.id`,
    [countyPath],
  );
  const STEPS: [string, string, string][] = [
    ['OPEN', 'ASSIGNED', 'ASSIGNED'],
    ['ASSIGNED', 'STARTED', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'RESOLVED', 'RESOLVED'],
    ['RESOLVED', 'CLOSED', 'CLOSED'],
  ];
  const events: unknown[][] = [];
  const closed: unknown[][] = [];
  for (const issue of open) {
    let day = issue.last_on;
    let resolvedAt: string | null = null;
    let closedAt = '';
    for (const [from, kind, to] of STEPS.slice(STEPS.findIndex(([f]) => f === issue.status))) {
      day = plusDays(day, kind === 'RESOLVED' ? r.int(3, 20) : r.int(1, 6));
      if (day > today) day = today;
      const at = `${day} ${kind === 'CLOSED' ? 10 : 16}:${String(r.int(0, 59)).padStart(2, '0')}:00`;
      const note = kind === 'CLOSED' ? '经核实已解决，同意销号' : null;
      events.push([issue.id, at, kind, from, to, null, null, note]);
      if (kind === 'RESOLVED') resolvedAt = at;
      closedAt = at;
    }
    closed.push([issue.id, resolvedAt, closedAt]);
  }
  if (closed.length) {
    await bulkInsert(tx, 'il_issue_event', EVENT_COLUMNS, events);
    // Solved by the unit handling it (those never assigned are assigned to it); already solved keep their report.
    await tx.query(
      `UPDATE il_issue i SET status = 'CLOSED', closed_at = c.closed_at, version = i.version + 1,
         responsible_unit_id = coalesce(i.responsible_unit_id, i.handling_unit_id),
         resolved_at = coalesce(i.resolved_at, c.resolved_at), resolved_unit_id = coalesce(i.resolved_unit_id, i.handling_unit_id)
       FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS c(id, resolved_at, closed_at) WHERE i.id = c.id`,
      [closed.map((c) => c[0]), closed.map((c) => c[1]), closed.map((c) => c[2])],
    );
  }
  const marks: { id: number; marked_on: string; findings_closed_on: string | null }[] = await tx.query(
    `SELECT k.id, k.marked_on::text,
       (SELECT max(i.closed_at)::date FROM il_issue i JOIN il_inspection s ON s.id = i.inspection_id WHERE s.unit_id = k.unit_id)::text AS findings_closed_on
     FROM il_key_rectification k JOIN org_unit u ON u.id = k.unit_id
     WHERE k.unmarked_on IS NULL AND u.path LIKE $1 || '%'
     ORDER BY k.id`,
    [countyPath],
  );
  for (const m of marks) {
    const since = m.findings_closed_on && m.findings_closed_on > m.marked_on ? m.findings_closed_on : m.marked_on;
    const on = plusDays(since, r.int(3, 30));
    await tx.query(`UPDATE il_key_rectification SET unmarked_on = $2 WHERE id = $1`, [m.id, on > today ? today : on]);
  }
}

/** A deterministic random stream of its own (mulberry32), for demo data added after the first version. */
function stream(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
