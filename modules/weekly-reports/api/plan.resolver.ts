import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  actorOf,
  type Context,
  decodeIntId,
  ErrorCode,
  inputId,
  OrgUnit,
  Permission,
  refuse,
  requireUnit,
  runMutation,
  unitFromInput,
} from '#module-kit';
import { PlanItem } from '../entities/plan-item.entity';
import { WorkPlan } from '../entities/work-plan.entity';
import { services } from '../services';
import { planDeadlineOf } from './deadlines';
import {
  AddWorkPlanItemsInput,
  CopyWorkPlanItemsInput,
  CreateWorkPlanInput,
  IssueWorkPlanInput,
  RemoveWorkPlanItemInput,
  type WorkPlanItemInput,
} from './inputs';
import { WorkPlanPayload } from './payloads';
import { WEEKLY_MESSAGES as W } from '../messages';

const itemIds = (ids: string[], field: string[]) =>
  ids.map(
    (id, i) => decodeIntId(id, 'WorkPlanItem') ?? refuse(ErrorCode.NOT_FOUND, W.notAPlanItem(), [...field, String(i)]),
  );

function toNewItems(items: WorkPlanItemInput[]) {
  return items.map((item, i) => ({
    ...item,
    targetUnitIds:
      item.targetIds?.map((id, j) => inputId(id, 'OrgUnit', ['input', 'items', String(i), 'targetIds', String(j)])) ??
      null,
  }));
}

/** A plan's issuing unit must be the viewer's to work on, with the module on. */
async function planFor(
  ctx: Context,
  tx: Parameters<Parameters<typeof runMutation>[2]>[0],
  planGlobalId: string,
  version?: number,
) {
  const plan = await services(ctx).plans.lock(tx, inputId(planGlobalId, 'WorkPlan', ['input', 'planId']), version);
  const unit = await requireUnit(ctx, plan.unitId, Permission.MODULE_WORK);
  return { plan, unit: unit! };
}

@Resolver(() => WorkPlan)
export class WorkPlanResolver {
  @FieldResolver(() => OrgUnit, { description: '下发单位 — the township, subdistrict or work station' })
  unit(@Root() plan: WorkPlan, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(plan.unitId);
  }

  @FieldResolver(() => [PlanItem], { description: '事项 — the items, in order' })
  items(@Root() plan: WorkPlan, @Ctx() ctx: Context): Promise<PlanItem[]> {
    return ctx.loaders.hasMany(PlanItem, 'plan_id', (i) => i.planId, { order: [['position', 'ASC']] }).load(plan.id);
  }

  @FieldResolver(() => Date, {
    description:
      "下发截止 — the deadline: end of Monday (policy), moved by the working-day calendar when that day is a day off, in the deployment's time zone",
  })
  deadline(@Root() plan: WorkPlan, @Ctx() ctx: Context): Date {
    return planDeadlineOf(ctx, plan.week);
  }

  @FieldResolver({ description: '迟发 — issued after the deadline, or not issued and the deadline has passed' })
  late(@Root() plan: WorkPlan, @Ctx() ctx: Context): boolean {
    return (plan.issuedAt ?? ctx.now) >= planDeadlineOf(ctx, plan.week);
  }

  @Mutation(() => WorkPlanPayload, { description: '新建周工作安排 — start a draft plan for a week' })
  createWorkPlan(
    @Ctx() ctx: Context,
    @Arg('input', { description: '工作安排 — the plan' }) input: CreateWorkPlanInput,
  ): Promise<WorkPlanPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unit = await unitFromInput(ctx, input.unitId, Permission.MODULE_WORK);
      const items = toNewItems(input.items ?? []);
      return {
        workPlan: await services(ctx).plans.create(tx, unit, input.week, items, actorOf(ctx), ctx.today),
      };
    });
  }

  @Mutation(() => WorkPlanPayload, { description: '增加事项 — add items to a draft plan' })
  addWorkPlanItems(
    @Ctx() ctx: Context,
    @Arg('input', { description: '事项 — the items' }) input: AddWorkPlanItemsInput,
  ): Promise<WorkPlanPayload> {
    return runMutation(ctx, input, async (tx) => {
      const { plan } = await planFor(ctx, tx, input.planId, input.version);
      await services(ctx).plans.addItems(tx, plan, toNewItems(input.items), ctx.today);
      return { workPlan: await tx.findOneOrFail(WorkPlan, { where: { id: plan.id } }) };
    });
  }

  @Mutation(() => WorkPlanPayload, { description: '删除事项 — remove an item from a draft plan' })
  removeWorkPlanItem(
    @Ctx() ctx: Context,
    @Arg('input', { description: '事项 — the item' }) input: RemoveWorkPlanItemInput,
  ): Promise<WorkPlanPayload> {
    return runMutation(ctx, input, async (tx) => {
      const { plan } = await planFor(ctx, tx, input.planId);
      await services(ctx).plans.removeItem(tx, plan, itemIds([input.itemId], ['input', 'itemId'])[0], ctx.today);
      return { workPlan: await tx.findOneOrFail(WorkPlan, { where: { id: plan.id } }) };
    });
  }

  @Mutation(() => WorkPlanPayload, {
    description: "复制上级事项 — a work station copies items of its township's issued plan into its own draft",
  })
  copyWorkPlanItems(
    @Ctx() ctx: Context,
    @Arg('input', { description: '复制内容 — the items' }) input: CopyWorkPlanItemsInput,
  ): Promise<WorkPlanPayload> {
    return runMutation(ctx, input, async (tx) => {
      const { plan, unit } = await planFor(ctx, tx, input.planId);
      await services(ctx).plans.copyItems(
        tx,
        plan,
        unit,
        itemIds(input.fromItemIds, ['input', 'fromItemIds']),
        ctx.today,
      );
      return { workPlan: await tx.findOneOrFail(WorkPlan, { where: { id: plan.id } }) };
    });
  }

  @Mutation(() => WorkPlanPayload, {
    description:
      '下发 — issue a plan to the units below; late when after its deadline (Monday by policy, after the calendar)',
  })
  issueWorkPlan(
    @Ctx() ctx: Context,
    @Arg('input', { description: '下发内容 — the plan' }) input: IssueWorkPlanInput,
  ): Promise<WorkPlanPayload> {
    return runMutation(ctx, input, async (tx) => {
      const { plan } = await planFor(ctx, tx, input.planId, input.version);
      return { workPlan: await services(ctx).plans.issue(tx, plan, ctx.now, ctx.today) };
    });
  }
}

@Resolver(() => PlanItem)
export class PlanItemResolver {
  @FieldResolver(() => [OrgUnit], {
    nullable: true,
    description: '对象 — the units it is for; null: every unit below the issuer',
  })
  async targets(@Root() item: PlanItem, @Ctx() ctx: Context): Promise<OrgUnit[] | null> {
    if (item.targetUnitIds === null) return null;
    const units = await ctx.loaders.byId(OrgUnit).loadMany(item.targetUnitIds);
    return units.filter((u): u is OrgUnit => u instanceof OrgUnit);
  }

  @FieldResolver(() => PlanItem, { nullable: true, description: '来源事项 — the township item it was copied from' })
  copiedFrom(@Root() item: PlanItem, @Ctx() ctx: Context) {
    return item.copiedFromId === null ? null : ctx.loaders.byId(PlanItem).load(item.copiedFromId);
  }
}
