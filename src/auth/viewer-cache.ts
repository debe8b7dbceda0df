import pg from 'pg';
import type { Logger } from 'pino';

/** The channel the triggers of migration 1765930000000 notify when what a viewer is made of changes. */
export const VIEWER_CHANNEL = 'jiceng_viewers';

/** Viewers kept at most; beyond it the oldest go (a process serves a county's staff, a few thousand). */
const MAX_ENTRIES = 20_000;
const RECONNECT_MS = [250, 1000, 2000, 5000, 10_000];
/** How long a write's answer waits for its own notification before the cache is emptied instead. */
const SETTLE_TIMEOUT_MS = 2000;
/** How often an idle listener proves it still hears (a settle of its own). */
const HEARTBEAT_MS = 15_000;
/** The payload of a settle (any process's); every other payload is a change. */
const SETTLE = 'settle:';

/**
 * The signed-in viewers of this process, kept between requests so that a request does not load its
 * account, grants and session again. Correct only while PostgreSQL tells it of every change: triggers
 * on accounts, sessions, grants and the tree (their paths) notify `jiceng_viewers` when a change commits,
 * in any process, and every notification empties the cache. While its listening connection is down (not
 * yet up, lost, reconnecting) nothing is kept and every request loads its viewer, as without a cache.
 *
 * A change committed by this process is seen by its next request: `settle()`, awaited before a
 * mutation's answer is sent, notifies the channel itself and waits for that notification to come back;
 * PostgreSQL delivers notifications in commit order, so the change's own has arrived before it. Another
 * process sees it when the notification arrives (a few milliseconds).
 */
export class ViewerCache<V> {
  private readonly kept = new Map<string, V>();
  /** Bumped by every notification: a load that began before one is not kept. */
  private generation = 0;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private attempt = 0;
  private closed = false;
  /** This process's settles in flight, by their payload. */
  private readonly waiting = new Map<string, () => void>();
  private settles = 0;
  /** Notifications handled one after another, in the order they came (the seam may hold them). */
  private handling: Promise<void> = Promise.resolve();
  /** Hooks for tests only; never set in the server. */
  seam: { beforeNotified?(payload: string): Promise<void> } = {};
  /** Names this process's settles apart from another process's (which it ignores) and from changes. */
  private readonly settlePrefix = `${SETTLE}${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Whether viewers are kept now (the listening connection is up). */
  get live(): boolean {
    return this.client !== null;
  }

  /** The viewer under `key`, loaded by `load` when not kept (and kept only if nothing changed meanwhile). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.client) {
      this.start();
      return load();
    }
    const kept = this.kept.get(key);
    if (kept !== undefined) return kept;
    const generation = this.generation;
    const loaded = await load();
    if (this.client && generation === this.generation) {
      if (this.kept.size >= MAX_ENTRIES) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, loaded);
    }
    return loaded;
  }

  /**
   * Returns once every notification committed before the call has reached this process (see the class
   * comment). Without a listening connection there is nothing kept to be stale.
   */
  async settle(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const token = `${this.settlePrefix}${++this.settles}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          this.waiting.set(token, resolve);
          client.query(`SELECT pg_notify($1, $2)`, [VIEWER_CHANNEL, token]).catch(() => undefined);
        }),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer')), SETTLE_TIMEOUT_MS);
          timer.unref();
        }),
      ]);
    } catch {
      // Not heard back: the connection may be dead without having said so. Keep nothing, and connect anew.
      this.drop(client, new Error('no answer to a settle'));
    } finally {
      clearTimeout(timer);
      this.waiting.delete(token);
    }
  }

  /** A notification: this process's own settle arriving (after every earlier one), or a change. */
  private notified(payload: string): void {
    if (payload.startsWith(SETTLE)) {
      this.waiting.get(payload)?.();
      return;
    }
    this.forget();
  }

  /** Stops listening and keeps nothing more. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.retry = null;
    const client = this.client;
    this.client = null;
    this.forget();
    this.releaseSettles();
    await this.connecting?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  /** Nothing is kept while there is no listener: the writes waiting for their settle need not wait. */
  private releaseSettles(): void {
    for (const settled of this.waiting.values()) settled();
  }

  /** A connection that no longer answers is ended and handled as lost. */
  private drop(client: pg.Client, why: Error): void {
    this.lost(client, why);
    void client.end().catch(() => undefined);
  }

  private forget(): void {
    this.generation++;
    this.kept.clear();
  }

  private start(): void {
    if (this.connecting || this.retry || this.closed) return;
    this.connecting = this.connect()
      .catch((err: Error) => {
        this.log.warn({ err: { message: err.message } }, 'viewer listener cannot connect; retrying');
        this.scheduleReconnect();
      })
      .finally(() => {
        this.connecting = null;
      });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'jiceng-viewers',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (n) => {
      const payload = n.payload ?? '';
      const hold = this.seam.beforeNotified;
      if (!hold) return this.notified(payload);
      this.handling = this.handling.then(() => hold(payload)).then(() => this.notified(payload));
    });
    let notifying: boolean;
    try {
      await client.connect();
      await client.query(`LISTEN ${VIEWER_CHANNEL}`);
      // Without the triggers (a database whose migration was reverted) nothing would empty the cache.
      const { rows } = await client.query(`SELECT to_regprocedure('viewer_changed()') IS NOT NULL AS notifying`);
      notifying = rows[0].notifying as boolean;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed || !notifying) {
      await client.end().catch(() => undefined);
      if (!notifying) {
        this.closed = true;
        this.log.warn('the database does not notify changes to viewers (migration 1765930000000): none is kept');
      }
      return;
    }
    // Listening from here on: what was kept before (nothing, or from before a lost connection) goes.
    this.forget();
    this.client = client;
    this.attempt = 0;
    // A connection cut without a word (an idle timeout in the network) is found by a settle left unanswered.
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.settle(), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    this.forget();
    this.releaseSettles();
    if (this.closed) return;
    this.log.warn({ err: err ? { message: err.message } : undefined }, 'viewer listener connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retry || this.closed) return;
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start();
    }, wait);
    this.retry.unref();
  }
}
