import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, startServer, type GraphqlResult } from '../../bench/support/server-process';
import { generatedQueries, ISSUE_QUERY } from '../support/amplification';
import { reportFigure } from '../support/helpers';

/**
 * Issue 14, items 1 and 2, on the real process (`node dist/src/main.js` with its embedded PostgreSQL,
 * the demo county): one signed-in analyst sends the amplification query and generated deep and wide
 * queries, then the pool-exhaustion burst (twelve searches that run into the statement timeout), while
 * another account keeps reading. The server stays alive, its memory bounded, and the other account is
 * answered all along. The cost ceiling, the hourly budget and the string-length bound are set out of
 * the way, so that what holds is the execution ceilings and the per-account bound on statements in flight.
 */
const MEMORY_BOUND_MB = 600;
const STATEMENT_TIMEOUT_MS = 3000;
const OBSERVER_READ = '{ viewer { username } orgUnits(first: 5) { nodes { name memberStats { total } } } }';
const SLOW_SEARCH = 'query($s: String!) { orgUnits(search: $s, first: 5) { nodes { id } } }';

test('amplification and pool-exhaustion burst by one analyst: the server lives and answers others', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-amplification-drill-'));
  const server = await startServer({
    dataDir,
    seed: 'demo',
    env: {
      MAX_COST: '1000000000000',
      COST_BUDGET_PER_HOUR: '1000000000000000',
      MAX_STRING_LENGTH: '2000000',
      STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    },
  });
  let peakMb = 0;
  const sampler = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, server.memory().rssMb);
      if (peakMb > MEMORY_BOUND_MB * 1.5) server.proc.kill('SIGKILL');
    } catch {
      /* the process has gone */
    }
  }, 50);
  try {
    const analyst = await server.login('analyst', 'jiceng-demo-2026');
    const station = await server.login('station', 'jiceng-demo-2026');
    const idleMb = server.memory().rssMb;

    let attacking = true;
    const observed: GraphqlResult[] = [];
    const observer = (async () => {
      while (attacking) {
        observed.push(await graphql(server.url, station, OBSERVER_READ, {}, 10_000));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // 1. Amplification: the issue's query and generated deep and wide queries, three at a time.
    const attacks = [ISSUE_QUERY, ISSUE_QUERY, ...generatedQueries(12)];
    const amplified: GraphqlResult[] = [];
    // 2. The burst: twelve searches at once that cannot use an index and run into the statement timeout.
    let burst: GraphqlResult[] = [];
    try {
      for (let i = 0; i < attacks.length; i += 3) {
        amplified.push(
          ...(await Promise.all(attacks.slice(i, i + 3).map((q) => graphql(server.url, analyst, q, {}, 60_000)))),
        );
      }
      const search = 'x'.repeat(400_000);
      burst = await Promise.all(
        Array.from({ length: 12 }, () => graphql(server.url, analyst, SLOW_SEARCH, { s: search }, 60_000)),
      );
    } finally {
      attacking = false;
      await observer;
    }

    expect(server.proc.exitCode).toBeNull();
    expect(amplified.filter((a) => !['QUERY_TOO_COMPLEX', 'OK'].includes(a.code))).toEqual([]);
    expect(amplified.slice(0, 2).map((a) => a.code)).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX']);
    expect(burst.filter((a) => !['QUERY_TOO_COMPLEX', 'RATE_LIMITED'].includes(a.code))).toEqual([]);
    expect(burst.some((a) => a.code === 'RATE_LIMITED')).toBe(true);
    expect(peakMb).toBeLessThan(MEMORY_BOUND_MB);
    const slowest = Math.max(...observed.map((o) => o.ms));
    expect(observed.filter((o) => o.code !== 'OK')).toEqual([]);
    expect(slowest).toBeLessThan(STATEMENT_TIMEOUT_MS);
    // And the analyst is answered again once it stops.
    expect((await graphql(server.url, analyst, OBSERVER_READ)).code).toBe('OK');
    const codes = (rs: GraphqlResult[]) =>
      Object.entries(rs.reduce<Record<string, number>>((m, r) => ({ ...m, [r.code]: (m[r.code] ?? 0) + 1 }), {}))
        .map(([c, n]) => `${n} ${c}`)
        .join(', ');
    reportFigure(
      'amplification drill',
      `${attacks.length} amplification queries (${codes(amplified)}), then 12 statement-timeout searches (${codes(burst)}); resident memory ${idleMb} MB idle, ${peakMb} MB peak (bound ${MEMORY_BOUND_MB} MB); another account's ${observed.length} reads all OK, slowest ${Math.round(slowest)} ms`,
    );
  } finally {
    clearInterval(sampler);
    if (server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
