import { Field, InputType, ID, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { DateScalar, type LocalDate } from '../../graphql/scalars';
import { UserError } from '../../graphql/errors';
import { OrgUnit } from '../../org/entities/org-unit.entity';

@ObjectType({ description: '功能模块 — a pluggable module installed in this deployment' })
export class InstalledModule {
  @Field({ description: '模块键 — stable key, e.g. weekly-reports' })
  name: string;

  @Field({ description: '名称 — title, Chinese then English' })
  title: string;

  @Field({ description: '说明 — what the module does' })
  description: string;

  @Field(() => [String], { description: '依赖模块 — keys of modules it needs' })
  dependsOn: string[];
}

@ObjectType({ description: "模块设置时段 — a period during which a unit's own switch for a module held" })
export class ModuleSwitchPeriod {
  @Field({ description: '启用 — on (true) or off (false) for the unit and its subtree' })
  enabled: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description: '起始日期 — first day of the setting; null for one made before switches kept their history',
  })
  validFrom: LocalDate | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: '截止日期 — first day it no longer held; null while it holds',
  })
  validTo: LocalDate | null;
}

@ObjectType({ description: "模块启用状态 — whether a module is on for a unit, and which unit's setting decides" })
export class ModuleState {
  @Field(() => InstalledModule, { description: '功能模块 — the module' })
  module: InstalledModule;

  @Field({ description: '已启用 — on for this unit' })
  enabled: boolean;

  @Field({ description: '本级设置 — this unit has its own setting (otherwise it inherits)' })
  explicit: boolean;

  @Field(() => OrgUnit, {
    nullable: true,
    description:
      '设置来源 — the unit whose setting decides (this unit or the nearest ancestor); null when none is set, and the module is off',
  })
  decidedBy: OrgUnit | null;

  /** The unit the state is of (for `history`). */
  unitId: number;
}

@InputType({
  description: "设置模块启用 — switch a module on or off for a unit and its subtree, or clear the unit's own setting",
})
export class SetModuleEnabledInput {
  @Field(() => ID, { description: '党组织 — the unit' })
  unitId: string;

  @Field({ description: '模块键 — the module, e.g. weekly-reports' })
  @MaxLength(64)
  module: string;

  @Field(() => Boolean, {
    nullable: true,
    description: "启用 — true on, false off; null removes this unit's own setting so it inherits from above",
  })
  enabled: boolean | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      '生效日期 — the first day the setting holds (today when omitted); a day inside a closed period is refused (PERIOD_CLOSED)',
  })
  effectiveOn?: LocalDate | null;
}

@ObjectType({ description: "模块设置结果 — the unit's module state after the change" })
export class SetModuleEnabledPayload {
  @Field(() => OrgUnit, { nullable: true, description: '党组织 — the unit; null when userErrors is not empty' })
  orgUnit?: OrgUnit | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
