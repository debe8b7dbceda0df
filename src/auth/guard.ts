import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';
import { noMutation, type Context } from '../context';
import { requireModule } from '../module-system/gate';
import { AppError, ErrorCode } from '../graphql/errors';
import { Member } from '../org/entities/member.entity';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { Account } from './entities/account.entity';
import { AuditEvent } from './entities/audit-event.entity';
import { Grant } from './entities/grant.entity';
import { Permission } from './roles';
import { isUnitScoped } from './scope';

const unit = (ctx: Context, id: number) => ctx.loaders.byId(OrgUnit).load(id);

/**
 * May the viewer see this object? It is called for objects of guarded types (the Node types) only,
 * and fails closed: an object the policy does not know, or one without a unit scope, is hidden.
 */
export async function isVisible(ctx: Context, obj: unknown): Promise<boolean> {
  if (obj === null || typeof obj !== 'object') return true;
  const access = ctx.access;
  if (obj instanceof OrgUnit) return access.canSeeBasic(obj);
  if (access.readsEverything && (obj instanceof Member || isUnitScoped(obj))) return true;
  if (obj instanceof Member) {
    if (access.isOwnMember(obj.id)) return true;
    const branch = await unit(ctx, obj.branchId);
    return !!branch && access.canRead(branch);
  }
  if (isUnitScoped(obj)) {
    const owners = await Promise.all([obj.scopeUnitId, ...(obj.alsoScopedTo ?? [])].map((id) => unit(ctx, id)));
    return owners.some(
      (owner) => !!owner && (obj.visibleToMembers ? access.canSeeBasic(owner) : access.canRead(owner)),
    );
  }
  if (obj instanceof Account) return obj.id === access.viewer?.accountId || (await administersAccount(ctx, obj.id));
  if (obj instanceof Grant) {
    if (obj.accountId === access.viewer?.accountId) return true;
    if (obj.unitId === null) return access.isDeploymentAdmin;
    const u = await unit(ctx, obj.unitId);
    return !!u && access.can(Permission.ADMINISTER, u);
  }
  if (obj instanceof AuditEvent) {
    const scope = access.adminScope();
    return scope === null || obj.unitPaths.some((p) => scope.some((s) => p.startsWith(s)));
  }
  return false;
}

/** An administrator sees the accounts that hold a grant inside their scope. */
async function administersAccount(ctx: Context, accountId: number): Promise<boolean> {
  const scope = ctx.access.adminScope();
  if (scope === null) return true;
  if (scope.length === 0) return false;
  const paths = await ctx.loaders
    .get<number, (string | null)[]>('grantPathsByAccount', async (ids) => {
      const rows = await ctx.db.query<{ account_id: number; path: string | null }[]>(
        `SELECT g.account_id, u.path FROM access_grant g LEFT JOIN org_unit u ON u.id = g.unit_id WHERE g.account_id = ANY($1) AND g.revoked_at IS NULL`,
        [ids],
      );
      return ids.map((id) => rows.filter((r) => r.account_id === id).map((r) => r.path));
    })
    .load(accountId);
  return paths.some((p) => p !== null && scope.some((s) => p.startsWith(s)));
}

/**
 * The check every mutation makes on the unit it touches (core and modules alike): records it for
 * the audit log, answers FORBIDDEN when the viewer's grants do not allow it, and, in a module's
 * mutation, MODULE_DISABLED where that module is off. Returns the unit, or null when there is no
 * such unit (the caller then reports NOT_FOUND on the field).
 */
export async function requireUnit(
  ctx: Context,
  unitId: number | null,
  permission: Permission,
): Promise<OrgUnit | null> {
  ctx.audit.checked = true;
  if (unitId === null) {
    if (!ctx.access.isDeploymentAdmin)
      throw new AppError(ErrorCode.FORBIDDEN, 'Only a deployment administrator may do this at the root of the tree');
    return null;
  }
  const target = await unit(ctx, unitId);
  if (!target) return null;
  ctx.audit.unitPaths.push(target.path);
  if (!ctx.access.can(permission, target)) {
    const what = ctx.access.canSeeBasic(target) ? target.name : 'this unit';
    const verb = {
      [Permission.ADMINISTER]: 'administer',
      [Permission.READ]: 'read',
      [Permission.WRITE]: 'change',
      [Permission.MODULE_WORK]: 'do module work for',
    }[permission];
    throw new AppError(ErrorCode.FORBIDDEN, `You may not ${verb} ${what}`);
  }
  // A module's mutation works only where its module is on: checked here, for every unit it names.
  if (ctx.audit.module) await requireModule(ctx, target.id);
  return target;
}

/** Refuses with FORBIDDEN for a rule the policy alone cannot express; audited under the unit. */
export function deny(ctx: Context, unit: OrgUnit | null, message: string): never {
  if (unit) ctx.audit.unitPaths.push(unit.path);
  throw new AppError(ErrorCode.FORBIDDEN, message);
}

/**
 * For a mutation on the viewer's own things (their password, their read receipt): being signed in
 * as that account or member is the check. Says so for the audit log like requireUnit does.
 */
export function requireSelf(ctx: Context): void {
  if (!ctx.access.signedIn) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
  ctx.audit.checked = true;
}

/** For a read that names a unit in its arguments (`under`): NOT_FOUND when the viewer may not read it. */
export async function readableUnit(ctx: Context, unitId: number | null): Promise<OrgUnit> {
  const target = unitId === null ? null : await unit(ctx, unitId);
  if (!target || !ctx.access.canRead(target)) throw new AppError(ErrorCode.NOT_FOUND, 'unit not found');
  return target;
}

export interface GuardOptions {
  /** The module that contributed a mutation, by field name (undefined: the core's). */
  mutationModule: (fieldName: string) => string | undefined;
  /** Root fields answered without signing in. */
  publicRootFields: string[];
  /** OrgUnit fields a member may read on their own branch (its published items). */
  memberUnitFields: string[];
  /** Names of the types whose objects are checked (Node implementations and Node itself). */
  guardedTypes: string[];
}

/**
 * Applies the policy to the whole schema, core and modules alike: root fields need a signed-in
 * viewer; every field that returns guarded objects drops those the viewer may not see (they read as
 * null, exactly like a missing object); on a unit seen only as a member, other fields are FORBIDDEN.
 * Connection types are skipped: their lists are already limited to a readable subtree or to the
 * viewer's scope in SQL, which keeps totalCount true.
 */
export function applyAccessGuard(schema: GraphQLSchema, o: GuardOptions): void {
  const guarded = new Set(o.guardedTypes);
  const memberFields = new Set(o.memberUnitFields);
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      !(isObjectType(type) || isInterfaceType(type)) ||
      type.name.startsWith('__') ||
      /(Connection|Edge)$/.test(type.name)
    )
      continue;
    const root = type === schema.getQueryType() || type === mutationType;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const returnsGuarded = guarded.has(getNamedType(field.type).name);
      const needsFullUnit = type.name === 'OrgUnit' && !memberFields.has(field.name);
      const publicField = root && o.publicRootFields.includes(field.name);
      if (!returnsGuarded && !needsFullUnit && !root) continue;
      const isMutation = type === mutationType;
      const mutationModule = (isMutation && o.mutationModule(field.name)) || null;
      const listType = getNullableType(field.type);
      const keepPositions = isListType(listType) && !isNonNullType(listType.ofType);
      field.resolve = async (parent, args, ctx: Context, info) => {
        if (root && !publicField && !ctx.access.signedIn)
          throw new AppError(
            ErrorCode.UNAUTHENTICATED,
            'Sign in first: send "Authorization: Bearer <access token>" (see the login mutation)',
          );
        if (isMutation) ctx.audit = { ...noMutation(), operation: field.name, module: mutationModule };
        if (needsFullUnit && parent instanceof OrgUnit && !ctx.access.canRead(parent)) {
          throw new AppError(ErrorCode.FORBIDDEN, `${field.name} of ${parent.name} is not published to members`);
        }
        const value = await resolve(parent, args, ctx, info);
        return returnsGuarded ? filterVisible(ctx, value, keepPositions) : value;
      };
    }
  }
}

/** Hidden objects read as null; in a list of non-null items they are left out instead. */
async function filterVisible(ctx: Context, value: unknown, keepPositions: boolean): Promise<unknown> {
  if (Array.isArray(value)) {
    const seen = await Promise.all(value.map((v) => (v instanceof Error ? true : isVisible(ctx, v))));
    return keepPositions ? value.map((v, i) => (seen[i] ? v : null)) : value.filter((_, i) => seen[i]);
  }
  if (value && typeof value === 'object' && !(value instanceof Error))
    return (await isVisible(ctx, value)) ? value : null;
  return value;
}
