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

/**
 * Where tests hold the listener between its steps (test/core/event-delivery.test.ts), to run one
 * interleaving for certain instead of waiting for it to happen: each hook is awaited at its step.
 */
export interface EventHubSeam {
  /** Before each query of the outbox, with the id it reads after. */
  beforeQuery?(after: bigint): Promise<void>;
  /** After a query returned its rows, before any is handed on. */
  afterQuery?(ids: string[]): Promise<void>;
  /** A notification arrived (before the read it asks for). */
  notified?(): void;
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
  /** The one read loop (single flight): `readWanted` asks it, or the next one, to read again. */
  private reading: Promise<void> | null = null;
  private readRunning = false;
  private readWanted = false;
  /** Each listener's highest delivered id: a row reaches a subscriber at most once, and in id order. */
  private readonly delivered = new WeakMap<EventListener, bigint>();
  private connecting = false;
  private started = false;
  private closed = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private pruner: NodeJS.Timeout | null = null;
  /** Settles when the listening connection is up (tests and the first subscriber wait for it). */
  private ready: Promise<void> | null = null;

  /** Hooks for tests only; never set in the server. */
  seam: EventHubSeam = {};

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
    // A subscription receives what commits after it starts: nothing at or below the id read so far.
    this.delivered.set(listener, this.lastId ?? 0n);
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

  /** Settles when no read is running (tests wait for the listener to be idle before holding it). */
  async idle(): Promise<void> {
    await this.ready;
    while (this.readRunning) await this.reading;
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

  /** One connection attempt at a time: a second one would leave a listening connection nobody ends. */
  private async connect(): Promise<void> {
    if (this.connecting || this.closed) return;
    this.connecting = true;
    try {
      await this.connectOnce();
    } finally {
      this.connecting = false;
    }
  }

  private async connectOnce(): Promise<void> {
    const options = this.app.db.options as { url?: string };
    const client = new pg.Client({
      connectionString: options.url,
      application_name: 'jiceng-events',
      options: `-c TimeZone=${this.app.config.timeZone}`,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', () => {
      this.seam.notified?.();
      this.read();
    });
    try {
      await this.listenOn(client);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  private async listenOn(client: pg.Client): Promise<void> {
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
    // A connection that is not (or not yet) the current one: its attempt reports its own failure.
    if (this.client !== client) return;
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

  /**
   * Asks for the rows after the last seen id. One loop reads at a time (single flight): a call while
   * it runs only marks that it must read once more, and the loop checks that mark and ends in one
   * synchronous step, so no request falls between them and no second loop starts beside it.
   */
  private read(): void {
    this.readWanted = true;
    if (this.readRunning) return;
    this.readRunning = true;
    this.reading = this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      while (this.readWanted && this.client && this.lastId !== null) {
        this.readWanted = false;
        await this.readAll(this.client);
      }
    } catch (err) {
      this.app.log.warn({ err: { message: (err as Error).message } }, 'reading the event outbox failed');
    } finally {
      // In the same step as the loop's last check: a request made from here on starts a new loop.
      this.readRunning = false;
    }
  }

  /** Reads batch after batch on one connection, while it is the current one. */
  private async readAll(client: pg.Client): Promise<void> {
    let more = true;
    while (more && this.client === client && this.lastId !== null) {
      const after = this.lastId;
      await this.seam.beforeQuery?.(after);
      const { rows } = await client.query<{
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
        [after.toString()],
      );
      await this.seam.afterQuery?.(rows.map((r) => r.id));
      for (const r of rows) {
        const id = BigInt(r.id);
        // Another read moved past these rows meanwhile: they were handed on already.
        if (this.lastId !== null && id <= this.lastId) continue;
        this.lastId = id;
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
  }

  private dispatch(event: OutboxEvent): void {
    const id = BigInt(event.id);
    for (const l of this.listeners) {
      if (!event.unitPath.startsWith(l.unitPath)) continue;
      if (l.types && !l.types.has(event.type)) continue;
      // At most once and in order, whatever path brought the row here again.
      const last = this.delivered.get(l) ?? 0n;
      if (id <= last) {
        this.app.log.warn({ sequence: event.id, last: last.toString() }, 'event not delivered twice to a subscriber');
        continue;
      }
      this.delivered.set(l, id);
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
