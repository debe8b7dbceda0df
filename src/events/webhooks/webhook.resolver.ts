import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { requireUnit } from '../../auth/guard';
import { Account } from '../../auth/entities/account.entity';
import { Permission } from '../../auth/roles';
import { ConnectionArgs, pageRequest } from '../../graphql/connection';
import { loadConnection } from '../../graphql/connection-loader';
import { ErrorCode, refuse } from '../../graphql/errors';
import { inputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { Webhook, WebhookDelivery, WebhookDeliveryStatus } from './entities';
import { newWebhookSecret } from './signature';
import { eventTypesOf } from '../schema';
import {
  DeleteWebhookPayload,
  RedeliverWebhookDeliveryInput,
  RegisterWebhookInput,
  RegisterWebhookPayload,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookInput,
  WebhookPayload,
} from './webhook.types';

/** The hook an input names, locked for the change, on a unit the viewer administers. */
async function administeredHook(ctx: Context, id: string, field: string[]): Promise<Webhook> {
  const hook = await ctx.db.findOne(Webhook, {
    where: { id: inputId(id, 'Webhook', field) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!hook) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.webhook }), field);
  await requireUnit(ctx, hook.unitId, Permission.ADMINISTER);
  return hook;
}

/** Only http and https, as a URL parses it; credentials in the URL would be logged and shown. */
function checkedUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password)
    refuse(ErrorCode.BAD_USER_INPUT, M.webhookUrl(), ['input', 'url']);
  return parsed.toString();
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Mutation(() => RegisterWebhookPayload, {
    description:
      '登记 Webhook — POST the events of a unit you administer (and everything under it) to a URL, signed with a new secret',
  })
  registerWebhook(
    @Ctx() ctx: Context,
    @Arg('input', { description: '回调 — the webhook: unit, URL and event types' }) input: RegisterWebhookInput,
  ): Promise<RegisterWebhookPayload> {
    return runMutation(ctx, input, async (tx) => {
      const unitId = inputId(input.unitId, 'OrgUnit', ['input', 'unitId']);
      const unit = await requireUnit(ctx, unitId, Permission.ADMINISTER);
      if (!unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), ['input', 'unitId']);
      const url = checkedUrl(input.url);
      const known = new Set(eventTypesOf(ctx.app.registry).map((e) => e.name));
      const types = [...new Set(input.eventTypes ?? [])];
      types.forEach((type, i) => {
        if (!known.has(type))
          refuse(ErrorCode.BAD_USER_INPUT, M.unknownEventType({ type }), ['input', 'eventTypes', String(i)]);
      });
      const secret = newWebhookSecret();
      const webhook = await tx.save(
        tx.create(Webhook, {
          unitId: unit.id,
          url,
          eventTypes: types.length ? types : null,
          secret,
          active: true,
          createdBy: ctx.access.viewer!.accountId,
          createdAt: ctx.now,
        }),
      );
      return { webhook, secret };
    });
  }

  @Mutation(() => WebhookPayload, {
    description: '暂停 Webhook — queue no new events for the hook and send none until it is resumed',
  })
  pauseWebhook(@Ctx() ctx: Context, @Arg('input', { description: '回调 — the webhook' }) input: WebhookInput) {
    return this.setActive(ctx, input, false);
  }

  @Mutation(() => WebhookPayload, {
    description: '恢复 Webhook — queue events again, and send what was waiting (events while paused are not queued)',
  })
  resumeWebhook(@Ctx() ctx: Context, @Arg('input', { description: '回调 — the webhook' }) input: WebhookInput) {
    return this.setActive(ctx, input, true);
  }

  private setActive(ctx: Context, input: WebhookInput, active: boolean): Promise<WebhookPayload> {
    return runMutation(ctx, input, async (tx) => {
      const hook = await administeredHook(ctx, input.webhookId, ['input', 'webhookId']);
      await tx.update(Webhook, { id: hook.id }, { active });
      return { webhook: await tx.findOneOrFail(Webhook, { where: { id: hook.id } }) };
    });
  }

  @Mutation(() => DeleteWebhookPayload, {
    description: '删除 Webhook — the hook and its delivery log; deliveries still waiting are not sent',
  })
  deleteWebhook(
    @Ctx() ctx: Context,
    @Arg('input', { description: '回调 — the webhook' }) input: WebhookInput,
  ): Promise<DeleteWebhookPayload> {
    return runMutation(ctx, input, async (tx) => {
      const hook = await administeredHook(ctx, input.webhookId, ['input', 'webhookId']);
      await tx.delete(Webhook, { id: hook.id });
      return { deletedWebhookId: hook.nodeId };
    });
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: '重发投递 — send a delivery again now, retried as a new one (its log starts from its last outcome)',
  })
  redeliverWebhookDelivery(
    @Ctx() ctx: Context,
    @Arg('input', { description: '投递记录 — the delivery' }) input: RedeliverWebhookDeliveryInput,
  ): Promise<WebhookDeliveryPayload> {
    return runMutation(ctx, input, async (tx) => {
      const field = ['input', 'deliveryId'];
      const delivery = await tx.findOne(WebhookDelivery, {
        where: { id: inputId(input.deliveryId, 'WebhookDelivery', field) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!delivery) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.webhookDelivery }), field);
      const hook = await tx.findOneOrFail(Webhook, { where: { id: delivery.webhookId } });
      await requireUnit(ctx, hook.unitId, Permission.ADMINISTER);
      if (delivery.status === WebhookDeliveryStatus.PENDING)
        refuse(ErrorCode.INVALID_STATE, M.deliveryPending(), field);
      const giveUpAt = new Date(ctx.now.getTime() + ctx.app.config.webhooks.retryHours * 3600_000);
      await tx.update(
        WebhookDelivery,
        { id: delivery.id },
        { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: ctx.now, giveUpAt, deliveredAt: null },
      );
      return { delivery: await tx.findOneOrFail(WebhookDelivery, { where: { id: delivery.id } }) };
    });
  }

  @FieldResolver(() => OrgUnit, { description: '组织 — the root of the subtree whose events it receives' })
  unit(@Root() h: Webhook, @Ctx() ctx: Context) {
    return ctx.loaders.byId(OrgUnit).load(h.unitId);
  }

  @FieldResolver(() => Account, {
    nullable: true,
    description: '登记人 — the account that registered it; the hook carries only what this account may read',
  })
  createdBy(@Root() h: Webhook, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Account).load(h.createdBy);
  }

  @FieldResolver(() => WebhookDeliveryConnection, {
    description: '投递记录 — its deliveries, newest first',
  })
  deliveries(
    @Root() h: Webhook,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: ConnectionArgs,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true, description: '状态 — only deliveries in this state' })
    status?: WebhookDeliveryStatus,
  ) {
    return loadConnection(
      ctx,
      WebhookDelivery,
      'webhookDeliveries',
      { status },
      pageRequest(page, info),
      h.id,
      (ids) => {
        const params: unknown[] = [ids];
        const byStatus = status ? ` AND d.status = $${params.push(status)}` : '';
        return {
          partition: 'd.webhook_id',
          id: 'd.id',
          sort: ['(-d.id)'],
          from: `FROM webhook_delivery d WHERE d.webhook_id = ANY($1)${byStatus}`,
          params,
        };
      },
    );
  }
}

@Resolver(() => OrgUnit)
export class OrgUnitWebhooksResolver {
  @FieldResolver(() => [Webhook], {
    description:
      '回调地址 — webhook: the hooks registered on this unit and the units under it; for its administrators only (empty for others)',
  })
  async webhooks(@Root() unit: OrgUnit, @Ctx() ctx: Context): Promise<Webhook[]> {
    if (!ctx.access.can(Permission.ADMINISTER, unit)) return [];
    return ctx.db
      .getRepository(Webhook)
      .createQueryBuilder('h')
      .innerJoin(OrgUnit, 'u', 'u.id = h.unit_id')
      .where('starts_with(u.path, :path)', { path: unit.path })
      .orderBy('h.id')
      .getMany();
  }
}
