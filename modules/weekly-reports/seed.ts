import { bulkInsert, maxId, type SeedContext } from '#module-kit';
import { ItemCategory, Outcome } from './enums';
import { MODULE } from './services';
import { DueDays } from './services/calendar';
import { weeklyReportsPolicy } from './services/policy';
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
const RETURN_REASONS = ['请补充事项完成情况说明', '未完成事项请写明原因和下步措施', '其他工作内容过于笼统，请具体填写'];
const NO_WORK_REASON = '节假日放假，本周未开展新的工作';

type PlanFate = 'ON_TIME' | 'LATE' | 'MISSING' | 'DRAFT';
type ReportFate = 'ON_TIME' | 'LATE' | 'MISSING' | 'RETURNED_RESUBMITTED' | 'RETURNED';

/**
 * Twelve weeks of plans and reports for the localities that switched the module on: the first
 * county, less its last township (which opted out, as a real township may). Deadlines are those the
 * API judges by: the policy's weekdays moved by the working-day calendar (the demo's weeks before a
 * late-November "today" cross the Mid-Autumn Festival and National Day). Timeliness is skewed as
 * townships see it: most plans and reports on time, some late, a few missing; a few plans left as
 * drafts; a few reports returned, some resubmitted (after the deadline: late) and some never
 * (missing); reports of holiday weeks that say "nothing this week" with a reason. Reports go to the
 * parent a unit had on the week's due day, so the village moved six weeks ago reports to its old
 * station before the move.
 */
export async function seedWeeklyReports(ctx: SeedContext): Promise<void> {
  const { tx, random: r, tree } = ctx;
  const due = new DueDays(weeklyReportsPolicy(ctx.policy));
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
  /** Weeks with a working weekday given off by the calendar (a holiday week). */
  const holidayWeek = (week: string) => [0, 1, 2, 3, 4].some((d) => !due.calendar.isWorkingDay(plusDays(week, d)));

  const stations = units.filter((u) => tree.stationIds.includes(u.id) && active(u));
  const villages = units.filter((u) => tree.grassrootsBranchIds.includes(u.id) && active(u));
  const at = (day: string, hour: number) =>
    `${day} ${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00`;
  /** Every instant written lies before today (the demo is dated from the clock). */
  const past = (day: string) => day < ctx.today;

  const plans: unknown[][] = [];
  const items: unknown[][] = [];
  /** Items of the issued plans, by issuer and week: what the units below answer. */
  const itemsByPlan = new Map<string, number[]>();
  let planId = await maxId(tx, 'wr_work_plan');
  let itemId = await maxId(tx, 'wr_plan_item');
  for (const week of weeks) {
    const planDay = due.planDay(week);
    const addPlan = (
      unitId: number,
      hour: number,
      picks: [string, ItemCategory][],
      fate: PlanFate,
      copiedFrom: number[] = [],
    ) => {
      if (fate === 'MISSING') return [];
      planId++;
      const issued = fate === 'DRAFT' ? null : at(fate === 'LATE' ? plusDays(planDay, 1) : planDay, hour);
      plans.push([planId, unitId, week, issued ? 'ISSUED' : 'DRAFT', issued]);
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
      if (issued) itemsByPlan.set(`${unitId}:${week}`, ids);
      return issued ? ids : [];
    };
    const planFate = (): PlanFate =>
      r.weighted([
        ['ON_TIME', 86],
        ['LATE', 9],
        ['MISSING', 3],
        ['DRAFT', 2],
      ] as const);
    for (const t of townships.filter(active)) {
      const picks = [...TOWNSHIP_ITEMS].sort(() => r.next() - 0.5).slice(0, r.int(3, 4));
      const townshipFate = planFate();
      const townshipItems = addPlan(t.id, 9, picks, townshipFate);
      for (const s of stations.filter((s) => s.parent_id === t.id)) {
        const fate = planFate();
        // A station copies its township's items once they are issued: the township's 09:00 comes before the
        // station's 15:00 of the same day, so not when the township issued late and the station on time.
        const copies = townshipFate === 'ON_TIME' || (townshipFate === 'LATE' && fate === 'LATE');
        addPlan(s.id, 15, [r.pick(STATION_ITEMS)], fate, copies ? townshipItems : []);
      }
    }
  }

  const reports: unknown[][] = [];
  const answers: unknown[][] = [];
  const entries: unknown[][] = [];
  let reportId = await maxId(tx, 'wr_weekly_report');
  for (const week of weeks) {
    const dueDay = due.reportDay(week);
    const holiday = holidayWeek(week);
    for (const u of [...villages, ...stations]) {
      const parent = parentOn(u.id, dueDay);
      if (parent === null) continue;
      const planItems = itemsByPlan.get(`${parent}:${week}`) ?? [];
      let fate: ReportFate = r.weighted([
        ['ON_TIME', 78],
        ['LATE', 9],
        ['MISSING', 7],
        ['RETURNED_RESUBMITTED', 3],
        ['RETURNED', 3],
      ] as const);
      if (fate === 'MISSING') continue;
      const dayBefore = plusDays(dueDay, -1) >= week ? plusDays(dueDay, -1) : dueDay;
      let first = at(r.chance(0.6) ? dueDay : dayBefore, r.int(9, 20));
      let latest = first;
      let returned: string | null = null;
      if (fate === 'LATE') {
        const day = plusDays(dueDay, r.chance(0.5) ? 1 : 3);
        first = latest = at(past(day) ? day : plusDays(dueDay, 1), r.int(9, 17));
      } else if (fate === 'RETURNED_RESUBMITTED' || fate === 'RETURNED') {
        // Returned for changes: before the deadline and resubmitted in time, or after it.
        const early = fate === 'RETURNED_RESUBMITTED' && r.chance(0.5) && plusDays(dueDay, -2) >= week;
        const [sent, back, again] = early
          ? [plusDays(dueDay, -2), plusDays(dueDay, -1), dueDay]
          : [dueDay, plusDays(dueDay, 1), plusDays(dueDay, 3)];
        first = latest = at(sent, 10);
        if (!past(back)) fate = 'ON_TIME';
        else {
          returned = at(back, 16);
          if (fate === 'RETURNED_RESUBMITTED') {
            if (past(again)) latest = at(again, 11);
            else fate = 'RETURNED';
          }
        }
      }
      // A week whose deadline is still ahead (a moved deadline) has only what was sent before today.
      if (!past(first.slice(0, 10))) continue;
      const reported = fate !== 'RETURNED';
      const lastDay = latest.slice(0, 10);
      const acceptOn = plusDays(lastDay, 2);
      const accepted = reported && past(acceptOn) && (week < plusDays(thisMonday, -7) || r.chance(0.5));
      const nothing = holiday && r.chance(0.25);
      let doneSome = false;
      const mine: unknown[][] = planItems.map((item) => {
        const outcome = nothing
          ? Outcome.NOT_DONE
          : r.weighted([
              [Outcome.DONE, 75],
              [Outcome.PARTLY_DONE, 17],
              [Outcome.NOT_DONE, 8],
            ] as const);
        doneSome ||= outcome !== Outcome.NOT_DONE;
        return [
          item,
          outcome,
          outcome === Outcome.DONE ? null : nothing ? '节日放假，未开展' : '受天气和人员外出影响，下周继续推进',
        ];
      });
      // A report says something: work done (an item done or partly done, or other work), or "nothing this week".
      const otherWork = !nothing && (r.chance(0.6) || !doneSome);
      reportId++;
      reports.push([
        reportId,
        u.id,
        week,
        !reported ? 'DRAFT' : accepted ? 'ACCEPTED' : 'SUBMITTED',
        first,
        latest,
        returned,
        returned ? r.pick(RETURN_REASONS) : null,
        accepted ? at(acceptOn, 10) : null,
        nothing ? NO_WORK_REASON : null,
      ]);
      for (const [item, outcome, note] of mine) answers.push([reportId, item, outcome, note]);
      if (otherWork)
        entries.push([reportId, 'OTHER_WORK', 1, doneSome ? '协助做好医保征缴工作' : '日常走访群众', null]);
      if (!nothing && r.chance(0.2)) {
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
      ['returned_at', 'timestamptz'],
      ['return_reason', 'text'],
      ['accepted_at', 'timestamptz'],
      ['no_work_reason', 'text'],
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
