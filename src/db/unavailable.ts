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
