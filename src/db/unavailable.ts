/**
 * True when an error means the database could not be reached or went away (refused, reset, shut
 * down, starting up, connect timeout) — as opposed to a bad query. Such requests fail fast with
 * SERVICE_UNAVAILABLE, and the pool reconnects by itself once PostgreSQL is back.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    driverError?: { code?: string; message?: string };
    thrownValue?: unknown;
  } | null;
  if (!e || typeof e !== 'object') return false;
  // graphql-js wraps a thrown non-Error (pg throws a bare socket error object on connect) as NonErrorThrown.
  if (e.thrownValue && isDatabaseUnavailable(e.thrownValue)) return true;
  // TypeORM releases a query runner whose connection died; later queries (the commit among them) then fail.
  if (e.name === 'QueryRunnerAlreadyReleasedError' || e.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const codes = [e.code, e.driverError?.code];
  // Node socket errors; SQLSTATE class 08 (connection exception) and 57P01–57P03 (shut down, starting up).
  if (
    codes.some(
      (c) =>
        c &&
        (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03'].includes(c) ||
          c.startsWith('08')),
    )
  )
    return true;
  const message = `${e.message ?? ''} ${e.driverError?.message ?? ''}`;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

/**
 * The connection failed while COMMIT was in flight (sent, or being sent, with no answer): the
 * transaction may have committed or not, and only reading the data back can tell. Answered as
 * OUTCOME_UNKNOWN, never as SERVICE_UNAVAILABLE ("nothing was written"), which would then be false.
 */
export class CommitOutcomeUnknownError extends Error {
  constructor(readonly cause: unknown) {
    super('the database connection failed while COMMIT was in flight; the transaction may or may not have committed');
    this.name = 'CommitOutcomeUnknownError';
  }
}

/**
 * True when a failed COMMIT may nevertheless have committed: the connection broke (refused, reset,
 * terminated, shut down) rather than PostgreSQL answering with an error (a deferred constraint, a
 * serialization failure: then it certainly rolled back), and the statement was not refused before it
 * could be sent (a query runner already released, a client already known broken).
 */
export function commitMayHaveHappened(err: unknown): boolean {
  if (!isDatabaseUnavailable(err)) return false;
  const e = err as { name?: string; message?: string; driverError?: { message?: string } };
  if (e.name === 'QueryRunnerAlreadyReleasedError' || e.name === 'QueryRunnerProviderAlreadyReleasedError')
    return false;
  const message = `${e.message ?? ''} ${e.driverError?.message ?? ''}`;
  return !/is not queryable/.test(message);
}
