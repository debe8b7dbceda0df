import { writeFileSync } from 'node:fs';
import pg from 'pg';

/**
 * Run by `run-under-faked-clock.sh` in the same jest run as the suites it checks: the machine clock
 * this worker and the test PostgreSQL read must be the faked one, or the run proves nothing. The
 * script passes the faked start (JICENG_FAKED_START, epoch seconds) and where to write what was seen;
 * so does scripts/test-on-debian-postgres.sh with JICENG_FAKED_AT.
 */
const start = Number(process.env.JICENG_FAKED_START);
const report = process.env.JICENG_FAKED_REPORT;
/**
 * The clock starts at the faked instant and runs on: a run fits in this many seconds (the date-sensitive
 * suites in 30 minutes; the whole suite is allowed more by JICENG_FAKED_RUN_LIMIT_S).
 */
const RUN_LIMIT_S = Number(process.env.JICENG_FAKED_RUN_LIMIT_S ?? 30 * 60);

const within = (seconds: number) => seconds >= 0 && seconds <= RUN_LIMIT_S;

test('the machine clock is faked in this worker and in the PostgreSQL the suites use', async () => {
  expect(Number.isFinite(start) && report).toBeTruthy();
  const nodeNow = Date.now() / 1000;
  const client = new pg.Client({ connectionString: process.env.JICENG_TEST_ADMIN_URL });
  await client.connect();
  try {
    const [row] = (
      await client.query<{ now: number; started: number; tz: string }>(
        `SELECT extract(epoch FROM now())::float8 AS now,
                extract(epoch FROM pg_postmaster_start_time())::float8 AS started,
                current_setting('TimeZone') AS tz`,
      )
    ).rows;

    // Faked, not frozen: time goes on in PostgreSQL (pg_sleep waits for the clock to reach its end).
    let t0 = Date.now();
    await client.query('SELECT pg_sleep(0.3)');
    const sleptMs = Date.now() - t0;

    // statement_timeout still fires on time (PostgreSQL arms a real timer, then checks the clock).
    await client.query(`SET statement_timeout = '200ms'`);
    t0 = Date.now();
    const timedOut = await client.query('SELECT pg_sleep(10)').then(
      () => 'not cancelled',
      (e: { code?: string }) => e.code,
    );
    const cancelledAfterMs = Date.now() - t0;
    await client.query(`SET statement_timeout = 0`);

    // So does lock_timeout while the backend sleeps on a lock (deadlock_timeout runs on the same timers).
    const holder = new pg.Client({ connectionString: process.env.JICENG_TEST_ADMIN_URL });
    await holder.connect();
    let lockTimedOut: string | undefined;
    let lockWaitMs: number;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(20261125)');
      await client.query(`SET lock_timeout = '200ms'`);
      t0 = Date.now();
      const attempt = client.query('SELECT pg_advisory_lock(20261125)').then(
        () => 'not cancelled',
        (e: { code?: string }) => e.code,
      );
      // Without a working lock_timeout the wait would last until the holder lets go: give up after 5 s.
      let giveUp: NodeJS.Timeout | undefined;
      lockTimedOut = await Promise.race([
        attempt,
        new Promise<string>((resolve) => (giveUp = setTimeout(resolve, 5000, 'still waiting'))),
      ]);
      clearTimeout(giveUp);
      lockWaitMs = Date.now() - t0;
    } finally {
      await holder.end();
    }

    // Node's timers run on the real monotonic clock, the faked wall clock advances with them.
    t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const timerMs = Date.now() - t0;

    const seen = {
      fakedStart: new Date(start * 1000).toISOString(),
      node: new Date(nodeNow * 1000).toISOString(),
      postgresNow: new Date(row.now * 1000).toISOString(),
      postgresStarted: new Date(row.started * 1000).toISOString(),
      postgresTimeZone: row.tz,
      pgSleep300Ms: sleptMs,
      statementTimeout200Ms: { sqlstate: timedOut, afterMs: cancelledAfterMs },
      lockTimeout200Ms: { sqlstate: lockTimedOut, afterMs: lockWaitMs },
      setTimeout250Ms: timerMs,
    };
    writeFileSync(report!, JSON.stringify(seen));

    expect(within(nodeNow - start)).toBe(true);
    expect(within(row.now - start)).toBe(true);
    expect(within(row.started - start)).toBe(true);
    expect(sleptMs).toBeGreaterThanOrEqual(250);
    expect(sleptMs).toBeLessThan(5000);
    expect(timedOut).toBe('57014'); // query_canceled
    expect(cancelledAfterMs).toBeLessThan(5000);
    expect(lockTimedOut).toBe('55P03'); // lock_not_available
    expect(lockWaitMs).toBeLessThan(5000);
    expect(timerMs).toBeGreaterThanOrEqual(200);
    expect(timerMs).toBeLessThan(5000);
  } finally {
    await client.end();
  }
});
