import { graphql } from './server-process';

export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  /** Response codes other than OK, counted. */
  errors: Record<string, number>;
  /** SQL statements per request, from the server's `extensions.sqlStatements` (null for a server that does not say). */
  sqlPerRequest: number | null;
  /**
   * The server process's CPU time per request counted, in ms (its PostgreSQL not included): what a
   * request costs the server, which a machine busy with other work changes far less than req/s.
   */
  cpuMsPerRequest: number | null;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10 : 0;

/** Seconds of the same load a read scenario sends first, not counted: a server just started has cold caches
 * and unoptimised code. */
export const WARMUP_SECONDS = 3;

/**
 * An in-process load generator: `concurrency` clients send one request after another for
 * `seconds` (or until `variables` runs out of targets), over keep-alive connections, after
 * `warmupSeconds` (none unless asked: a write's targets are used up) of the same load, not counted.
 */
export async function runLoad(o: {
  url: string;
  token: string | null;
  query: string;
  variables: () => Record<string, unknown> | null;
  concurrency: number;
  seconds: number;
  warmupSeconds?: number;
  /** The server's CPU time so far, in ms (read when the counted requests start and end). */
  cpuMs?: () => number;
}): Promise<LoadResult> {
  const warmupEnd = performance.now() + (o.warmupSeconds ?? 0) * 1000;
  const warmup = async () => {
    while (performance.now() < warmupEnd) {
      const variables = o.variables();
      if (!variables) return;
      await graphql(o.url, o.token, o.query, variables).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, warmup));
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const sql: number[] = [];
  const cpuAtStart = o.cpuMs?.();
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const variables = o.variables();
      if (!variables) return;
      try {
        const r = await graphql(o.url, o.token, o.query, variables);
        latencies.push(r.ms);
        // A refused write answers with its payload's userErrors; the first one's code counts.
        const payloads = Object.values(r.body.data ?? {}) as ({ userErrors?: { code: string }[] } | null)[];
        const userErrorCode = payloads.find((v) => v?.userErrors?.length)?.userErrors?.[0].code;
        const code = r.code !== 'OK' ? r.code : (userErrorCode ?? 'OK');
        if (code !== 'OK') errors[code] = (errors[code] ?? 0) + 1;
        if (typeof r.body.extensions?.sqlStatements === 'number') sql.push(r.body.extensions.sqlStatements);
      } catch (e) {
        const code = `CLIENT:${(e as Error).name}`;
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuAtStart !== undefined ? o.cpuMs!() - cpuAtStart : null;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: Math.round(seconds * 10) / 10,
    throughput: Math.round((latencies.length / seconds) * 10) / 10,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    errors,
    sqlPerRequest: sql.length ? Math.round((sql.reduce((a, b) => a + b, 0) / sql.length) * 10) / 10 : null,
    cpuMsPerRequest: cpu !== null && latencies.length ? Math.round((cpu / latencies.length) * 100) / 100 : null,
  };
}
