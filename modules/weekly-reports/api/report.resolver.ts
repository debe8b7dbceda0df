import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  actOf,
  actorOf,
  type Context,
  decodeIntId,
  deny,
  ErrorCode,
  inputId,
  loadNode,
  Node,
  OrgUnit,
  OrgUnitKind,
  Permission,
  portFor,
  refuse,
  requireModule,
  requireUnit,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { ReportAnswer } from '../entities/report-answer.entity';
import { ReportEntry } from '../entities/report-entry.entity';
import { WeeklyReport } from '../entities/weekly-report.entity';
import { ItemCategory, Timeliness } from '../enums';
import { services } from '../services';
import { loadPlanCompletion, loadReportingRates } from '../services/figures';
import { judgedAt } from '../services/timeliness';
import { reportDeadlineOf, timelinessOf } from './deadlines';
import {
  CreateWeeklyReportInput,
  RaiseIssueFromProblemInput,
  ReturnWeeklyReportInput,
  SaveWeeklyReportInput,
  WeeklyReportActionInput,
} from './inputs';
import { ISSUE_CATEGORY, ISSUE_LISTS, type IssueListsPort } from '../services/issue-port';
import type { PlanCompletion, ReportingRate } from './figures.types';
import { VillageSummary, WeeklyReportPayload } from './payloads';
import { coreMessages, WEEKLY_LABELS as WL, WEEKLY_MESSAGES as W } from '../messages';

/** Roles whose grant on a unit lets them act as that unit (analysts and members never do module work). */
const ACTING_ROLES: readonly string[] = ['ADMIN', 'SECRETARY', 'STATION_STAFF'];

/**
 * 逐级上报 (seed 000): a report goes up one level, and only the unit it goes to returns or accepts
 * it. Module work on that unit (`requireUnit`) is not enough, because grants cover subtrees: a
 * township's secretary may work on its stations but does not review a village's report in the
 * station's place, and a county's or the deployment's administrator does not either. The viewer must
 * hold an acting role (ADMIN, SECRETARY, STATION_STAFF) granted on that very unit.
 */
function requireReceivingUnit(ctx: Context, unit: OrgUnit): void {
  if (ctx.access.viewer?.grants.some((g) => g.unitId === unit.id && ACTING_ROLES.includes(g.role))) return;
  deny(ctx, unit, W.levelByLevel({ unit: unit.name }));
}

/** The reporting unit does the writing; the level above (as of that week) returns and accepts. */
async function reportFor(
  ctx: Context,
  tx: EntityManager,
  reportGlobalId: string,
  who: 'reporter' | 'parent',
  version?: number,
) {
  const report = await services(ctx).reports.lock(
    tx,
    inputId(reportGlobalId, 'WeeklyReport', ['input', 'reportId']),
    version,
  );
  const target =
    who === 'reporter' ? report.unitId : await services(ctx).reports.parentDuring(tx, report.unitId, report.week);
  const unit = await requireUnit(ctx, target, Permission.MODULE_WORK);
  // The report's own unit must have the module on too (the parent may be a unit where it is off).
  await requireModule(ctx, report.unitId);
  if (who === 'parent') {
    if (!unit) refuse(ErrorCode.NOT_FOUND, W.noUnitAbove(), ['input', 'reportId']);
    requireReceivingUnit(ctx, unit);
  }
  return report;
}

@Resolver(() => WeeklyReport)
export class WeeklyReportResolver {
  @FieldResolver(() => OrgUnit, { description: '报告单位 — the village, community or work station' })
  unit(@Root() r: WeeklyReport, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(r.unitId);
  }

  @FieldResolver(() => Date, {
    description:
      "上报截止 — the deadline: end of Friday (policy), moved by the working-day calendar when that day is a day off, in the deployment's time zone",
  })
  deadline(@Root() r: WeeklyReport, @Ctx() ctx: Context): Date {
    return reportDeadlineOf(ctx, r.week);
  }

  @FieldResolver(() => Timeliness, {
    description:
      '及时性 — submitted or accepted: on time or late by the submission the level above accepts (by policy, the first); a draft, or returned and not resubmitted: pending before the deadline, missing after it',
  })
  timeliness(@Root() r: WeeklyReport, @Ctx() ctx: Context): Timeliness {
    return timelinessOf(ctx, r, r.week);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      '计时提交 — the submission timeliness is judged on (the latest, under review or accepted; by policy the first); null while not reported (a draft, or returned and not resubmitted)',
  })
  judgedSubmittedAt(@Root() r: WeeklyReport, @Ctx() ctx: Context): Date | null {
    return judgedAt(services(ctx).policy, r);
  }

  @FieldResolver(() => [PlanItem], {
    description: "应答事项 — the items of the level above's plan that this report must answer",
  })
  async planItems(@Root() r: WeeklyReport, @Ctx() ctx: Context): Promise<PlanItem[]> {
    // Batched over every report asked in the request: one statement for the ids, one for the rows.
    // The plan answered is the issued plan of the unit the report goes to (its parent on the due day).
    const deadlines = services(ctx).deadlines;
    const ids = await ctx.loaders
      .get<string, number[]>('wr:planItemIds', async (keys) => {
        const pairs = keys.map((k) => k.split('|'));
        const rows = await ctx.db.query<{ key: string; id: number }[]>(
          `SELECT k.unit_id || '|' || k.week AS key, i.id
           FROM unnest($1::int[], $2::date[], $3::date[]) AS k(unit_id, week, due)
           JOIN org_unit_placement p ON p.unit_id = k.unit_id AND p.valid_from <= k.due AND (p.valid_to IS NULL OR p.valid_to > k.due)
           JOIN wr_work_plan wp ON wp.unit_id = p.parent_id AND wp.week = k.week AND wp.status = 'ISSUED'
           JOIN wr_plan_item i ON i.plan_id = wp.id AND (i.target_unit_ids IS NULL OR k.unit_id = ANY(i.target_unit_ids))
           ORDER BY i.position`,
          [pairs.map((p) => Number(p[0])), pairs.map((p) => p[1]), pairs.map((p) => deadlines.report(p[1]).day)],
        );
        return keys.map((k) => rows.filter((row) => row.key === k).map((row) => row.id));
      })
      .load(`${r.unitId}|${r.week}`);
    const items = await ctx.loaders.byId(PlanItem).loadMany(ids);
    return items.filter((i): i is PlanItem => i instanceof PlanItem);
  }

  @FieldResolver(() => [ReportAnswer], { description: '事项完成情况 — the answers given' })
  answers(@Root() r: WeeklyReport, @Ctx() ctx: Context): Promise<ReportAnswer[]> {
    return ctx.loaders.hasMany(ReportAnswer, 'report_id', (a) => a.reportId).load(r.id);
  }

  private entries(r: WeeklyReport, ctx: Context): Promise<ReportEntry[]> {
    return ctx.loaders
      .hasMany(ReportEntry, 'report_id', (e) => e.reportId, { order: [['position', 'ASC']] })
      .load(r.id);
  }

  @FieldResolver(() => [String], { description: '其他工作 — other work done this week' })
  async otherWork(@Root() r: WeeklyReport, @Ctx() ctx: Context): Promise<string[]> {
    return (await this.entries(r, ctx)).filter((e) => e.kind === 'OTHER_WORK').map((e) => e.text);
  }

  @FieldResolver(() => [ReportEntry], { description: '发现的问题 — problems found this week' })
  async problems(@Root() r: WeeklyReport, @Ctx() ctx: Context): Promise<ReportEntry[]> {
    return (await this.entries(r, ctx)).filter((e) => e.kind === 'PROBLEM');
  }

  @FieldResolver(() => VillageSummary, {
    nullable: true,
    description: "村级上报汇总 — for a work station's report: its villages' reports that week; null for other reports",
  })
  async villageSummary(@Root() r: WeeklyReport, @Ctx() ctx: Context): Promise<VillageSummary | null> {
    const unit = await ctx.loaders.byId(OrgUnit).load(r.unitId);
    if (unit?.kind !== OrgUnitKind.WORK_STATION) return null;
    const policy = services(ctx).policy;
    const range = { from: r.week, to: r.week };
    const weeks = [{ week: r.week, ...services(ctx).deadlines.report(r.week) }];
    const [rates, completion] = await Promise.all([
      ctx.loaders
        .get<number, ReportingRate>(`wr:villageRates:${r.week}`, (ids) =>
          loadReportingRates(ctx.db, policy, ids, weeks, range, { excludeTarget: true }),
        )
        .load(r.unitId),
      ctx.loaders
        .get<number, PlanCompletion>(`wr:villageCompletion:${r.week}`, (ids) =>
          loadPlanCompletion(ctx.db, ids, weeks, range, { excludeTarget: true }),
        )
        .load(r.unitId),
    ]);
    return {
      expected: rates.expected,
      submitted: rates.submitted,
      onTime: rates.onTime,
      itemsDoneShare: completion.doneShare,
    };
  }

  @Mutation(() => WeeklyReportPayload, {
    description: '新建周报 — start the report of a week that has begun (one per unit and week)',
  })
  createWeeklyReport(
    @Ctx() ctx: Context,
    @Arg('input', { description: '周报 — the report' }) input: CreateWeeklyReportInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      return { weeklyReport: await services(ctx).reports.create(tx, unit, input.week, ctx.today) };
    });
  }

  @Mutation(() => WeeklyReportPayload, {
    description: '保存周报 — replace the answers, other work and problems of a draft',
  })
  saveWeeklyReport(
    @Ctx() ctx: Context,
    @Arg('input', { description: '周报内容 — the content' }) input: SaveWeeklyReportInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const report = await reportFor(ctx, tx, input.reportId, 'reporter', input.version);
      const answers = input.answers.map((a, i) => ({
        itemId:
          decodeIntId(a.itemId, 'WorkPlanItem') ??
          refuse(ErrorCode.NOT_FOUND, W.notAPlanItem(), ['input', 'answers', String(i), 'itemId']),
        outcome: a.outcome,
        note: a.note,
      }));
      return {
        weeklyReport: await services(ctx).reports.save(
          tx,
          report,
          {
            answers,
            otherWork: input.otherWork,
            problems: input.problems,
            noWorkReason: input.noWorkReason,
          },
          ctx.today,
        ),
      };
    });
  }

  @Mutation(() => WeeklyReportPayload, {
    description:
      '上报 — submit a draft to the level above: every plan item answered, and work done (an item done or partly done, or other work) or "nothing this week" with a reason',
  })
  submitWeeklyReport(
    @Ctx() ctx: Context,
    @Arg('input', { description: '周报 — the report' }) input: WeeklyReportActionInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const report = await reportFor(ctx, tx, input.reportId, 'reporter', input.version);
      return { weeklyReport: await services(ctx).reports.submit(tx, report, ctx.now, ctx.today) };
    });
  }

  @Mutation(() => WeeklyReportPayload, {
    description:
      '退回 — the unit the report went to (its parent that week, itself: 逐级) sends a submitted report back to draft, with a reason; it is not reported until resubmitted',
  })
  returnWeeklyReport(
    @Ctx() ctx: Context,
    @Arg('input', { description: '退回内容 — the report and the reason' }) input: ReturnWeeklyReportInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const report = await reportFor(ctx, tx, input.reportId, 'parent');
      return {
        weeklyReport: await services(ctx).reports.returnForChanges(
          tx,
          report,
          input.reason,
          actorOf(ctx),
          ctx.now,
          ctx.today,
        ),
      };
    });
  }

  @Mutation(() => WeeklyReportPayload, {
    description:
      '审核通过 — the unit the report went to (its parent that week, itself: 逐级) accepts a submitted report; it is then locked',
  })
  acceptWeeklyReport(
    @Ctx() ctx: Context,
    @Arg('input', { description: '周报 — the report' }) input: WeeklyReportActionInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const report = await reportFor(ctx, tx, input.reportId, 'parent', input.version);
      return { weeklyReport: await services(ctx).reports.accept(tx, report, actorOf(ctx), ctx.now, ctx.today) };
    });
  }
}

@Resolver(() => ReportEntry)
export class ReportProblemResolver {
  @FieldResolver(() => Node, {
    nullable: true,
    description:
      '问题 — the issue it became (问题清单), when the issue-list module is installed and the viewer may see it',
  })
  issue(@Root() p: ReportEntry, @Ctx() ctx: Context) {
    return p.issueRef ? loadNode(ctx, p.issueRef) : null;
  }

  @Mutation(() => WeeklyReportPayload, {
    description:
      '问题转入问题清单 — raise a problem found in a report as an issue of the reporting unit, linked both ways (needs the issue-list module on for the unit)',
  })
  raiseIssueFromProblem(
    @Ctx() ctx: Context,
    @Arg('input', { description: '问题 — the problem' }) input: RaiseIssueFromProblemInput,
  ): Promise<WeeklyReportPayload> {
    return runMutation(ctx, input, async (tx) => {
      const problemId =
        decodeIntId(input.problemId, 'ReportProblem') ??
        refuse(ErrorCode.NOT_FOUND, W.notAProblem(), ['input', 'problemId']);
      const problem = await tx.findOne(ReportEntry, {
        where: { id: problemId, kind: 'PROBLEM' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!problem) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: WL.problem }), ['input', 'problemId']);
      const report = await tx.findOneOrFail(WeeklyReport, { where: { id: problem.reportId } });
      await requireUnit(ctx, report.unitId, Permission.MODULE_WORK);
      const port = await portFor<IssueListsPort>(ctx, ISSUE_LISTS, report.unitId, ['input', 'problemId']);
      if (problem.issueRef) refuse(ErrorCode.CONFLICT, W.problemOnIssueList(), ['input', 'problemId']);
      const issue = await port.issues.raise(
        tx,
        {
          title: problem.text.slice(0, 200),
          description: problem.text,
          category: ISSUE_CATEGORY[problem.category ?? ItemCategory.OTHER],
          source: 'WEEKLY_REPORT',
          sourceRef: report.nodeId,
          raisedUnitId: report.unitId,
        },
        actOf(ctx),
      );
      await tx.update(ReportEntry, { id: problem.id }, { issueRef: issue.nodeId });
      return { weeklyReport: report };
    });
  }
}

@Resolver(() => ReportAnswer)
export class ReportAnswerResolver {
  @FieldResolver(() => PlanItem, { description: '事项 — the plan item answered' })
  item(@Root() a: ReportAnswer, @Ctx() ctx: Context) {
    return ctx.loaders.byId(PlanItem).load(a.itemId);
  }
}
