import { defaultFieldResolver, GraphQLNonNull, isObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { AppError, ErrorCode } from '../graphql/errors';
import type { ModuleRegistry } from './registry';
import type { Localized } from '../messages/catalogue';
import { CORE_MESSAGES as M, LABELS } from '../messages/core';
import { OrgUnit } from '../org/entities/org-unit.entity';

/** Finds the unit a core object belongs to, so a module field on it can be switched per locality. */
export type UnitLocator = (root: unknown) => number | null;

/**
 * Wraps every module field on a core type: asked of an object whose unit has the module off, it
 * fails with MODULE_DISABLED while the rest of the query answers. Such fields must be nullable,
 * or one disabled unit would null its parent; the registry refuses a module that breaks this.
 */
export function applyModuleGate(schema: GraphQLSchema, registry: ModuleRegistry, locate: UnitLocator): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !registry.isCoreType(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const module = registry.fieldOwner(type.name, field.name);
      if (!module) continue;
      if (field.type instanceof GraphQLNonNull) {
        throw new Error(
          `Module "${module}" declares ${type.name}.${field.name} as non-null; fields that modules add to core types must be nullable`,
        );
      }
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = async (root, args, ctx: Context, info) => {
        const unitId = locate(root);
        if (unitId !== null && !(await ctx.app.modules.isEnabled(ctx, unitId, module))) {
          throw await moduleDisabled(ctx, unitId, module);
        }
        return resolve(root, args, ctx, info);
      };
    }
  }
}

/**
 * The module check of a mutation: the running mutation's module (or, for a module that uses
 * another through its port, the one named) must be on for the unit, else MODULE_DISABLED.
 * `requireUnit` calls it for every unit a module's mutation names; call it directly only for a
 * unit reached another way (the receipt of a notice, the unit a report belongs to).
 */
export async function requireModule(ctx: Context, unitId: number, module = ctx.audit.module): Promise<void> {
  if (!module) throw new Error(`requireModule outside a module's mutation (${ctx.audit.operation})`);
  if (!(await ctx.app.modules.isEnabled(ctx, unitId, module))) {
    throw await moduleDisabled(ctx, unitId, module);
  }
  if (module === ctx.audit.module) ctx.audit.moduleChecked = true;
}

/** A module's title ("周报（两下两上）Weekly reports") as a label: the Chinese part, and the English one. */
export function moduleLabel(title: string | undefined, name: string): Localized {
  const split = /^(.*?[^ -~])\s*([A-Za-z][ -~]*)$/.exec(title ?? '');
  return split ? { zh: split[1], en: split[2] } : { zh: title || name, en: title || name };
}

/**
 * MODULE_DISABLED, said so that a person can act on it (issue 17, item 6): which module (its Chinese
 * name), which unit (when the viewer may see its name), and who can switch it on.
 */
export async function moduleDisabled(ctx: Context, unitId: number, module: string): Promise<AppError> {
  const unit = await ctx.loaders.byId(OrgUnit).load(unitId);
  const unitName = unit && ctx.access.canSeeBasic(unit) ? unit.name : LABELS.thisUnit;
  const moduleName = moduleLabel(ctx.app.registry.get(module)?.title, module);
  return new AppError(ErrorCode.MODULE_DISABLED, M.moduleDisabled({ module: moduleName, unit: unitName }), {
    module,
  });
}
