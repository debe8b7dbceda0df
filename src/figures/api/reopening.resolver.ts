import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';
import type { Context } from '../../context';
import { inputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import {
  CloseReopenedPeriodsInput,
  PeriodReopening,
  PeriodReopeningPayload,
  ReopenPeriodsInput,
} from './figures.types';

@Resolver()
export class PeriodReopeningResolver {
  @Mutation(() => PeriodReopeningPayload, {
    description:
      '重新开放统计期 — open the closed periods of a module from a day on for a unit and its subtree, with a reason, so a late correction can be made; figures of those periods show they were reopened',
  })
  reopenPeriods(
    @Ctx() ctx: Context,
    @Arg('input', { description: '重新开放内容 — the unit, the module, from when and why' }) input: ReopenPeriodsInput,
  ): Promise<PeriodReopeningPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unitId = inputId(input.unitId, 'OrgUnit', ['input', 'unitId']);
      await requireUnit(ctx, unitId, Permission.ADMINISTER);
      const reopening = await ctx.app.figures.reopenings.reopen(tx, {
        unitId,
        module: input.module,
        from: input.from,
        reason: input.reason,
        today: ctx.today,
        at: ctx.now,
        actorId: ctx.access.viewer?.accountId ?? null,
      });
      return { reopenings: [reopening] };
    });
  }

  @Mutation(() => PeriodReopeningPayload, {
    description: '再次关闭统计期 — end the open reopenings of a module on a unit: its periods are closed again',
  })
  closeReopenedPeriods(
    @Ctx() ctx: Context,
    @Arg('input', { description: '再次关闭内容 — the unit and the module' }) input: CloseReopenedPeriodsInput,
  ): Promise<PeriodReopeningPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unitId = inputId(input.unitId, 'OrgUnit', ['input', 'unitId']);
      await requireUnit(ctx, unitId, Permission.ADMINISTER);
      const reopenings = await ctx.app.figures.reopenings.close(tx, {
        unitId,
        module: input.module,
        at: ctx.now,
        actorId: ctx.access.viewer?.accountId ?? null,
      });
      return { reopenings };
    });
  }
}

@Resolver(() => OrgUnit)
export class OrgUnitReopeningsResolver {
  @FieldResolver(() => [PeriodReopening], {
    nullable: true,
    description: '统计期重新开放记录 — reopenings of closed periods made on this unit, newest first',
  })
  periodReopenings(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<PeriodReopening[]> {
    return ctx.app.figures.reopenings.ofUnit(ctx.db, unit.id);
  }
}
