import { bulkInsert, maxId, type SeedContext } from '#module-kit';
import { ItemCategory, Outcome } from './enums';
import { MODULE } from './services';
import { mondayOf, plusDays } from './services/weeks';

const TOWNSHIP_ITEMS: [string, ItemCategory][] = [
  ['召开支部委员会，研究本周重点工作', ItemCategory.ORGANISATIONAL_LIFE],
  ['开展主题党日活动', ItemCategory.ORGANISATIONAL_LIFE],
  ['走访慰问困难党员和群众', ItemCategory.SERVICE],
  ['排查化解矛盾纠纷', ItemCategory.GOVERNANCE],
  ['督促村务公开按时更新', ItemCategory.SUPERVISION],
  ['推进产业项目和集体经济发展', ItemCategory.DEVELOPMENT],
  ['组织党员学习上级文件精神', ItemCategory.PARTY_BUILDING],
  ['开展人居环境整治', ItemCategory.GOVERNANCE],
];
const STATION_ITEMS: [string, ItemCategory][] = [
  ['收集片区社情民意并汇总上报', ItemCategory.SERVICE],
  ['列席村级会议，监督惠农政策落实', ItemCategory.SUPERVISION],
  ['指导村级党组织规范开展三会一课', ItemCategory.ORGANISATIONAL_LIFE],
];
const PROBLEMS: [string, ItemCategory][] = [
  ['部分党员外出务工，组织生活参加率低', ItemCategory.ORGANISATIONAL_LIFE],
  ['村道路灯损坏，群众夜间出行不便', ItemCategory.GOVERNANCE],
  ['低保评议有群众提出异议', ItemCategory.SERVICE],
  ['村集体经济收入来源单一', ItemCategory.DEVELOPMENT],
  ['村务公开栏内容未及时更新', ItemCategory.SUPERVISION],
  ['宅基地边界纠纷两起', ItemCategory.GOVERNANCE],
];

/**
 * Twelve weeks of plans and reports for the localities that switched the module on: the first
 * county, less its last township (which opted out, as a real township may). Timeliness is skewed as
 * townships see it: most on time, some late, a few missing. Reports go to the parent a unit had in
 * that week, so the village moved six weeks ago reports to its old station before the move.
 */
export async function seedWeeklyReports(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree } = ctx;
  const county = tree.countyIds[0];
  await ctx.setModuleEnabled(county, MODULE, true);
  const units: { id: number; kind: string; parent_id: number | null; path: string }[] = await tx.query(
    `SELECT id, kind, parent_id, path FROM org_unit WHERE dissolved_on IS NULL`,
  );
  const countyPath = units.find((u) => u.id === county)!.path;
  const townships = units.filter((u) => tree.townshipIds.includes(u.id) && u.path.startsWith(countyPath));
  const optedOut = townships[townships.length - 1];
  await ctx.setModuleEnabled(optedOut.id, MODULE, false);
  const active = (u: { path: string }) => u.path.startsWith(countyPath) && !u.path.startsWith(optedOut.path);

  const thisMonday = mondayOf(ctx.today);
  const weeks = Array.from({ length: 12 }, (_, i) => plusDays(thisMonday, -7 * (12 - i)));
  const placements: { unit_id: number; parent_id: number; valid_from: string; valid_to: string | null }[] =
    await tx.query(
      `SELECT unit_id, parent_id, valid_from::text, valid_to::text FROM org_unit_placement WHERE parent_id IS NOT NULL`,
    );
  const parentOn = (unitId: number, day: string) =>
    placements.find((p) => p.unit_id === unitId && p.valid_from <= day && (p.valid_to === null || p.valid_to > day))
      ?.parent_id ?? null;

  const stations = units.filter((u) => tree.stationIds.includes(u.id) && active(u));
  const villages = units.filter((u) => tree.grassrootsBranchIds.includes(u.id) && active(u));
  const at = (day: string, hour: number) =>
    `${day} ${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00`;

  const plans: unknown[][] = [];
  const items: unknown[][] = [];
  const itemsByPlan = new Map<string, number[]>();
  let planId = await maxId(tx, 'wr_work_plan');
  let itemId = await maxId(tx, 'wr_plan_item');
  for (const week of weeks) {
    const addPlan = (unitId: number, hour: number, picks: [string, ItemCategory][], copiedFrom: number[] = []) => {
      planId++;
      const late = r.chance(0.1);
      plans.push([planId, unitId, week, 'ISSUED', at(late ? plusDays(week, 1) : week, hour)]);
      const ids: number[] = [];
      copiedFrom.forEach((src, i) => {
        itemId++;
        const [title, category] = items.find((it) => it[0] === src)!.slice(3, 5) as [string, ItemCategory];
        items.push([itemId, planId, i + 1, title, category, src]);
        ids.push(itemId);
      });
      picks.forEach(([title, category], i) => {
        itemId++;
        items.push([itemId, planId, copiedFrom.length + i + 1, title, category, null]);
        ids.push(itemId);
      });
      itemsByPlan.set(`${unitId}:${week}`, ids);
      return ids;
    };
    for (const t of townships.filter(active)) {
      const picks = [...TOWNSHIP_ITEMS].sort(() => r.next() - 0.5).slice(0, r.int(3, 4));
      const townshipItems = addPlan(t.id, 9, picks);
      for (const s of stations.filter((s) => s.parent_id === t.id))
        addPlan(s.id, 15, [r.pick(STATION_ITEMS)], townshipItems);
    }
  }

  const reports: unknown[][] = [];
  const answers: unknown[][] = [];
  const entries: unknown[][] = [];
  let reportId = await maxId(tx, 'wr_weekly_report');
  for (const week of weeks) {
    const friday = plusDays(week, 4);
    for (const u of [...villages, ...stations]) {
      const parent = parentOn(u.id, friday);
      const planItems = parent === null ? undefined : itemsByPlan.get(`${parent}:${week}`);
      if (!planItems) continue;
      const fate = r.weighted([
        ['ON_TIME', 82],
        ['LATE', 10],
        ['MISSING', 8],
      ] as const);
      if (fate === 'MISSING') continue;
      reportId++;
      const submitted =
        fate === 'ON_TIME'
          ? at(r.chance(0.6) ? friday : plusDays(week, 3), r.int(9, 20))
          : at(r.chance(0.5) ? plusDays(week, 5) : plusDays(week, 7), r.int(9, 17));
      const returned = r.chance(0.05);
      const accepted = week < plusDays(thisMonday, -7) || r.chance(0.5);
      reports.push([
        reportId,
        u.id,
        week,
        accepted ? 'ACCEPTED' : 'SUBMITTED',
        submitted,
        returned ? at(plusDays(week, 8), 16) : submitted,
        returned ? '请补充事项完成情况说明' : null,
        accepted ? at(plusDays(week, 9), 10) : null,
      ]);
      for (const item of planItems) {
        const outcome = r.weighted([
          [Outcome.DONE, 75],
          [Outcome.PARTLY_DONE, 17],
          [Outcome.NOT_DONE, 8],
        ] as const);
        answers.push([reportId, item, outcome, outcome === Outcome.DONE ? null : '受天气和人员外出影响，下周继续推进']);
      }
      if (r.chance(0.6)) entries.push([reportId, 'OTHER_WORK', 1, '协助做好医保征缴工作', null]);
      if (r.chance(0.2)) {
        const [text, category] = r.pick(PROBLEMS);
        entries.push([reportId, 'PROBLEM', 1, text, category]);
      }
    }
  }
  await bulkInsert(
    tx,
    'wr_work_plan',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['week', 'date'],
      ['status', 'text'],
      ['issued_at', 'timestamptz'],
    ],
    plans,
  );
  await bulkInsert(
    tx,
    'wr_plan_item',
    [
      ['id', 'int'],
      ['plan_id', 'int'],
      ['position', 'int'],
      ['title', 'text'],
      ['category', 'text'],
      ['copied_from_id', 'int'],
    ],
    items,
  );
  await bulkInsert(
    tx,
    'wr_weekly_report',
    [
      ['id', 'int'],
      ['unit_id', 'int'],
      ['week', 'date'],
      ['status', 'text'],
      ['first_submitted_at', 'timestamptz'],
      ['submitted_at', 'timestamptz'],
      ['return_reason', 'text'],
      ['accepted_at', 'timestamptz'],
    ],
    reports,
  );
  await bulkInsert(
    tx,
    'wr_report_answer',
    [
      ['report_id', 'int'],
      ['item_id', 'int'],
      ['outcome', 'text'],
      ['note', 'text'],
    ],
    answers,
  );
  await bulkInsert(
    tx,
    'wr_report_entry',
    [
      ['report_id', 'int'],
      ['kind', 'text'],
      ['position', 'int'],
      ['text', 'text'],
      ['category', 'text'],
    ],
    entries,
  );
  for (const table of ['wr_work_plan', 'wr_plan_item', 'wr_weekly_report']) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );
  }
  ctx.log.info({ plans: plans.length, reports: reports.length, answers: answers.length }, 'weekly reports demo data');
}
