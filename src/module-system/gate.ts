import { defaultFieldResolver, GraphQLNonNull, isObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { AppError, ErrorCode } from '../graphql/errors';
import type { ModuleRegistry } from './registry';

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
          throw new AppError(ErrorCode.MODULE_DISABLED, `Module "${module}" is not enabled for this unit`, { module });
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
    throw new AppError(ErrorCode.MODULE_DISABLED, `Module "${module}" is not enabled for this unit`, { module });
  }
  if (module === ctx.audit.module) ctx.audit.moduleChecked = true;
}
