import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../graphql/errors';
import { isDatabaseUnavailable } from './unavailable';
import { CORE_MESSAGES as M } from '../messages/core';

/** A counter to take points from: at most `limit` points per window of `windowSeconds`. */
export interface CounterSpec {
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface CounterState {
  key: string;
  /** True when the points were taken; false when they would have gone over the limit (nothing taken). */
  accepted: boolean;
  /** Points taken in the current window, this request's included when accepted. */
  points: number;
  limit: number;
  /** When the window ends and the counter starts again from zero. */
  resetsAt: Date;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Fixed-window counters in PostgreSQL (table `rate_limit`), shared by every process on the database:
 * the sign-in throttle and the hourly cost budget. Taking points is one statement whatever the
 * number of keys, atomic per key (the row lock orders concurrent takers), and takes nothing from a
 * key it would put over its limit. Windows are judged by the instant the caller passes (the
 * application's clock), so tests move them with the clock.
 *
 * The statements go to the pool directly, not through TypeORM: they are the limits' bookkeeping, not
 * the operation's work, so they do not count in `sqlStatements`.
 */
export class RateCounters {
  private lastPrune = 0;

  constructor(private readonly pool: pg.Pool) {}

  /**
   * Takes `points` from every counter, or from none of those that would go over (each key decides alone).
   * `spent` points (whole) were already spent in the counters' current window (a process's unwritten
   * spending): they are added whatever the answer, and dropped when the window has ended.
   */
  async take(specs: CounterSpec[], points: number, now: Date, spent = 0): Promise<CounterState[]> {
    this.pruneNowAndThen(now);
    const { rows } = await this.query<{
      key: string;
      points: string;
      max_points: string;
      resets_at: Date;
      accepted: boolean;
    }>(
      `INSERT INTO rate_limit AS c (key, points, max_points, resets_at, accepted)
       SELECT k.key, CASE WHEN $2 <= k.max_points THEN $2 ELSE 0 END, k.max_points,
              $3::timestamptz + make_interval(secs => k.window_seconds), $2 <= k.max_points
       FROM unnest($1::text[], $4::bigint[], $5::int[]) AS k(key, max_points, window_seconds)
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN c.resets_at <= $3 THEN EXCLUDED.points
                       WHEN GREATEST(c.points + $6::bigint, 0) + $2 <= EXCLUDED.max_points
                         THEN GREATEST(c.points + $6::bigint, 0) + $2
                       ELSE GREATEST(c.points + $6::bigint, 0) END,
         accepted = CASE WHEN c.resets_at <= $3 THEN EXCLUDED.accepted
                         ELSE GREATEST(c.points + $6::bigint, 0) + $2 <= EXCLUDED.max_points END,
         resets_at = CASE WHEN c.resets_at <= $3 THEN EXCLUDED.resets_at ELSE c.resets_at END,
         max_points = EXCLUDED.max_points
       RETURNING key, points, max_points, resets_at, accepted`,
      [specs.map((s) => s.key), points, now, specs.map((s) => s.limit), specs.map((s) => s.windowSeconds), spent],
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return specs.map((s) => {
      const r = byKey.get(s.key)!;
      return {
        key: s.key,
        accepted: r.accepted,
        points: Number(r.points),
        limit: Number(r.max_points),
        resetsAt: r.resets_at,
      };
    });
  }

  /**
   * Adds points spent earlier to counters, in one statement, each only if its window is still the one
   * (`resetsAt`) they were spent in: a window that has ended took its points with it.
   */
  async addSpent(spent: { key: string; points: number; resetsAt: Date }[]): Promise<void> {
    if (spent.length === 0) return;
    await this.query(
      `UPDATE rate_limit AS c SET points = GREATEST(c.points + s.points, 0)
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS s(key, points, resets_at)
       WHERE c.key = s.key AND c.resets_at = s.resets_at`,
      [spent.map((x) => x.key), spent.map((x) => x.points), spent.map((x) => x.resetsAt)],
    );
  }

  /**
   * Settles counters in one statement: `clear` keys start again from zero, `giveBack` keys get
   * `points` back (a reservation that turned out not to count).
   */
  async settle(o: { clear?: string[]; giveBack?: string[]; points?: number }): Promise<void> {
    if (!o.clear?.length && !o.giveBack?.length) return;
    await this.query(
      `WITH cleared AS (DELETE FROM rate_limit WHERE key = ANY($1::text[]))
       UPDATE rate_limit SET points = GREATEST(points - $3, 0) WHERE key = ANY($2::text[])`,
      [o.clear ?? [], o.giveBack ?? [], o.points ?? 1],
    );
  }

  /** A statement on the pool; an unreachable database is SERVICE_UNAVAILABLE, as for every other statement. */
  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, M.databaseUnavailable());
      throw err;
    }
  }

  /** Rows whose window has passed are dropped now and then (keys are per name and per address). */
  private pruneNowAndThen(now: Date): void {
    const t = now.getTime();
    if (Math.abs(t - this.lastPrune) < PRUNE_EVERY_MS) return;
    this.lastPrune = t;
    this.pool.query(`DELETE FROM rate_limit WHERE resets_at < $1`, [now]).catch(() => undefined);
  }
}

const counters = new WeakMap<DataSource, RateCounters>();

/** The counters of a data source (its pg pool), made once. */
export function rateCountersOf(db: DataSource): RateCounters {
  let c = counters.get(db);
  if (!c) {
    c = new RateCounters((db.driver as unknown as { master: pg.Pool }).master);
    counters.set(db, c);
  }
  return c;
}
