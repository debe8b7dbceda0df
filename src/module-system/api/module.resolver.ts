import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { inputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import type { JicengModule } from '../define-module';
import {
  InstalledModule,
  ModuleState,
  ModuleSwitchPeriod,
  SetModuleEnabledInput,
  SetModuleEnabledPayload,
} from './module.types';
import { requireUnit } from '../../auth/guard';
import { Permission } from '../../auth/roles';

const describe = (m: JicengModule): InstalledModule => ({
  name: m.name,
  title: m.title,
  description: m.description,
  dependsOn: [...m.dependsOn],
});

@Resolver()
export class ModuleResolver {
  @Query(() => [InstalledModule], {
    description: '已安装模块 — modules this deployment carries (localities switch them on per subtree)',
  })
  modules(@Ctx() ctx: Context): InstalledModule[] {
    return ctx.app.registry.modules.map(describe);
  }

  @Mutation(() => SetModuleEnabledPayload, {
    description:
      '设置模块启用 — switch a module for a unit; the nearest setting on the path decides, so a county covers its subtree and a township can opt out',
  })
  setModuleEnabled(
    @Ctx() ctx: Context,
    @Arg('input', { description: '设置内容 — the switch' }) input: SetModuleEnabledInput,
  ): Promise<SetModuleEnabledPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unitId = inputId(input.unitId, 'OrgUnit', ['input', 'unitId']);
      await requireUnit(ctx, unitId, Permission.ADMINISTER);
      const orgUnit = await ctx.app.modules.set(tx, {
        unitId,
        module: input.module,
        enabled: input.enabled,
        effectiveOn: input.effectiveOn ?? ctx.today,
        today: ctx.today,
        actorId: ctx.access.viewer?.accountId ?? null,
      });
      return { orgUnit };
    });
  }
}

@Resolver(() => OrgUnit)
export class OrgUnitModulesResolver {
  @FieldResolver(() => [ModuleState], {
    nullable: true,
    description: "模块启用状态 — each installed module: on or off here, and which unit's setting decides",
  })
  async modules(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<ModuleState[]> {
    const settings = await ctx.app.modules.settings(ctx, unit.id);
    return Promise.all(
      ctx.app.registry.modules.map(async (m) => {
        const s = settings.get(m.name);
        return {
          module: describe(m),
          enabled: s?.enabled ?? false,
          explicit: s?.fromUnitId === unit.id,
          decidedBy: s?.fromUnitId ? await ctx.loaders.byId(OrgUnit).load(s.fromUnitId) : null,
          unitId: unit.id,
        };
      }),
    );
  }
}

@Resolver(() => ModuleState)
export class ModuleStateResolver {
  @FieldResolver(() => [ModuleSwitchPeriod], {
    description:
      "本级设置记录 — this unit's own settings of the module over time, newest first (figures of a period count by the settings of that period)",
  })
  history(@Root() state: ModuleState, @Ctx() ctx: Context): Promise<ModuleSwitchPeriod[]> {
    return ctx.app.modules.history(ctx, state.unitId, state.module.name);
  }
}
