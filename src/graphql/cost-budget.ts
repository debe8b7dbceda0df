import type { DataSource } from 'typeorm';
import { rateCountersOf, type CounterSpec } from '../db/rate-counters';

/** How long a process spends on what it last heard from the database before asking again. */
const FRESH_FOR_MS = 1_000;
/** At most this share of the budget is spent by a process without writing it down. */
const UNWRITTEN_SHARE = 0.01;
/** Below this share of the budget left, every operation takes its points in the database. */
const NEAR_THE_END_SHARE = 0.2;

/** What an operation was granted: where it stands, and how to give back what it did not produce. */
export interface BudgetGrant {
  accepted: boolean;
  /** Points spent in the window, this operation's included when accepted (as far as this process knows). */
  points: number;
  limit: number;
  resetsAt: Date;
  /** Gives back points the operation did not produce; resolves with nothing to do when spent locally. */
  giveBack(points: number): Promise<void>;
}

interface Known {
  spec: CounterSpec;
  /** What the database said the window had spent, and when it said it. */
  points: number;
  resetsAt: Date;
  heardAt: number;
  /** Spent by this process since, not yet written (refunds subtract). */
  unwritten: number;
}

/**
 * The hourly cost budget of every account (table `rate_limit`, shared by every process on the database).
 * Writing every operation's price took a statement and a commit per read; a front end's reads are
 * priced at a few nodes out of millions. So while an account is far from its budget, a process spends
 * locally and writes what it spent with its next statement for the key: at most once a second or every
 * 1 % of the budget. Near the end (a fifth left, as far as the process knows), or for an operation
 * priced over 1 %, every operation takes its price in the database and is refused there, exactly as
 * before. An account can so spend at most its budget plus 1 % per running process; `remaining` lags
 * the other processes by at most their last second.
 */
export class CostBudget {
  private readonly known = new Map<string, Known>();

  constructor(private readonly db: DataSource) {}

  async take(spec: CounterSpec, price: number, now: Date): Promise<BudgetGrant> {
    const k = this.known.get(spec.key);
    const t = now.getTime();
    const current = k && k.resetsAt.getTime() > t ? k : undefined;
    if (
      current &&
      t - current.heardAt < FRESH_FOR_MS &&
      t >= current.heardAt &&
      current.unwritten + price <= spec.limit * UNWRITTEN_SHARE &&
      current.points + current.unwritten + price <= spec.limit * (1 - NEAR_THE_END_SHARE)
    ) {
      current.unwritten += price;
      return {
        accepted: true,
        points: current.points + current.unwritten,
        limit: spec.limit,
        resetsAt: current.resetsAt,
        giveBack: async (points) => this.giveBackLocally(spec.key, current.resetsAt, points),
      };
    }
    const sent = current?.unwritten ?? 0;
    const [state] = await rateCountersOf(this.db).take([spec], price, now, sent);
    // Operations spent locally while the statement ran stay unwritten.
    const since = current ? current.unwritten - sent : 0;
    this.known.set(spec.key, { spec, points: state.points, resetsAt: state.resetsAt, heardAt: t, unwritten: since });
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

  /** Writes what was spent and not yet written (the process stops). */
  async flush(now: Date): Promise<void> {
    const t = now.getTime();
    const pending = [...this.known.values()].filter((k) => k.unwritten !== 0 && k.resetsAt.getTime() > t);
    this.known.clear();
    for (const k of pending) await rateCountersOf(this.db).take([k.spec], 0, now, k.unwritten);
  }
}

const budgets = new WeakMap<DataSource, CostBudget>();

/** The cost budget of a data source, made once. */
export function costBudgetOf(db: DataSource): CostBudget {
  let b = budgets.get(db);
  if (!b) {
    b = new CostBudget(db);
    budgets.set(db, b);
  }
  return b;
}
