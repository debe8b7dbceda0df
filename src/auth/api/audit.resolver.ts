import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs, ConnectionType, pageRequest, type ListSql } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { AppError, ErrorCode } from '../../graphql/errors';
import { decodeIntId } from '../../graphql/global-id';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { Account } from '../entities/account.entity';
import { AuditEvent } from '../entities/audit-event.entity';
import { Permission, Role } from '../roles';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

/**
 * Who acted, as an administrator of the units an event touched may know it: the name and the role the
 * actor held then over those units (or over the whole deployment). Nothing else of the account: its
 * username, other grants and member record stay behind the account's own access rules.
 */
@ObjectType({ description: '操作人信息 — who made an audited change: name and role, for the auditors of its units' })
export class AuditActor {
  @Field({ description: '姓名 — the display name of the account that acted' })
  name: string;

  @Field(() => Role, {
    nullable: true,
    description:
      '角色 — the strongest role the actor holds over the units the event touched (or deployment-wide), among grants not revoked before the event; null when none',
  })
  role: Role | null;

  @Field({ description: '全局 — the role was held over the whole deployment (a deployment administrator)' })
  deploymentWide: boolean;

  @Field(() => String, {
    nullable: true,
    description: '授权单位 — the unit the role was held on; null for a deployment-wide role',
  })
  unitName: string | null;
}

interface ActorRow {
  event_id: number;
  name: string;
  role: Role | null;
  deployment_wide: boolean | null;
  unit_name: string | null;
}

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent', '审计记录');

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: '审计日志 — mutations under a unit you administer, newest first' })
  async auditEvents(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('under', () => ID, {
      nullable: true,
      description: '范围 — events that touched this unit or anything under it (default: all you administer)',
    })
    under?: string,
    @Arg('actor', () => ID, { nullable: true, description: '操作人 — events by this account' }) actor?: string,
    @Arg('operation', { nullable: true, description: '操作 — one mutation, e.g. createMember' }) operation?: string,
    @Arg('since', () => Date, { nullable: true, description: '起始时间 — events at or after this instant' })
    since?: Date,
  ) {
    let scope = ctx.access.adminScope();
    if (under) {
      const key = decodeIntId(under, 'OrgUnit');
      const unit = key === null ? null : await ctx.loaders.byId(OrgUnit).load(key);
      if (!unit || !ctx.access.canRead(unit))
        throw new AppError(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }));
      if (!ctx.access.can(Permission.ADMINISTER, unit))
        throw new AppError(ErrorCode.FORBIDDEN, M.notAdministrator({ unit: unit.name }));
      scope = [unit.path];
    } else if (scope !== null && scope.length === 0) {
      throw new AppError(ErrorCode.FORBIDDEN, M.auditForAdministrators());
    }
    const actorId = actor ? (decodeIntId(actor, 'Account') ?? -1) : null;
    const list = (): ListSql => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (scope !== null) {
        params.push(scope);
        where.push(`EXISTS (SELECT 1 FROM unnest(e.unit_paths) AS p(path), unnest($${params.length}::text[]) AS s(path)
          WHERE p.path >= s.path COLLATE "C" AND p.path < s.path || '~' COLLATE "C")`);
      }
      if (actorId !== null) where.push(`e.actor_id = $${params.push(actorId)}`);
      if (operation) where.push(`e.operation = $${params.push(operation)}`);
      if (since) where.push(`e.at >= $${params.push(since)}`);
      return {
        partition: '0',
        id: 'e.id',
        sort: ['(-e.id)'],
        from: `FROM audit_event e WHERE ${where.join(' AND ') || 'true'}`,
        params,
      };
    };
    return loadConnection(
      ctx,
      AuditEvent,
      'auditEvents',
      { scope, actorId, operation, since },
      pageRequest(page, info),
      0,
      list,
    );
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: '操作人 — the account that acted; null when nobody was signed in',
  })
  actor(@Root() e: AuditEvent, @Ctx() ctx: Context) {
    return e.actorId === null ? null : ctx.loaders.byId(Account).load(e.actorId);
  }

  @FieldResolver(() => AuditActor, {
    nullable: true,
    description:
      '操作人信息 — name and role of whoever acted, shown to every auditor of the event (`actor` is null for an account the viewer does not administer, e.g. the deployment administrator); null when nobody was signed in',
  })
  actedBy(@Root() e: AuditEvent, @Ctx() ctx: Context): Promise<AuditActor | null> | null {
    if (e.actorId === null) return null;
    return ctx.loaders
      .get<number, AuditActor | null>('auditActedBy', async (ids) => {
        // The strongest grant over one of the event's units (or deployment-wide) not revoked before the event.
        const rows = await ctx.db.query<ActorRow[]>(
          `SELECT e.id AS event_id, a.display_name AS name, g.role, g.deployment_wide, g.unit_name
           FROM audit_event e JOIN account a ON a.id = e.actor_id
           LEFT JOIN LATERAL (
             SELECT g.role, g.unit_id IS NULL AS deployment_wide, gu.name AS unit_name
             FROM access_grant g LEFT JOIN org_unit gu ON gu.id = g.unit_id
             WHERE g.account_id = a.id AND (g.revoked_at IS NULL OR g.revoked_at > e.at)
               AND (g.unit_id IS NULL OR EXISTS (SELECT 1 FROM unnest(e.unit_paths) AS p(path)
                      WHERE p.path >= gu.path COLLATE "C" AND p.path < gu.path || '~' COLLATE "C"))
             ORDER BY CASE g.role WHEN 'ADMIN' THEN 4 WHEN 'SECRETARY' THEN 3 WHEN 'STATION_STAFF' THEN 2
                                  WHEN 'ANALYST' THEN 1 ELSE 0 END DESC,
                      (g.unit_id IS NULL) DESC, g.id
             LIMIT 1) g ON true
           WHERE e.id = ANY($1::int[])`,
          [[...ids]],
        );
        const byId = new Map(
          rows.map((r): [number, AuditActor] => [
            r.event_id,
            { name: r.name, role: r.role, deploymentWide: !!r.deployment_wide, unitName: r.unit_name },
          ]),
        );
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(e.id);
  }
}
