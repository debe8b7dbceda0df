import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from '../messages/catalogue';

/** What every log line and SQL counter of one request can see without threading it through calls. */
export interface RequestScope {
  requestId: string;
  sqlCount: number;
  /** Milliseconds the request's statements waited for a pool connection (their account's turn included). */
  connectionWaitMs?: number;
  /** The operation's priced cost (src/graphql/limits.ts), for the access line. */
  cost?: number;
  /** The language of the request's messages (from Accept-Language; src/messages/catalogue.ts). */
  language?: Language;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
