import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionArgs, ConnectionType, pageRequest, type ListSql } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { AppError, ErrorCode } from '../../graphql/errors';
import { decodeIntId } from '../../graphql/global-id';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { Account } from '../entities/account.entity';
import { AuditEvent } from '../entities/audit-event.entity';
import { Permission } from '../roles';

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
      if (!unit || !ctx.access.canRead(unit)) throw new AppError(ErrorCode.NOT_FOUND, 'unit not found');
      if (!ctx.access.can(Permission.ADMINISTER, unit))
        throw new AppError(ErrorCode.FORBIDDEN, `You do not administer ${unit.name}`);
      scope = [unit.path];
    } else if (scope !== null && scope.length === 0) {
      throw new AppError(ErrorCode.FORBIDDEN, 'The audit log is for administrators');
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
}
