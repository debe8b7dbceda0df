import { createClient, type Client, type FormattedExecutionResult as Result } from 'graphql-ws';

type FormattedExecutionResult = Result<Record<string, unknown>, unknown>;
import WebSocket from 'ws';

/** A graphql-ws client as a front end opens it: the access token in the connection parameters. */
export function wsClient(
  httpUrl: string,
  token: string | null,
  /** webSocketImpl: a WebSocket class of the caller's (a drill's client address and trusted certificate). */
  o: { lazy?: boolean; webSocketImpl?: unknown } = {},
): Client & { closed: Promise<{ code: number; reason: string }> } {
  let closed!: (c: { code: number; reason: string }) => void;
  const done = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: o.webSocketImpl ?? WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: o.lazy ?? true,
    onNonLazyError: () => undefined, // a refused connection is reported by `closed`
    on: {
      closed: (e) => closed({ code: (e as { code: number }).code, reason: String((e as { reason: unknown }).reason) }),
    },
  });
  return Object.assign(client, { closed: done });
}

export interface Subscription {
  /** Every `next` message, in order, with the time it arrived (performance.now()). */
  results: { at: number; result: FormattedExecutionResult }[];
  /** An `error` message's errors, if one came. */
  errors: unknown[];
  /** Resolves when the subscription ends (complete, error or the socket closing). */
  ended: Promise<void>;
  /** Resolves with the next result that arrives after the call. */
  next(timeoutMs?: number): Promise<FormattedExecutionResult>;
  stop(): void;
}

/** Subscribes and collects what arrives. */
export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription {
  const results: Subscription['results'] = [];
  const errors: unknown[] = [];
  const waiters: ((r: FormattedExecutionResult) => void)[] = [];
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const stop = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        results.push({ at: performance.now(), result });
        waiters.shift()?.(result);
      },
      error: (err) => {
        errors.push(err);
        end();
      },
      complete: () => end(),
    },
  );
  return {
    results,
    errors,
    ended,
    stop,
    next: (timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const waiter = (r: FormattedExecutionResult) => {
          clearTimeout(timer);
          resolve(r);
        };
        // A waiter that gave up leaves the queue: the next result goes to the next caller, not to it.
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          // What did come, so a failure says whether the event was late, early or refused.
          const seen = `${results.length} result(s) before, errors ${JSON.stringify(errors)}`;
          reject(new Error(`no event within ${timeoutMs} ms (${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      }),
  };
}
