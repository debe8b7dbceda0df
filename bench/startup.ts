import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plusDays } from '../src/calendar';
import { idCardCheckChar } from '../src/org/id-card';
import { graphql, ROOT, startServer } from './support/server-process';

const FIRST_ANSWER = `{ orgUnits(first: 1) { totalCount } }`;

/** `npm start` to the first answer: cold (new data directory: cluster, migrations, demo data) and warm. */
export async function measureStartup() {
  const t0 = performance.now();
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const buildSeconds = (performance.now() - t0) / 1000;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-startup-'));
  try {
    const once = async () => {
      const started = performance.now();
      const server = await startServer({ dataDir, seed: 'demo' });
      const token = await server.login();
      const r = await graphql(server.url, token, FIRST_ANSWER);
      const seconds = (performance.now() - started) / 1000;
      if (r.code !== 'OK') throw new Error(`first answer failed: ${JSON.stringify(r.body)}`);
      const peakMb = server.memory().peakMb;
      server.proc.kill('SIGTERM');
      await server.exited;
      return { seconds: round(seconds), peakMb };
    };
    const cold = await once();
    const warm = await once();
    return { buildSeconds: round(buildSeconds), coldToFirstAnswer: cold, warmToFirstAnswer: warm };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run import` of 100,000 members (every row checked first, then one transaction) into the demo. */
export async function measureImport(rows = 100_000) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-import-'));
  try {
    const server = await startServer({ dataDir, seed: 'demo' });
    const token = await server.login();
    const codes = await villageBranchCodes(server.url, token);
    server.proc.kill('SIGTERM');
    await server.exited;
    const started = performance.now();
    const out = importGenerated(dataDir, codes, rows);
    const seconds = (performance.now() - started) / 1000;
    return {
      rows,
      seconds: round(seconds),
      rowsPerSecond: Math.round(rows / seconds),
      said: out.trim().split('\n').slice(-1)[0],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The codes of the demo's village (rural) branches, where generated members are imported. */
export async function villageBranchCodes(url: string, token: string): Promise<string[]> {
  const branches = await graphql(
    url,
    token,
    `
      {
        orgUnits(kinds: [BRANCH], first: 100) {
          nodes {
            code
            sector
          }
        }
      }
    `,
  );
  const codes: string[] = branches.body.data.orgUnits.nodes
    .filter((n: { sector: string }) => n.sector === 'RURAL')
    .map((n: { code: string }) => n.code);
  if (!codes.length) throw new Error(`no village branches found: ${JSON.stringify(branches.body).slice(0, 300)}`);
  return codes;
}

/** Writes `rows` generated rural members over `codes` and imports them with `npm run import` (server stopped). */
export function importGenerated(dataDir: string, codes: string[], rows: number): string {
  const lines = ['姓名,身份证号,category,joinedOn,fullMemberSince,branchCode'];
  for (let i = 0; i < rows; i++) {
    const birth = plusDays('1940-01-01', i % 16_000); // born by 1983: 18 or older when joining in 2010
    const first17 = `469001${birth.replace(/-/g, '')}${String((Math.floor(i / 16_000) * 2 + (i % 2)) % 1000).padStart(3, '0')}`;
    lines.push(
      `导入党员${i},${first17}${idCardCheckChar(first17)},RURAL,2010-07-01,2011-07-01,${codes[i % codes.length]}`,
    );
  }
  const file = path.join(dataDir, 'members.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return execFileSync(process.execPath, [path.join(ROOT, 'dist/src/cli/import-members.js'), file, '--under', 'JB01'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_SIZE: 'none' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
}

const round = (x: number) => Math.round(x * 10) / 10;
