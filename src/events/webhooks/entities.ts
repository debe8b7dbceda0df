import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { describeEnum } from '../../graphql/enum';
import { toGlobalId } from '../../graphql/global-id';
import { Node } from '../../graphql/node';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  WITHHELD = 'WITHHELD',
}
describeEnum(WebhookDeliveryStatus, 'WebhookDeliveryStatus', '投递状态 — where a webhook delivery stands', {
  PENDING: '待投递 — not yet answered with 2xx; tried again at `nextAttemptAt`',
  DELIVERED: '已送达 — the receiver answered 2xx',
  FAILED: '投递失败 — no 2xx within the retry window (WEBHOOK_RETRY_HOURS); `redeliver` sends it again',
  WITHHELD: '未发送 — the registering account may not read this event (any more), so it was not sent',
});

/**
 * A URL an administrator registered for a subtree's events (src/events/webhooks/). Its secret signs
 * every delivery; it is stored (signing needs it) and shown once, when the hook is registered.
 */
@Entity('webhook')
@ObjectType('Webhook', {
  implements: Node,
  description: '回调地址 — webhook: a URL that receives, signed, the events of a unit and everything under it',
})
export class Webhook implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('Webhook', this.id);
  }

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field({ description: '回调地址 — where the events are POSTed (http or https)' })
  @Column({ type: 'text' })
  url: string;

  @Field(() => [String], {
    nullable: true,
    description: '事件类型 — the EventType values it receives; null: every type',
  })
  @Column({ name: 'event_types', type: 'text', array: true, nullable: true })
  eventTypes: string[] | null;

  @Column({ type: 'text' })
  secret: string;

  @Field({ description: '启用 — false while paused: no new events are queued for it and none is sent' })
  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_by', type: 'int' })
  createdBy: number;

  @Field({ description: '登记时间 — when it was registered' })
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One event owed to one hook, with its outcome so far. */
@Entity('webhook_delivery')
@ObjectType('WebhookDelivery', {
  implements: Node,
  description: '投递记录 — one event sent (or to be sent) to one webhook, and how it went',
})
export class WebhookDelivery implements Node {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  get nodeId(): string {
    return toGlobalId('WebhookDelivery', this.id);
  }

  @Column({ name: 'webhook_id', type: 'int' })
  webhookId: number;

  @Field({
    name: 'sequence',
    description: '事件序号 — the event’s `sequence`, as subscriptions carry it; also the body’s `id`',
  })
  @Column({ name: 'event_id', type: 'bigint' })
  eventId: string;

  @Field({ name: 'type', description: '事件类型 — an EventType value' })
  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Field(() => String, {
    name: 'nodeId',
    nullable: true,
    description: '对象标识 — global id of the changed object, or null',
  })
  @Column({ name: 'node_id', type: 'text', nullable: true })
  objectNodeId: string | null;

  @Column({ type: 'text', nullable: true })
  module: string | null;

  @Field({ description: '发生时间 — when the change was made' })
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => WebhookDeliveryStatus, { description: '状态 — where it stands' })
  @Column({ type: 'text' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: '尝试次数 — POSTs made so far' })
  @Column({ type: 'int' })
  attempts: number;

  @Field({ description: '下次尝试 — when a pending delivery is tried next' })
  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Field({ description: '放弃时间 — a pending delivery not answered 2xx by then becomes FAILED' })
  @Column({ name: 'give_up_at', type: 'timestamptz' })
  giveUpAt: Date;

  @Field(() => Int, { nullable: true, description: '最近状态码 — HTTP status of the last answer; null: none came' })
  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, {
    nullable: true,
    description: '最近错误 — why the last attempt failed (a status, a timeout, a refused connection)',
  })
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: '送达时间 — when the receiver answered 2xx' })
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
