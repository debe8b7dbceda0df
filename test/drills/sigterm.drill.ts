import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  graphql,
  listening,
  ROOT,
  startServer,
  type GraphqlResult,
} from '../../bench/support/server-process';
import { reportFigure } from '../support/helpers';

/**
 * SIGTERM during load, on the real process (`node dist/src/main.js` with its embedded PostgreSQL):
 * requests in flight finish with their answers, new ones are refused, PostgreSQL stops cleanly, exit 0.
 */
const DRILL_DOWN = `{ orgUnit(code: "JB01") { memberStats { total } children(first: 30) { nodes { name memberStats { total }
  children(first: 30) { nodes { name memberStats { total } children(first: 50) { nodes { name memberStats { total } } } } } } } } }`;

test('SIGTERM under load: in-flight requests finish, new ones are refused, PostgreSQL stops, exit 0', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-sigterm-'));
  try {
    const server = await startServer({ dataDir, seed: 'demo' });
    const token = await server.login();
    // Warm up, then keep eight clients busy with the analyst's drill-down.
    expect((await graphql(server.url, token, DRILL_DOWN)).code).toBe('OK');
    const finished: GraphqlResult[] = [];
    const refused: string[] = [];
    let signalled = false;
    const client = async () => {
      while (!signalled || refused.length < 20) {
        try {
          finished.push(await graphql(server.url, token, DRILL_DOWN));
        } catch (e) {
          if (!signalled) throw e;
          refused.push(String((e as Error).cause ?? (e as Error).message));
        }
        if (signalled && refused.length >= 20) break;
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((r) => setTimeout(r, 1500));
    const before = finished.length;
    server.proc.kill('SIGTERM');
    signalled = true;
    const code = await server.exited;
    await Promise.all(clients);

    expect(code).toBe(0);
    expect(before).toBeGreaterThan(4);
    // Every request that got an answer got a full one; none was cut off with an error.
    expect(finished.filter((r) => r.code !== 'OK' || r.status !== 200)).toEqual([]);
    const inFlightFinished = finished.length - before;
    expect(inFlightFinished).toBeGreaterThan(0);
    // After the signal, new requests are refused: the port is closed, or an idle keep-alive connection
    // is closed as the request is sent on it (reset), which clients retry like a refused connection.
    expect(refused.length).toBeGreaterThanOrEqual(20);
    expect(refused.filter((e) => !/ECONNREFUSED|ECONNRESET|other side closed/.test(e))).toEqual([]);
    // PostgreSQL stopped cleanly: nothing listens on its port, no postmaster.pid is left.
    expect(await listening(server.pgPort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(server.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    reportFigure(
      'sigterm',
      `SIGTERM drill: ${before} answers before the signal, ${inFlightFinished} in flight finished after it, then ${refused.length} refused (${[...new Set(refused.map((e) => e.replace(/[0-9.:]+$/, '').slice(0, 60)))].join(' | ')}); exit ${code}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/**
 * README: `npm start`, then Ctrl-C or SIGTERM. A service manager signals the process it started, which
 * is npm: the signal must reach the server behind npm's shell (`exec` in the start script), or the
 * server and its PostgreSQL are left running with nobody to stop them.
 */
test('SIGTERM to `npm start` stops the server and its PostgreSQL', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-npm-start-'));
  try {
    const [port, pgPort] = [await freePort(), await freePort()];
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        DATA_DIR: dataDir,
        SEED_SIZE: 'none',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 240 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 500));
    expect(await listening(port)).toBe(true);

    npm.kill('SIGTERM');
    await exited;
    // Whatever npm answers, nothing of ours may be left: no API, no PostgreSQL, no postmaster.pid.
    for (let i = 0; i < 40 && ((await listening(port)) || (await listening(pgPort))); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(await listening(port)).toBe(false);
    expect(await listening(pgPort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  } finally {
    // When the drill fails, the orphans it found must not outlive it.
    spawnSync('pkill', ['-TERM', '-f', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
