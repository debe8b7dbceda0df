import pg from 'pg';
import type { App } from '../context';
import { EVENT_CHANNEL } from './outbox';

/** One outbox row as the hub hands it to subscribers. */
export interface OutboxEvent {
  /** The outbox id: increasing in commit order, as a decimal string (bigint). */
  id: string;
  type: string;
  unitId: number;
  unitPath: string;
  nodeId: string | null;
  module: string | null;
  occurredAt: Date;
}

/** A subscription's interest: events in a subtree, optionally of some types. */
export interface EventListener {
  accountId: number;
  unitPath: string;
  types: ReadonlySet<string> | null;
  deliver(event: OutboxEvent): void;
}

const BATCH = 500;
const PRUNE_EVERY_MS = 3600_000;
const RECONNECT_MS = [250, 1000, 2000, 5000, 10_000];

/**
 * Each server process's one reader of the event outbox (docs/ARCHITECTURE.md, "Events"). It holds a
 * dedicated connection outside the pool that LISTENs on `jiceng_events`; a notification (sent by
 * PostgreSQL when a mutation that wrote events commits, in any process) makes it read the rows after
 * the last id it saw and hand each to the local subscriptions whose subtree and types match. After a
 * lost connection it reconnects and catches up from that id, so nothing committed meanwhile is
 * missed. It starts with the first subscription, and prunes rows older than EVENT_RETENTION_DAYS
 * (by the application clock) once an hour.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly perAccount = new Map<number, number>();
  private client: pg.Client | null = null;
  private lastId: bigint | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private started = false;
  private closed = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private pruner: NodeJS.Timeout | null = null;
  /** Settles when the listening connection is up (tests and the first subscriber wait for it). */
  private ready: Promise<void> | null = null;

  constructor(private readonly app: App) {}

  /** Open subscriptions in this process. */
  get open(): number {
    return this.listeners.size;
  }

  openOf(accountId: number): number {
    return this.perAccount.get(accountId) ?? 0;
  }

  /** Adds a subscription; the returned function removes it. Starts the listener on first use. */
  async add(listener: EventListener): Promise<() => void> {
    this.listeners.add(listener);
    this.perAccount.set(listener.accountId, this.openOf(listener.accountId) + 1);
    let removed = false;
    const remove = () => {
      if (removed) return;
      removed = true;
      this.listeners.delete(listener);
      const left = this.openOf(listener.accountId) - 1;
      if (left > 0) this.perAccount.set(listener.accountId, left);
      else this.perAccount.delete(listener.accountId);
    };
    await this.start();
    return remove;
  }

  /** Starts listening (once); resolves when the connection listens and the starting id is known. */
  start(): Promise<void> {
    if (!this.started && !this.closed) {
      this.started = true;
      // Never rejects: a database that cannot be reached now is retried, and subscriptions wait for it.
      this.ready = this.connect().catch((err: Error) => {
        this.app.log.warn({ err: { message: err.message } }, 'event listener cannot connect; retrying');
        this.scheduleReconnect();
      });
      this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
      this.pruner.unref();
      void this.prune();
    }
    return this.ready ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.pruner) clearInterval(this.pruner);
    const client = this.client;
    this.client = null;
    await this.reading?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const options = this.app.db.options as { url?: string };
    const client = new pg.Client({
      connectionString: options.url,
      application_name: 'jiceng-events',
      options: `-c TimeZone=${this.app.config.timeZone}`,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', () => this.read());
    await client.connect();
    if (this.closed) {
      await client.end();
      return;
    }
    await client.query(`LISTEN ${EVENT_CHANNEL}`);
    // Listening first, then the starting point: nothing committed in between is missed.
    if (this.lastId === null) {
      const { rows } = await client.query<{ last: string }>(
        `SELECT coalesce(max(id), 0)::text AS last FROM event_outbox`,
      );
      this.lastId = BigInt(rows[0].last);
    }
    this.client = client;
    this.attempt = 0;
    // After a reconnect: what was committed while the connection was down.
    this.read();
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client && this.client !== null) return;
    this.client = null;
    if (this.closed) return;
    this.app.log.warn(
      { err: err ? { message: err.message } : undefined },
      'event listener connection lost; reconnecting',
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retry || this.closed) return;
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch((err: Error) => {
        this.app.log.warn({ err: { message: err.message } }, 'event listener cannot connect; retrying');
        this.scheduleReconnect();
      });
    }, wait);
    this.retry.unref();
  }

  /** Reads every row after the last seen id, one batch after another; a read asked meanwhile runs after. */
  private read(): void {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        let more = true;
        while (more && this.client && this.lastId !== null) {
          const { rows } = await this.client.query<{
            id: string;
            type: string;
            unit_id: number;
            unit_path: string;
            node_id: string | null;
            module: string | null;
            occurred_at: Date;
          }>(
            `SELECT id::text, type, unit_id, unit_path, node_id, module, occurred_at
             FROM event_outbox WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
            [this.lastId.toString()],
          );
          for (const r of rows) {
            this.lastId = BigInt(r.id);
            this.dispatch({
              id: r.id,
              type: r.type,
              unitId: r.unit_id,
              unitPath: r.unit_path,
              nodeId: r.node_id,
              module: r.module,
              occurredAt: r.occurred_at,
            });
          }
          more = rows.length === BATCH;
        }
      } while (this.readAgain && this.client);
    })()
      .catch((err: Error) => this.app.log.warn({ err: { message: err.message } }, 'reading the event outbox failed'))
      .finally(() => {
        this.reading = null;
        // A notification that came after the loop's last check but before this line asked for a read.
        if (this.readAgain && this.client) this.read();
      });
  }

  private dispatch(event: OutboxEvent): void {
    for (const l of this.listeners) {
      if (!event.unitPath.startsWith(l.unitPath)) continue;
      if (l.types && !l.types.has(event.type)) continue;
      l.deliver(event);
    }
  }

  /** Deletes events older than the retention, judged by the application clock; any process may do it. */
  async prune(): Promise<number> {
    const before = new Date(this.app.clock.now().getTime() - this.app.config.events.retentionDays * 86400_000);
    try {
      const [, count] = (await this.app.db.query(`DELETE FROM event_outbox WHERE occurred_at < $1`, [before])) as [
        unknown,
        number,
      ];
      return count ?? 0;
    } catch (err) {
      this.app.log.warn({ err: { message: (err as Error).message } }, 'pruning the event outbox failed');
      return 0;
    }
  }
}
