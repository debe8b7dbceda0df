import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { requireUnit } from '../auth/guard';
import { requireModule } from '../module-system/gate';
import type { Permission } from '../auth/roles';
import type { Context } from '../context';
import { ErrorCode, refuse, UserErrorsException } from '../graphql/errors';
import { inputId } from '../graphql/ids';
import type { OrgUnit } from '../org/entities/org-unit.entity';
import type { LocalDate } from '../graphql/scalars';
import type { Policy } from '../policy';
import type { PeriodState } from '../figures/reopenings';
import { CORE_MESSAGES as M, LABELS } from '../messages/core';

/** The signed-in account that does a write (recorded as "who"); null for system work. */
export const actorOf = (ctx: Context): number | null => ctx.access.viewer?.accountId ?? null;

/** Who does a write and when, for services that record both: the account and the request's clock reading. */
export interface Act {
  actorId: number | null;
  /** The instant (timestamps written by the change). */
  at: Date;
  /** Its business day. */
  today: LocalDate;
}

export const actOf = (ctx: Context): Act => ({ actorId: actorOf(ctx), at: ctx.now, today: ctx.today });

/**
 * Typed access to a module's own services, which `defineModule({ services })` builds once per
 * process: `export const services = servicesOf<MyServices>('my-module')`, then `services(ctx)`.
 */
export function servicesOf<T>(module: string): (ctx: Context) => T {
  return (ctx) => {
    const found = ctx.app.moduleServices.get(module);
    if (found === undefined) throw new Error(`module "${module}" has no services in this process`);
    return found as T;
  };
}

/**
 * Another module's services through the port this module declares for them (modules never import
 * each other); null when that module is not installed here.
 */
export function portOf<T>(ctx: Context, module: string): T | null {
  return ctx.app.registry.has(module) ? ((ctx.app.moduleServices.get(module) as T | undefined) ?? null) : null;
}

/**
 * Another module's services, to do its work for a unit inside a mutation: refused on `field` when
 * that module is not installed here, MODULE_DISABLED when it is off for the unit.
 */
export async function portFor<T>(ctx: Context, module: string, unitId: number, field: string[]): Promise<T> {
  const port = portOf<T>(ctx, module);
  if (!port) refuse(ErrorCode.BAD_USER_INPUT, M.moduleNotInDeployment({ module }), field);
  await requireModule(ctx, unitId, module);
  return port;
}

/**
 * Another module's services for a unit where that module is on, or null (not installed here, or off
 * for the unit): for work that follows a write only where the other module runs, and is no reason to
 * refuse the write elsewhere.
 */
export async function portIfOn<T>(ctx: Context, module: string, unitId: number): Promise<T | null> {
  const port = portOf<T>(ctx, module);
  if (!port || !(await ctx.app.modules.isEnabled(ctx, unitId, module))) return null;
  return port;
}

/** A refusal (`refuse`) rather than a fault: for a port that skips what the other module's rules refuse. */
export const isRefusal = (e: unknown): boolean => e instanceof UserErrorsException;

/**
 * A module's section of the policy file (`modules.<name>`), checked against its schema with the
 * defaults from docs/RULES.md; a bad file stops the start with every problem named.
 */
export function modulePolicy<S extends z.ZodType>(policy: Policy, module: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(policy.modules[module] ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid policy modules.${module}: ${problems}`);
  }
  return parsed.data;
}

/**
 * The unit a mutation input names, checked: a wrong id or no such unit is NOT_FOUND on that field,
 * a unit the viewer may not work on is FORBIDDEN, and in a module's mutation a unit where the
 * module is off is MODULE_DISABLED (see requireUnit).
 */
export async function unitFromInput(
  ctx: Context,
  globalId: string,
  permission: Permission,
  field: string[] = ['input', 'unitId'],
): Promise<OrgUnit> {
  const unit = await requireUnit(ctx, inputId(globalId, 'OrgUnit', field), permission);
  if (!unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), field);
  return unit;
}

const badArgument = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });

/** A year argument of a figure: 2000–2100. */
export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badArgument('year must be between 2000 and 2100');
}

/** A quarter argument: 1–4. */
export function checkQuarter(quarter: number): void {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw badArgument('quarter is 1–4');
}

/**
 * The periods a figure of a unit counts in, with their state (closed, closes on, reopened), batched:
 * every unit asking in one GraphQL level shares one statement.
 */
export function figurePeriods(
  ctx: Context,
  module: string,
  unitId: number,
  starts: LocalDate[],
): Promise<PeriodState[]> {
  return ctx.app.figures.reopenings.forFigure(ctx, module, unitId, starts);
}
