import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository root, from `bench/support` in the source tree or `dist/bench/support` when built. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

export const ADMIN = { username: 'bench-admin', password: 'bench-admin-password-2026' };

export interface ServerProcess {
  proc: ChildProcess;
  /** The GraphQL endpoint. */
  url: string;
  /** Without the path: for /healthz, /readyz. */
  base: string;
  pgPort: number;
  dataDir: string;
  logs: string[];
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** The first log line (kept or still to come) that matches. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resident memory now and at its peak (VmHWM), in MB, from /proc. */
  memory(): { rssMb: number; peakMb: number };
  /** CPU time the server's own process has used so far (not its PostgreSQL), in ms. */
  cpuMs(): number;
  /** Signs in (the bench's administrator unless named) and returns the access token. */
  login(username?: string, password?: string): Promise<string>;
}

/**
 * Starts `node dist/src/main.js` — the real `npm start` without the build — on free ports with its
 * own embedded PostgreSQL under `dataDir`, and waits until /healthz answers. The build must exist.
 */
export async function startServer(o: {
  dataDir: string;
  seed?: 'demo' | 'city' | 'none';
  env?: Record<string, string>;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** In a process group of its own (pid = group id), as a shell runs a foreground job: for Ctrl-C drills. */
  detached?: boolean;
}): Promise<ServerProcess> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const logs: string[] = [];
  // Its own embedded PostgreSQL, even where the tests themselves run on DATABASE_URL (o.env may name one).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'));
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      DATA_DIR: o.dataDir,
      SEED_SIZE: o.seed ?? 'none',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'bench-and-drills-secret-of-enough-length-0123456789',
      JICENG_ADMIN_USERNAME: ADMIN.username,
      JICENG_ADMIN_PASSWORD: ADMIN.password,
      COST_BUDGET_PER_HOUR: '1000000000',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.detached ?? false,
  });
  const watchers: { pattern: RegExp; found(line: string): void }[] = [];
  // A chunk of a pipe may end inside a line: its tail waits for the rest.
  const partial = { stdout: '', stderr: '' };
  const keep = (stream: 'stdout' | 'stderr') => (b: Buffer) => {
    const parts = (partial[stream] + b.toString()).split('\n');
    partial[stream] = parts.pop()!;
    const lines = parts.filter(Boolean);
    logs.push(...lines);
    if (logs.length > 500) logs.splice(0, logs.length - 500);
    for (const line of lines)
      for (const w of watchers.filter((w) => w.pattern.test(line))) {
        watchers.splice(watchers.indexOf(w), 1);
        w.found(line);
      }
  };
  proc.stdout!.on('data', keep('stdout'));
  proc.stderr!.on('data', keep('stderr'));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 180_000);
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`the server exited during start-up:\n${logs.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz in time:\n${logs.slice(-20).join('\n')}`);
    }
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `${base}/graphql`;
  return {
    proc,
    url,
    base,
    pgPort,
    dataDir: o.dataDir,
    logs,
    exited,
    waitForLog: (pattern, timeoutMs) => {
      const seen = logs.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.splice(watchers.indexOf(watcher), 1);
          reject(new Error(`no log line ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const watcher = {
          pattern,
          found: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        watchers.push(watcher);
      });
    },
    memory: () => memoryOf(proc.pid!),
    cpuMs: () => cpuMsOf(proc.pid!),
    login: async (username = ADMIN.username, password = ADMIN.password) => {
      const r = await graphql(
        url,
        null,
        `
          mutation ($u: String!, $p: String!) {
            login(input: { username: $u, password: $p }) {
              accessToken
              userErrors {
                message
              }
            }
          }
        `,
        { u: username, p: password },
      );
      const token = r.body.data?.login?.accessToken;
      if (!token) throw new Error(`login of ${username} failed: ${JSON.stringify(r.body)}`);
      return token;
    },
  };
}

/** User and system CPU time of a process so far, in ms, from /proc (clock ticks of 10 ms, Linux's usual). */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process now and at its peak (VmHWM), in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

export interface GraphqlResult {
  status: number;
  ms: number;
  body: {
    // The shape of `data` is the query's: bench scenarios and the drills read the fields they asked for.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON whose shape the query decides
    data?: any;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { sqlStatements?: number };
  };
  /** The first error's code, or OK. */
  code: string;
}

/** One GraphQL request over HTTP, as a front end would send it. */
export async function graphql(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 30_000,
): Promise<GraphqlResult> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': '1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as GraphqlResult['body'];
  return {
    status: res.status,
    ms: performance.now() - started,
    body,
    code: body.errors?.[0]?.extensions?.code ?? 'OK',
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** True when something listens on the port (to prove PostgreSQL stopped). */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
