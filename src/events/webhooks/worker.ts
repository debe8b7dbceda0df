import { randomUUID } from 'node:crypto';
import type { App } from '../../context';
import { createContext } from '../../context';
import { toGlobalId } from '../../graphql/global-id';
import { isDatabaseUnavailable } from '../../db/unavailable';
import { metricsOf } from '../../observability/metrics';
import { readableEvent } from '../stream';
import { signDelivery } from './signature';

/** Deliveries one claim takes, and so sends at once; the rest wait for the next round. */
const BATCH = 8;
/** Beyond the request's timeout, how long a claim keeps other processes off a delivery. */
const LEASE_MARGIN_MS = 60_000;
const PRUNE_EVERY_MS = 3600_000;

interface Claimed {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: string;
  unit_id: number;
  node_id: string | null;
  module: string | null;
  occurred_at: Date;
  attempts: number;
  give_up_at: Date;
  url: string;
  secret: string;
  created_by: number;
}

/** How one attempt ended. */
type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'failed'; status: number | null; error: string }
  | { kind: 'withheld'; error: string };

/**
 * Each server process's sender of webhook deliveries (README, "Webhooks"). Deliveries are written
 * with their events (src/events/outbox.ts); every process looks for due ones every WEBHOOK_POLL_MS
 * and claims a few with `FOR UPDATE SKIP LOCKED`, moving their next attempt past the request's
 * timeout (a lease), so two processes never send one at once and a process that dies mid-request
 * only delays it. Each is checked under the registering account's access as it is now (the same
 * check as a subscription's, src/events/stream.ts), signed, POSTed, and its outcome recorded: 2xx is
 * delivered; anything else is tried again after an exponential, jittered wait until the delivery's
 * `give_up_at` (WEBHOOK_RETRY_HOURS after the event), then FAILED. Times written to the rows come
 * from the application clock; the polling timer is real time.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private pruner: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly app: App) {}

  /** Starts polling (a server does, src/server.ts; commands and tests that do not serve never send). */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.timer = setTimeout(
        () => void this.runOnce().finally(() => !this.stopped && tick()),
        this.app.config.webhooks.pollMs,
      );
      this.timer.unref();
    };
    tick();
    this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  /** Stops polling and waits for the deliveries in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pruner) clearInterval(this.pruner);
    await this.round?.catch(() => undefined);
  }

  /**
   * Sends every delivery that is due now, batch after batch; one round at a time per process (a call
   * during a round waits for it). Returns the attempts made.
   */
  runOnce(): Promise<number> {
    if (this.round) return this.round;
    this.round = this.sendDue()
      .catch((err: Error) => {
        if (!isDatabaseUnavailable(err)) this.app.log.error({ err }, 'webhook deliveries failed');
        return 0;
      })
      .finally(() => (this.round = null));
    return this.round;
  }

  private async sendDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      if (this.stopped) return attempted;
      const claimed = await this.claim();
      if (claimed.length === 0) return attempted;
      await Promise.all(claimed.map((d) => this.attempt(d)));
      attempted += claimed.length;
    }
  }

  private async claim(): Promise<Claimed[]> {
    const { timeoutMs } = this.app.config.webhooks;
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = await this.app.db.query<[Claimed[], number]>(
      `UPDATE webhook_delivery d
       SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $2)
       FROM webhook h
       WHERE h.id = d.webhook_id AND d.id IN (
         SELECT d2.id FROM webhook_delivery d2 JOIN webhook h2 ON h2.id = d2.webhook_id AND h2.active
         WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= $1
         ORDER BY d2.next_attempt_at, d2.id LIMIT $3
         FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.webhook_id, d.event_id::text, d.event_type, d.unit_id, d.node_id, d.module, d.occurred_at,
                 d.attempts, d.give_up_at, h.url, h.secret, h.created_by`,
      [this.app.clock.now(), (timeoutMs + LEASE_MARGIN_MS) / 1000, BATCH],
    );
    return rows;
  }

  private async attempt(d: Claimed): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.send(d);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) this.app.log.error({ err, delivery: d.id }, 'webhook delivery check failed');
      // Not sent: tried again when the lease ends.
      return;
    }
    await this.record(d, outcome);
  }

  private async send(d: Claimed): Promise<Outcome> {
    const { app } = this;
    // The registering account's access as it is now: a revoked grant or a disabled account sends nothing.
    const viewer = await app.auth.loadViewer(d.created_by, null, { fresh: true });
    if (!viewer) return { kind: 'withheld', error: 'ACCOUNT_DISABLED' };
    const ctx = createContext(app, randomUUID(), viewer, 'webhook');
    const readable = await readableEvent(ctx, { unitId: d.unit_id, module: d.module, nodeId: d.node_id });
    if (!readable) return { kind: 'withheld', error: 'NOT_READABLE' };
    const body = JSON.stringify({
      id: d.event_id,
      type: d.event_type,
      unit: toGlobalId('OrgUnit', d.unit_id),
      unitName: readable.unit.name,
      nodeId: d.node_id,
      occurredAt: d.occurred_at.toISOString(),
      delivery: toGlobalId('WebhookDelivery', d.id),
      attempt: d.attempts,
    });
    const timestamp = Math.floor(app.clock.now().getTime() / 1000);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Jiceng-Webhooks',
          'x-jiceng-event': d.event_type,
          'x-jiceng-delivery': toGlobalId('WebhookDelivery', d.id),
          'x-jiceng-timestamp': String(timestamp),
          'x-jiceng-signature': signDelivery(d.secret, timestamp, body),
        },
        body,
        // A redirect is an answer, not a 2xx: followed blindly it could send the signed body elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(app.config.webhooks.timeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
      return { kind: 'failed', status: res.status, error: `HTTP ${res.status}` };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const error = e.name === 'TimeoutError' ? 'TIMEOUT' : (e.cause?.code ?? e.name ?? 'ERROR');
      return { kind: 'failed', status: null, error };
    }
  }

  /** Writes the outcome, unless another claim took the delivery meanwhile (its lease ran out). */
  private async record(d: Claimed, o: Outcome): Promise<void> {
    const { app } = this;
    const now = app.clock.now();
    const metrics = metricsOf(app).webhookDeliveries;
    const mine = `WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`;
    if (o.kind === 'delivered') {
      await app.db.query(
        `UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = $3, last_status_code = $4, last_error = NULL ${mine}`,
        [d.id, d.attempts, now, o.status],
      );
      metrics.inc({ outcome: 'delivered' });
      return;
    }
    if (o.kind === 'withheld') {
      await app.db.query(`UPDATE webhook_delivery SET status = 'WITHHELD', last_error = $3 ${mine}`, [
        d.id,
        d.attempts,
        o.error,
      ]);
      metrics.inc({ outcome: 'withheld' });
      return;
    }
    const next = new Date(now.getTime() + this.backoff(d.attempts));
    const giveUp = next >= d.give_up_at;
    await app.db.query(
      `UPDATE webhook_delivery SET status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6 ${mine}`,
      [d.id, d.attempts, giveUp ? 'FAILED' : 'PENDING', giveUp ? now : next, o.status, o.error],
    );
    metrics.inc({ outcome: giveUp ? 'failed' : 'retry' });
    app.log.warn(
      { delivery: d.id, webhook: d.webhook_id, attempts: d.attempts, error: o.error, next: giveUp ? null : next },
      giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
    );
  }

  /** The wait after the n-th failed attempt: base·2^(n−1), at most the maximum, ±20 % so retries spread out. */
  backoff(attempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.app.config.webhooks;
    const wait = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts - 1, 40));
    return Math.round(wait * (0.8 + Math.random() * 0.4));
  }

  /** Finished deliveries are kept as long as outbox events (EVENT_RETENTION_DAYS), then deleted. */
  async prune(): Promise<void> {
    const before = new Date(this.app.clock.now().getTime() - this.app.config.events.retentionDays * 86400_000);
    await this.app.db
      .query(`DELETE FROM webhook_delivery WHERE status <> 'PENDING' AND occurred_at < $1`, [before])
      .catch((err: Error) => this.app.log.warn({ err: { message: err.message } }, 'pruning webhook deliveries failed'));
  }
}
