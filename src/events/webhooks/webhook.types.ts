import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { Webhook, WebhookDelivery } from './entities';

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery', '投递记录');

@InputType({
  description: '登记 Webhook — a URL to receive the events of a unit you administer and everything under it',
})
export class RegisterWebhookInput {
  @Field(() => ID, { description: '组织 — the root of the subtree whose events it receives' })
  unitId: string;

  @Field({ description: '回调地址 — an http:// or https:// URL the events are POSTed to' })
  @MaxLength(2000)
  url: string;

  @Field(() => [String], {
    nullable: true,
    description: '事件类型 — only these EventType values; null or empty: every type',
  })
  eventTypes?: string[] | null;
}

@InputType({ description: '回调 — the webhook to change' })
export class WebhookInput {
  @Field(() => ID, { description: '回调 — the webhook' })
  webhookId: string;
}

@InputType({ description: '重发投递 — send a delivered, failed or withheld delivery again' })
export class RedeliverWebhookDeliveryInput {
  @Field(() => ID, { description: '投递记录 — the delivery' })
  deliveryId: string;
}

@ObjectType({ description: '登记结果 — the new hook and its secret' })
export class RegisterWebhookPayload {
  @Field(() => Webhook, { nullable: true, description: '回调 — the webhook; null when userErrors is not empty' })
  webhook?: Webhook | null;

  @Field(() => String, {
    nullable: true,
    description:
      '签名密钥 — signs every delivery (X-Jiceng-Signature); shown only here, so keep it now (a retry under the same Idempotency-Key shows it again)',
  })
  secret?: string | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '回调地址变更结果 — the hook after the change' })
export class WebhookPayload {
  @Field(() => Webhook, { nullable: true, description: '回调 — the webhook; null when userErrors is not empty' })
  webhook?: Webhook | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '删除结果 — which hook was deleted' })
export class DeleteWebhookPayload {
  @Field(() => ID, {
    nullable: true,
    description: '已删除 — the id the deleted hook had; its deliveries are gone with it (the audit log keeps the act)',
  })
  deletedWebhookId?: string | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '重发结果 — the delivery, waiting to be sent again' })
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { nullable: true, description: '投递记录 — null when userErrors is not empty' })
  delivery?: WebhookDelivery | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
