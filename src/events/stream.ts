import { renewContext, type Context } from '../context';
import { isVisible, readableUnit } from '../auth/guard';
import { AppError, ErrorCode } from '../graphql/errors';
import { decodeIntId } from '../graphql/global-id';
import { loadNode } from '../graphql/node.resolver';
import { isDatabaseUnavailable } from '../db/unavailable';
import { CORE_MESSAGES as M } from '../messages/core';
import { metricsOf } from '../observability/metrics';
import { OrgUnit } from '../org/entities/org-unit.entity';
import type { OutboxEvent } from './hub';

/** What one delivered event resolves from (src/events/schema.ts); `refusal` ends the subscription. */
export interface EventPayload {
  event?: OutboxEvent;
  unit?: OrgUnit;
  node?: object | null;
  refusal?: AppError;
}

/** The credentials a subscription was opened with, re-verified before every event it delivers. */
interface Subscriber {
  authorization: string | undefined;
  /** Why the credentials were refused when the subscription's context was made. */
  refusal: AppError | null;
}
const subscribers = new WeakMap<Context, Subscriber>();

/** Records the credentials of a WebSocket operation's context (src/events/ws.ts). */
export function markSubscriber(ctx: Context, s: Subscriber): void {
  subscribers.set(ctx, s);
}

/**
 * Whether the context's viewer may learn of an event, decided for subscriptions and webhooks alike
 * (src/events/webhooks/worker.ts): its unit readable, its module on for that unit, its object visible
 * exactly as `node(id)` would show it. Returns the unit and the object, or null.
 */
export async function readableEvent(
  ctx: Context,
  event: Pick<OutboxEvent, 'unitId' | 'module' | 'nodeId'>,
): Promise<{ unit: OrgUnit; node: object | null } | null> {
  const unit = await ctx.loaders.byId(OrgUnit).load(event.unitId);
  if (!unit || !ctx.access.canRead(unit)) return null;
  if (event.module && !(await ctx.app.modules.isEnabled(ctx, unit.id, event.module))) return null;
  let node: object | null = null;
  if (event.nodeId) {
    node = await loadNode(ctx, event.nodeId);
    if (!node || !(await isVisible(ctx, node))) return null;
  }
  return { unit, node };
}

/** Events waiting for a slow subscriber; past this the oldest are dropped (and logged). */
const MAX_QUEUED = 1000;
const END = Symbol('end');

/**
 * `subscription { events(unit, types) }`: the viewer must be signed in (over WebSocket, with the same
 * token checks as HTTP) and may read `unit`; an account holds at most MAX_SUBSCRIPTIONS_PER_ACCOUNT
 * open subscriptions in this process.
 */
export async function subscribeEvents(
  ctx: Context,
  args: { unit: string; types?: string[] | null },
): Promise<AsyncIterableIterator<EventPayload>> {
  const subscriber = subscribers.get(ctx);
  if (subscriber?.refusal) throw subscriber.refusal;
  const viewer = ctx.access.viewer;
  if (!subscriber || !viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, M.signInFirst());
  const unit = await readableUnit(ctx, decodeIntId(args.unit, 'OrgUnit'));
  const limit = ctx.app.config.events.subscriptionsPerAccount;
  const hub = ctx.app.events;
  // Checked and counted without an await in between, so two subscribes at once cannot both pass.
  if (hub.openOf(viewer.accountId) >= limit)
    throw new AppError(ErrorCode.RATE_LIMITED, M.tooManySubscriptions({ limit }), { limit });
  const stream = new EventStream(ctx, subscriber);
  // The access line of a subscription: one when it starts and one when it ends.
  const line = {
    operation: 'events',
    unit: args.unit,
    types: args.types ?? null,
    accountId: viewer.accountId,
    address: ctx.clientAddress,
  };
  ctx.app.log.info({ ...line, requestId: ctx.requestId }, 'subscription started');
  stream.ended = (delivered) =>
    ctx.app.log.info({ ...line, delivered, requestId: ctx.requestId }, 'subscription ended');
  stream.stop = await hub.add({
    accountId: viewer.accountId,
    unitPath: unit.path,
    types: args.types?.length ? new Set(args.types) : null,
    deliver: (event) => stream.push(event),
  });
  return stream;
}

/**
 * One subscription's events, as graphql-js pulls them: each is checked under the subscriber's own
 * access right before it is handed on (the token still valid and its session open, the event's unit
 * readable, its object visible exactly as `node(id)` would show it, its module on for the unit), and
 * dropped silently otherwise: a subscriber never learns of an object it could not read.
 */
class EventStream implements AsyncIterableIterator<EventPayload> {
  stop: () => void = () => undefined;
  ended: (delivered: number) => void = () => undefined;
  private delivered = 0;
  private readonly queue: OutboxEvent[] = [];
  private waiting: ((e: OutboxEvent | typeof END) => void) | null = null;
  private done = false;

  constructor(
    private readonly ctx: Context,
    private readonly subscriber: Subscriber,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(event: OutboxEvent): void {
    if (this.done) return;
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = null;
      wake(event);
      return;
    }
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      this.ctx.app.log.warn({ accountId: this.ctx.access.viewer?.accountId }, 'subscriber too slow: an event dropped');
    }
    this.queue.push(event);
  }

  async next(): Promise<IteratorResult<EventPayload>> {
    while (!this.done) {
      const event =
        this.queue.shift() ?? (await new Promise<OutboxEvent | typeof END>((resolve) => (this.waiting = resolve)));
      if (event === END) break;
      const payload = await this.check(event);
      if (payload?.refusal) await this.return();
      else if (payload) this.delivered++;
      if (payload) return { value: payload, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<EventPayload>> {
    if (!this.done) {
      this.done = true;
      this.stop();
      this.ended(this.delivered);
      this.queue.length = 0;
      this.waiting?.(END);
      this.waiting = null;
    }
    return { value: undefined, done: true };
  }

  async throw(err: unknown): Promise<IteratorResult<EventPayload>> {
    await this.return();
    throw err;
  }

  private async check(event: OutboxEvent): Promise<EventPayload | null> {
    const { ctx } = this;
    try {
      // The same checks as an HTTP request's: an expired token, an ended session, a disabled account.
      const viewer = await ctx.app.auth.viewerFromHeader(this.subscriber.authorization, { fresh: true });
      if (!viewer) return { refusal: new AppError(ErrorCode.UNAUTHENTICATED, M.signInFirst()) };
      renewContext(ctx, viewer);
      const readable = await readableEvent(ctx, event);
      if (!readable) return null;
      metricsOf(ctx.app).eventsDelivered.inc({ type: event.type });
      return { event, ...readable };
    } catch (err) {
      if (err instanceof AppError) return { refusal: err };
      // The database is away for a moment: this event is not delivered; the subscription goes on.
      if (!isDatabaseUnavailable(err)) ctx.app.log.error({ err }, 'checking an event for a subscriber failed');
      return null;
    }
  }
}
