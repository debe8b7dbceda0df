import { AsyncResource } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { currentRequestScope, type RequestScope } from '../observability/request-context';
import { AppError, ErrorCode } from './errors';
import { CORE_MESSAGES as M, LABELS } from '../messages/core';
import type { Message } from '../messages/catalogue';

/** What the limiter needs of the running operation (an OperationCeilings, ceilings.ts). */
export interface SlotOwner {
  /** `account:<id>`, or `address:<ip>` for a request without a signed-in viewer. */
  readonly key: string;
  /** performance.now() after which a statement of the operation stops waiting for its turn. */
  readonly deadline: number;
  /** The error that stopped the operation, or null while it runs. */
  readonly stopped: AppError | null;
  /** Stops the operation with this error (its further resolvers refuse). */
  stop(error: AppError): AppError;
  /** Called once when the operation stops, whatever stopped it. */
  onStop(listener: (error: AppError) => void): void;
}

/** A statement waiting for one of its account's connections. */
interface Waiter {
  owner: SlotOwner;
  grant: () => void;
  refuse: (error: AppError) => void;
}

interface AccountState {
  running: number;
  queue: Waiter[];
}

/** Statements of one account waiting at once, beyond which the next is refused at once. */
export const MAX_WAITING_PER_ACCOUNT = 500;

/** How long before its operation's time limit a statement stops waiting for its account's turn. */
const WAIT_ENDS_BEFORE_DEADLINE_MS = 20;

const operations = new WeakMap<RequestScope, SlotOwner>();

/** Ties the running operation to the request scope, where the pool finds it for every statement. */
export function bindOperation(scope: RequestScope | undefined, owner: SlotOwner): void {
  if (scope) operations.set(scope, owner);
}

/**
 * At most `perAccount` pool connections for one account (or one anonymous address) at once, in this
 * process: the pool is per process, so this is where it is protected. A further statement of that
 * account waits in the account's own queue, first come first served, for one of the account's own
 * connections — never for another account's — until its operation's deadline; then the operation
 * answers RATE_LIMITED with retryAfterSeconds. Statements outside a GraphQL operation (start-up,
 * sign-in lookup of the viewer, /readyz) are not counted.
 */
export class AccountSlots {
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    readonly perAccount: number,
    /** When an account's oldest statement ends at the latest (the statement timeout), for retryAfterSeconds. */
    private readonly statementTimeoutMs: number,
  ) {}

  /** Calls `granted` once the owner's account may take a connection, or `refused` with the reason. */
  acquire(owner: SlotOwner, granted: () => void, refused: (error: AppError) => void): void {
    let account = this.accounts.get(owner.key);
    if (!account) {
      account = { running: 0, queue: [] };
      this.accounts.set(owner.key, account);
    }
    if (account.running < this.perAccount) {
      account.running++;
      granted();
      return;
    }
    if (account.queue.length >= MAX_WAITING_PER_ACCOUNT) {
      refused(this.refusal(owner, M.moreWaiting({ count: account.queue.length })));
      return;
    }
    const state = account;
    let timer: NodeJS.Timeout | undefined = undefined;
    const waiter: Waiter = {
      owner,
      grant: AsyncResource.bind(() => {
        clearTimeout(timer);
        granted();
      }),
      refuse: AsyncResource.bind(refused),
    };
    const leave = () => {
      clearTimeout(timer);
      const at = state.queue.indexOf(waiter);
      if (at >= 0) state.queue.splice(at, 1);
      return at >= 0;
    };
    timer = setTimeout(
      () => {
        if (!leave()) return;
        const error = this.refusal(owner, M.waitedTooLong());
        waiter.refuse(owner.stop(error));
        this.forget(owner.key);
      },
      // Just before the operation's own time limit: an operation that only waited for its turn is
      // answered RATE_LIMITED, not as a query that ran too long.
      Math.max(0, owner.deadline - performance.now() - WAIT_ENDS_BEFORE_DEADLINE_MS),
    );
    timer.unref();
    // The operation stopped for another reason (a ceiling): its statements stop waiting.
    owner.onStop((error) => {
      if (leave()) {
        waiter.refuse(error);
        this.forget(owner.key);
      }
    });
    account.queue.push(waiter);
  }

  /** A connection of the account went back to the pool: the next statement of the account takes it. */
  release(key: string): void {
    const account = this.accounts.get(key);
    if (!account) return;
    const next = account.queue.shift();
    if (next) {
      next.grant();
      return;
    }
    account.running--;
    this.forget(key);
  }

  private forget(key: string): void {
    const account = this.accounts.get(key);
    if (account && account.running === 0 && account.queue.length === 0) this.accounts.delete(key);
  }

  private refusal(owner: SlotOwner, why: Message): AppError {
    const retryAfterSeconds = Math.max(1, Math.ceil(this.statementTimeoutMs / 1000));
    const who = owner.key.startsWith('account:') ? LABELS.yourAccount : LABELS.yourAddress;
    return new AppError(
      ErrorCode.RATE_LIMITED,
      M.tooManyStatements({ who, limit: this.perAccount, why, retry: retryAfterSeconds }),
      { limit: this.perAccount, retryAfterSeconds },
    );
  }
}

type PoolCallback = (err: Error | undefined, client?: PoolClient, release?: (err?: unknown) => void) => void;
interface PoolClient {
  release: (err?: unknown) => void;
  /** The PostgreSQL backend's process id (pg's Client). */
  processID: number | null;
}
interface Pool {
  connect(cb?: PoolCallback): Promise<PoolClient> | undefined;
  /** pg-pool keeps the Client class and the connection options it was made with. */
  Client: new (options: unknown) => {
    on(event: 'error', fn: () => void): void;
    connect(): Promise<void>;
    query(sql: string, params: unknown[]): Promise<unknown>;
    end(): Promise<void>;
  };
  options: unknown;
}

const installed = new WeakMap<object, AccountSlots>();

/**
 * Puts the per-account bound in front of the data source's pool (pg-pool's `connect`, which TypeORM
 * and `pool.query` both use): a connection is taken only after the account's slot, and the slot is
 * given back with the connection. When an operation is stopped (a ceiling), the statements it has
 * running are cancelled in PostgreSQL, and their connections are closed rather than reused, so a late
 * cancel can never reach another request's statement. Installed once per pool; returns its limiter.
 */
export function installAccountSlots(db: DataSource, perAccount: number, statementTimeoutMs: number): AccountSlots {
  const pool = (db.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the data source is not initialised: no pool to limit');
  const existing = installed.get(pool);
  if (existing) return existing;
  const slots = new AccountSlots(perAccount, statementTimeoutMs);
  installed.set(pool, slots);
  const held = new WeakMap<SlotOwner, Set<PoolClient>>();
  const cancelled = new WeakSet<PoolClient>();
  const cancelRunning = (owner: SlotOwner) => {
    const clients = [...(held.get(owner) ?? [])];
    const pids = clients.map((c) => c.processID).filter((pid): pid is number => typeof pid === 'number');
    if (pids.length === 0) return;
    for (const c of clients) cancelled.add(c);
    // On a connection of its own: the pool may be full, and these are the operation's own backends.
    const canceller = new pool.Client(pool.options);
    canceller.on('error', () => undefined);
    void canceller
      .connect()
      .then(() => canceller.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]))
      .catch(() => undefined)
      .finally(() => canceller.end().catch(() => undefined));
  };
  const connect = pool.connect.bind(pool);
  pool.connect = (cb?: PoolCallback) => {
    const scope = currentRequestScope();
    const owner = scope && operations.get(scope);
    if (!owner) return connect(cb);
    if (!cb) {
      return new Promise<PoolClient>((resolve, reject) =>
        pool.connect((err, client) => (err ? reject(err) : resolve(client!))),
      );
    }
    const asked = performance.now();
    slots.acquire(
      owner,
      () => {
        connect((err, client, release) => {
          // The wait for the account's turn and for the pool: what a crowded pool costs this request.
          scope.connectionWaitMs = (scope.connectionWaitMs ?? 0) + (performance.now() - asked);
          if (err || !client || !release) {
            slots.release(owner.key);
            cb(err, client, release);
            return;
          }
          let clients = held.get(owner);
          if (!clients) {
            clients = new Set();
            held.set(owner, clients);
            if (!owner.stopped) owner.onStop(() => cancelRunning(owner));
          }
          clients.add(client);
          let given = false;
          const giveBack = (e?: unknown) => {
            if (given) return release(e);
            given = true;
            clients.delete(client);
            // A connection whose statement was cancelled is closed, never handed to another request.
            release(cancelled.has(client) ? new Error('statement cancelled: the operation was stopped') : e);
            slots.release(owner.key);
          };
          client.release = giveBack;
          cb(undefined, client, giveBack);
        });
      },
      (error) => cb(error),
    );
    return undefined;
  };
  return slots;
}
