import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cpuMsOf, freePort, memoryOf, ROOT } from './server-process';

export interface Peer {
  url: string;
  memory(): { rssMb: number; peakMb: number };
  /** CPU time the server's process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Installs PostGraphile into bench/peer on first use (its own lockfile) and starts it on the database. */
export async function startPeer(databaseUrl: string): Promise<Peer> {
  const dir = path.join(ROOT, 'bench', 'peer');
  if (!existsSync(path.join(dir, 'node_modules', 'postgraphile'))) {
    process.stdout.write('installing the peer (PostGraphile 5) into bench/peer — once\n');
    execFileSync(
      'npm',
      [
        existsSync(path.join(dir, 'package-lock.json')) ? 'ci' : 'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: dir, stdio: 'inherit' },
    );
  }
  const port = await freePort();
  const proc = spawn(process.execPath, [path.join(dir, 'server.mjs'), databaseUrl, String(port)], {
    cwd: dir,
    env: { ...process.env, GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  proc.stderr!.on('data', (b: Buffer) => logs.push(b.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostGraphile did not start:\n${logs.join('')}`)), 120_000);
    proc.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`PostGraphile exited (${code}):\n${logs.join('')}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    memory: () => memoryOf(proc.pid!),
    cpuMs: () => cpuMsOf(proc.pid!),
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
