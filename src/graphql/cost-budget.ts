import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { rateCountersOf, type CounterSpec } from '../db/rate-counters';

/** How long a process spends on what it last heard from the database before asking again. */
const FRESH_FOR_MS = 1_000;
/** At most this share of the budget is spent by a process without writing it down. */
const UNWRITTEN_SHARE = 0.01;
/** Below this share of the budget left, every operation takes its points in the database. */
const NEAR_THE_END_SHARE = 0.2;
/** A key not used for this long has what it spent written, and is forgotten. */
const QUIET_MS = 10_000;
/** How often the process looks for quiet keys. */
const SWEEP_EVERY_MS = 5_000;

/** What an operation was granted: where it stands, and how to give back what it did not produce. */
export interface BudgetGrant {
  accepted: boolean;
  /** Points spent in the window, this operation's included when accepted (as far as this process knows). */
  points: number;
  limit: number;
  resetsAt: Date;
  /** Gives back points the operation did not produce. */
  giveBack(points: number): Promise<void>;
}

interface Known {
  spec: CounterSpec;
  /** What the database last said the window had spent, when, and in answer to which take. */
  points: number;
  resetsAt: Date;
  heardAt: number;
  heardFrom: number;
  /** Spent by this process and not yet written (refunds subtract). */
  unwritten: number;
}

/**
 * The hourly cost budget of every account (table `rate_limit`, shared by every process on the database).
 * Writing every operation's price took a statement and a commit per read; a front end's reads are
 * priced at a few nodes out of millions. So while an account is far from its budget, a process spends
 * locally and writes what it spent with its next statement for the key: at most a second or 1 % of the
 * budget later, or after ten seconds of quiet, or when it stops. Near the end (a fifth left, as far as
 * the process knows), or for an operation priced over 1 %, every operation takes its price in the
 * database and is refused there, exactly as before. An account can so spend at most its budget plus
 * 1 % per running process; `remaining` lags the other processes by at most that. What a process loses
 * (a refund after its key was forgotten, an operation still answering when the process stops) only
 * ever charges the account more, never less.
 */
export class CostBudget {
  private readonly known = new Map<string, Known>();
  private takes = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Keys this process keeps now (for the tests and the curious). */
  get keysKept(): number {
    return this.known.size;
  }

  async take(spec: CounterSpec, price: number, now: Date): Promise<BudgetGrant> {
    const t = now.getTime();
    let k = this.known.get(spec.key);
    if (k && k.resetsAt.getTime() <= t) {
      // The window has ended, and what was spent in it with it.
      this.known.delete(spec.key);
      k = undefined;
    }
    if (
      k &&
      t - k.heardAt < FRESH_FOR_MS &&
      t >= k.heardAt &&
      k.unwritten + price <= spec.limit * UNWRITTEN_SHARE &&
      k.points + k.unwritten + price <= spec.limit * (1 - NEAR_THE_END_SHARE)
    ) {
      k.unwritten += price;
      this.sweepLater();
      const resetsAt = k.resetsAt;
      return {
        accepted: true,
        points: k.points + k.unwritten,
        limit: spec.limit,
        resetsAt,
        giveBack: async (points) => this.giveBackLocally(spec.key, resetsAt, points),
      };
    }
    // What was spent locally goes with this statement; operations spending meanwhile add to it anew.
    const sent = k?.unwritten ?? 0;
    if (k) k.unwritten -= sent;
    const asked = ++this.takes;
    let state;
    try {
      [state] = await rateCountersOf(this.db).take([spec], price, now, sent);
    } catch (err) {
      if (k && this.known.get(spec.key) === k) k.unwritten += sent;
      throw err;
    }
    const current = this.known.get(spec.key);
    if (current && current.resetsAt.getTime() === state.resetsAt.getTime()) {
      // Answers can come back out of order: only a later question updates what is known.
      if (asked > current.heardFrom) Object.assign(current, { points: state.points, heardAt: t, heardFrom: asked });
    } else if (!current || state.resetsAt.getTime() > current.resetsAt.getTime()) {
      this.known.set(spec.key, {
        spec,
        points: state.points,
        resetsAt: state.resetsAt,
        heardAt: t,
        heardFrom: asked,
        unwritten: 0,
      });
      // Every key kept is swept in time, whether or not it ever spends locally (one address, one request).
      this.sweepLater();
    }
    return {
      ...state,
      giveBack: (points) => rateCountersOf(this.db).settle({ giveBack: [spec.key], points }),
    };
  }

  /** A refund of an operation spent locally; after its window has ended there is nothing to give back. */
  private giveBackLocally(key: string, resetsAt: Date, points: number): void {
    const k = this.known.get(key);
    if (k && k.resetsAt.getTime() === resetsAt.getTime()) k.unwritten -= points;
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      this.writeQuiet(this.clock.now()).catch(() => undefined);
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Forgets keys whose window ended or that were not used for a while, writing what they spent. */
  async writeQuiet(now: Date): Promise<void> {
    const t = now.getTime();
    const quiet: Known[] = [];
    for (const [key, k] of this.known) {
      if (k.resetsAt.getTime() <= t) this.known.delete(key);
      else if (t - k.heardAt >= QUIET_MS || t < k.heardAt) {
        this.known.delete(key);
        if (k.unwritten !== 0) quiet.push(k);
      }
    }
    if (this.known.size > 0) this.sweepLater();
    await this.write(quiet);
  }

  /** Writes what was spent and not yet written (the process stops). */
  async flush(): Promise<void> {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    const now = this.clock.now().getTime();
    const pending = [...this.known.values()].filter((k) => k.unwritten !== 0 && k.resetsAt.getTime() > now);
    this.known.clear();
    await this.write(pending);
  }

  private write(spent: Known[]): Promise<void> {
    return rateCountersOf(this.db).addSpent(
      spent.map((k) => ({ key: k.spec.key, points: k.unwritten, resetsAt: k.resetsAt })),
    );
  }
}

const budgets = new WeakMap<DataSource, CostBudget>();

/** The cost budget of a data source, made once. */
export function costBudgetOf(db: DataSource, clock: Clock): CostBudget {
  let b = budgets.get(db);
  if (!b) {
    b = new CostBudget(db, clock);
    budgets.set(db, b);
  }
  return b;
}
