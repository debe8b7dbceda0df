import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLSchema,
} from 'graphql';
import { noMutation, type App, type Context } from '../context';
import { requireModule } from '../module-system/gate';
import { AppError, ErrorCode, userError, type UserError } from '../graphql/errors';
import { fromGlobalId } from '../graphql/global-id';
import { IdReach, inputIdRefs, partTypes, type PartSpec } from '../graphql/ids';
import { loadNode } from '../graphql/node.resolver';
import type { Class } from '../class';
import { OrgUnitKind } from '../org/enums';
import { Member } from '../org/entities/member.entity';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { Account } from './entities/account.entity';
import { AuditEvent } from './entities/audit-event.entity';
import { Grant } from './entities/grant.entity';
import { Webhook, WebhookDelivery } from '../events/webhooks/entities';
import { Permission } from './roles';
import { isUnitScoped } from './scope';
import { CORE_MESSAGES as M, LABELS, VERBS } from '../messages/core';
import type { Message } from '../messages/catalogue';

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
    if (owners.some((owner) => !!owner && (obj.visibleToMembers ? access.canSeeBasic(owner) : access.canRead(owner))))
      return true;
    // A rule a unit adopts for its subtree is read by everyone it applies to: a grant anywhere under the unit.
    const scope = obj.readableBelow && owners[0] ? access.listScope(!!obj.visibleToMembers) : [];
    return scope === null || scope.some((path) => path.startsWith(owners[0]!.path));
  }
  if (obj instanceof Account) return obj.id === access.viewer?.accountId || (await administersAccount(ctx, obj.id));
  if (obj instanceof Grant) {
    if (obj.accountId === access.viewer?.accountId) return true;
    if (obj.unitId === null) return access.isDeploymentAdmin;
    const u = await unit(ctx, obj.unitId);
    return !!u && access.can(Permission.ADMINISTER, u);
  }
  // A hook and its deliveries: for the administrators of the hook's unit (its URL says where data goes).
  if (obj instanceof Webhook) {
    const u = await unit(ctx, obj.unitId);
    return !!u && access.can(Permission.ADMINISTER, u);
  }
  if (obj instanceof WebhookDelivery) {
    const hook = await ctx.loaders.byId(Webhook).load(obj.webhookId);
    return !!hook && (await isVisible(ctx, hook));
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
    if (!ctx.access.isDeploymentAdmin) throw new AppError(ErrorCode.FORBIDDEN, M.rootIsForDeploymentAdmins());
    return null;
  }
  const target = await unit(ctx, unitId);
  if (!target) return null;
  ctx.audit.unitPaths.push(target.path);
  if (!ctx.access.can(permission, target)) {
    const what = ctx.access.canSeeBasic(target) ? target.name : LABELS.thisUnit;
    const verb = {
      [Permission.ADMINISTER]: VERBS.ADMINISTER,
      [Permission.READ]: VERBS.READ,
      [Permission.WRITE]: VERBS.WRITE,
      [Permission.MODULE_WORK]: VERBS.MODULE_WORK,
    }[permission];
    throw new AppError(ErrorCode.FORBIDDEN, M.mayNot({ verb, what }));
  }
  // A module's mutation works only where its module is on: checked here, for every unit it names.
  if (ctx.audit.module) await requireModule(ctx, target.id);
  return target;
}

/** Refuses with FORBIDDEN for a rule the policy alone cannot express; audited under the unit. */
export function deny(ctx: Context, unit: OrgUnit | null, message: Message): never {
  if (unit) ctx.audit.unitPaths.push(unit.path);
  throw new AppError(ErrorCode.FORBIDDEN, message);
}

/**
 * For a mutation on the viewer's own things (their password, their read receipt): being signed in
 * as that account or member is the check. Says so for the audit log like requireUnit does.
 */
export function requireSelf(ctx: Context): void {
  if (!ctx.access.signedIn) throw new AppError(ErrorCode.UNAUTHENTICATED, M.signInFirst());
  ctx.audit.checked = true;
}

/** For a read that names a unit in its arguments (`under`): NOT_FOUND when the viewer may not read it. */
export async function readableUnit(ctx: Context, unitId: number | null): Promise<OrgUnit> {
  const target = unitId === null ? null : await unit(ctx, unitId);
  if (!target || !ctx.access.canRead(target))
    throw new AppError(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }));
  return target;
}

// ─── Ids in mutation inputs ───────────────────────────────────────────────────────────────────────

const partTypesByApp = new WeakMap<App, Map<string, { entity: Class; spec: PartSpec }>>();

/** The object a global id names (a part is answered with the Node it belongs to), or null. */
async function objectOfId(ctx: Context, id: string): Promise<object | null> {
  const node = await loadNode(ctx, id);
  if (node) return node;
  const parsed = fromGlobalId(id);
  if (!parsed || !/^[1-9][0-9]{0,9}$/.test(parsed.key) || Number(parsed.key) > 2147483647) return null;
  let types = partTypesByApp.get(ctx.app);
  if (!types) partTypesByApp.set(ctx.app, (types = partTypes(ctx.app.registry.types)));
  const part = types.get(parsed.type);
  if (!part) return null;
  const row = await ctx.loaders.byId<object>(part.entity).load(Number(parsed.key));
  if (!row) return null;
  return ctx.loaders.byId<object>(part.spec.owner()).load(part.spec.ownerId(row as never));
}

/** The units an object belongs to, as far as access is concerned (its audit trail goes to their administrators). */
async function unitsOf(ctx: Context, obj: object): Promise<OrgUnit[]> {
  let ids: (number | null)[] = [];
  if (obj instanceof OrgUnit) return [obj];
  if (obj instanceof Member) ids = [obj.branchId];
  else if (isUnitScoped(obj)) ids = [obj.scopeUnitId, ...(obj.alsoScopedTo ?? [])];
  else if (obj instanceof Grant) ids = [obj.unitId];
  else if (obj instanceof Webhook) ids = [obj.unitId];
  else if (obj instanceof WebhookDelivery)
    ids = [(await ctx.loaders.byId(Webhook).load(obj.webhookId))?.unitId ?? null];
  else if (obj instanceof Account) {
    const rows = await ctx.db.query<{ unit_id: number }[]>(
      `SELECT unit_id FROM access_grant WHERE account_id = $1 AND unit_id IS NOT NULL`,
      [obj.id],
    );
    ids = rows.map((r) => r.unit_id);
  }
  const units = await Promise.all(ids.filter((id): id is number => id !== null).map((id) => unit(ctx, id)));
  return units.filter((u): u is OrgUnit => !!u);
}

/** Paths of the units where the viewer works (ADMIN, SECRETARY, STATION_STAFF); null: the whole deployment. */
function workPaths(ctx: Context): (string | null)[] {
  const working = ['ADMIN', 'SECRETARY', 'STATION_STAFF'];
  return ctx.access.viewer?.grants.filter((g) => working.includes(g.role)).map((g) => g.path) ?? [];
}

/** May an id reach an object the viewer cannot see, as its input field declares (see IdReach)? */
async function withinReach(ctx: Context, reach: IdReach, owners: OrgUnit[]): Promise<boolean> {
  if (reach === IdReach.VISIBLE || owners.length === 0) return false;
  const paths = workPaths(ctx);
  if (paths.includes(null)) return true;
  const work = paths as string[];
  if (reach === IdReach.UNIT_ABOVE_WORK) return owners.some((u) => work.some((p) => p.startsWith(u.path)));
  // WORKING_COUNTY: the subtree of the nearest county committee at or above each unit of work.
  const counties = await Promise.all(
    work.map(async (p) => {
      const chain = await Promise.all(
        p
          .split('/')
          .filter(Boolean)
          .map((id) => unit(ctx, Number(id))),
      );
      const county = chain.reverse().find((u) => u?.kind === OrgUnitKind.COUNTY_COMMITTEE);
      return county?.path ?? p;
    }),
  );
  return owners.some((u) => counties.some((c) => u.path.startsWith(c)));
}

/**
 * The one check of every id in a mutation's arguments, core and modules alike, made before the
 * mutation runs: each id must name an object the viewer may see, exactly as `node(id)` would show
 * it, or lie within the reach its input field declares (`@Reaches`). An id that does not is refused
 * as if it did not exist: NOT_FOUND on its field path. The units of an object refused this way go
 * into the audit event, so their administrators see the attempt.
 */
export async function refusedInputIds(
  ctx: Context,
  args: readonly GraphQLArgument[],
  values: Record<string, unknown>,
): Promise<UserError[]> {
  const refs = inputIdRefs(args, values);
  const verdicts = await Promise.all(
    refs.map(async (ref) => {
      const obj = await objectOfId(ctx, ref.id);
      if (!obj) return false;
      if (await isVisible(ctx, obj)) return true;
      const owners = await unitsOf(ctx, obj);
      if (await withinReach(ctx, ref.reach, owners)) return true;
      ctx.audit.unitPaths.push(...owners.map((u) => u.path));
      return false;
    }),
  );
  return refs
    .filter((_, i) => !verdicts[i])
    .map((ref) => {
      const name = [...ref.path].reverse().find((p) => !/^\d+$/.test(p)) ?? 'id';
      return userError(ErrorCode.NOT_FOUND, M.notFound({ what: name }), ref.path);
    });
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
          throw new AppError(ErrorCode.UNAUTHENTICATED, M.signInFirst());
        if (isMutation) {
          ctx.audit = {
            ...noMutation(),
            operation: field.name,
            responseKey: String(info.path.key),
            module: mutationModule,
          };
          // Sign-in answers are credentials: never stored, so never replayed (src/graphql/idempotency.ts).
          if (publicField && ctx.idempotency)
            throw new AppError(ErrorCode.BAD_USER_INPUT, M.idempotencyNotForSignIn({ field: field.name }), {
              header: 'Idempotency-Key',
            });
          // Every id of the input, checked before the mutation's work; runMutation answers the refusals.
          ctx.audit.refusedIds = await refusedInputIds(ctx, field.args, args);
        }
        if (needsFullUnit && parent instanceof OrgUnit && !ctx.access.canRead(parent)) {
          throw new AppError(ErrorCode.FORBIDDEN, M.notPublished({ field: field.name, unit: parent.name }));
        }
        const value = await resolve(parent, args, ctx, info);
        // A mutation that did not go through runMutation never answered its refused ids: fail closed.
        if (isMutation && ctx.audit.refusedIds?.length)
          throw new AppError(ErrorCode.NOT_FOUND, M.idsNotFound({ list: ctx.audit.refusedIds.map((e) => e.entry) }));
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
