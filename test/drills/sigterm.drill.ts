import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Load, then `signal`: every request that got an answer got a full one, requests in flight when the
 * signal came finished, new ones were refused, PostgreSQL stopped cleanly, and the server exited 0.
 */
async function drainUnderLoad(name: string, o: { detached: boolean; signal: (pid: number) => void }): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-sigterm-'));
  try {
    const server = await startServer({ dataDir, seed: 'demo', detached: o.detached });
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
    // Signal once the load is established (answers counted, not seconds: the machine may be busy).
    for (let i = 0; i < 600 && finished.length < 8; i++) await new Promise((r) => setTimeout(r, 100));
    const before = finished.length;
    o.signal(server.proc.pid!);
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
    // No statement was cut by PostgreSQL stopping before the server had drained.
    expect(server.logs.filter((l) => /terminating connection|database unavailable|Cannot use a pool/.test(l))).toEqual(
      [],
    );
    // PostgreSQL stopped cleanly: nothing listens on its port, no postmaster.pid is left.
    expect(await listening(server.pgPort)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(processesOf(dataDir)).toEqual([]);
    expect(server.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    reportFigure(
      name,
      `${name} drill: ${before} answers before the signal, ${inFlightFinished} in flight finished after it, then ${refused.length} refused (${[...new Set(refused.map((e) => e.replace(/[0-9.:]+$/, '').slice(0, 60)))].join(' | ')}); exit ${code}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Processes still running for a data directory: PostgreSQL names it on its command line, the server
 * and npm carry it in their environment (DATA_DIR). Read from /proc (Linux).
 */
function processesOf(dataDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (cmdline.includes(dataDir) || environ.includes(`DATA_DIR=${dataDir}`)) found.push(`${pid} ${cmdline}`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

test('SIGTERM under load: in-flight requests finish, new ones are refused, PostgreSQL stops, exit 0', () =>
  drainUnderLoad('sigterm', { detached: false, signal: (pid) => process.kill(pid, 'SIGTERM') }));

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group: PostgreSQL, a child of the
 * server, must not get it (src/db/embedded.ts starts it in a group of its own), or it stops while the
 * server is still draining.
 */
test('Ctrl-C under load (SIGINT to the process group): the server drains before PostgreSQL stops, exit 0', () =>
  drainUnderLoad('ctrl-c', { detached: true, signal: (pid) => process.kill(-pid, 'SIGINT') }));

/**
 * README: `npm start`, then Ctrl-C or SIGTERM. A service manager signals the process it started, which
 * is npm: the signal must reach the server behind npm's shell (`exec` in the start script; npm passes
 * SIGTERM and SIGINT on to its child), or the server and its PostgreSQL are left running with nobody
 * to stop them.
 */
test.each(['SIGTERM', 'SIGINT'] as const)(
  '%s to `npm start` stops the server and its PostgreSQL, and npm exits 0',
  async (signal) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-npm-start-'));
    try {
      const [port, pgPort] = [await freePort(), await freePort()];
      const logs: string[] = [];
      const npm = spawn('npm', ['start'], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          EMBEDDED_PG_PORT: String(pgPort),
          DATA_DIR: dataDir,
          SEED_SIZE: 'none',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      npm.stdout.on('data', (b: Buffer) => logs.push(...b.toString().split('\n')));
      npm.stderr.on('data', (b: Buffer) => logs.push(...b.toString().split('\n')));
      const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 240 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 500));
      expect(await listening(port)).toBe(true);
      // Started from the existing build: npm start does not rebuild a current dist/.
      expect(logs.filter((l) => l.startsWith('Building first'))).toEqual([]);

      npm.kill(signal);
      const code = await exited;
      // Nothing of ours may be left: no process of this data directory, no API, no PostgreSQL, no postmaster.pid.
      for (let i = 0; i < 40 && processesOf(dataDir).length; i++) await new Promise((r) => setTimeout(r, 250));
      expect(processesOf(dataDir)).toEqual([]);
      expect(await listening(port)).toBe(false);
      expect(await listening(pgPort)).toBe(false);
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
      expect(code).toBe(0);
    } finally {
      // When the drill fails, the orphans it found must not outlive it (their ids, read from /proc).
      for (const p of processesOf(dataDir)) {
        try {
          process.kill(Number(p.split(' ')[0]), 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
