import 'reflect-metadata'; // src/org/id-card (through bench/startup.ts) loads type-graphql's decorators
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, ROOT, startServer, type ServerProcess } from './support/server-process';
import { importGenerated, villageBranchCodes } from './startup';

/**
 * `npm run bench:export`: POST /export of every member of a county of 100,000+ members (the demo
 * county and 100,000 imported members), as CSV and as xlsx, by the demo analyst (masked data). For
 * each format a freshly started server: the time to the last byte, the rows and bytes, and the
 * server's resident memory before and at its peak (VmHWM), so the growth is what the export cost.
 * Writes bench/results/export-<date>.json.
 */

const QUERY = `query CountyMembers {
  orgUnit(code: "JB01") {
    members(first: 100, includeDescendants: true) {
      nodes { name gender birthYear joinedOn fullMemberSince category idCardNumber phone createdAt branch { name } }
    }
  }
}`;

async function exportOnce(server: ServerProcess, token: string, format: 'csv' | 'xlsx') {
  const before = server.memory();
  const started = performance.now();
  const res = await fetch(`${server.base}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, format }),
  });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs = 0;
  // Read as a client saving the file would: chunk by chunk, nothing kept.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByteMs) firstByteMs = performance.now() - started;
    bytes += chunk.length;
    if (format === 'csv') for (const b of chunk) if (b === 0x0a) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = server.memory();
  return {
    format,
    seconds: Math.round(seconds * 10) / 10,
    firstByteMs: Math.round(firstByteMs),
    megabytes: Math.round(bytes / 2 ** 20),
    ...(format === 'csv' ? { rows: lines - 1 } : {}),
    rssBeforeMb: before.rssMb,
    peakMb: after.peakMb,
    peakGrowthMb: after.peakMb - before.rssMb,
  };
}

async function main() {
  const rows = Number(process.env.EXPORT_ROWS ?? 100_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-export-'));
  try {
    let server = await startServer({ dataDir, seed: 'demo' });
    const admin = await server.login();
    const codes = await villageBranchCodes(server.url, admin);
    server.proc.kill('SIGTERM');
    await server.exited;
    process.stdout.write(`${importGenerated(dataDir, codes, rows).trim().split('\n').slice(-1)[0]}\n`);

    const results = [];
    // EXPORT_NODE_ARGS (e.g. --max-old-space-size=160) caps the server's heap: a streamed export still completes.
    const nodeArgs = process.env.EXPORT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const formats = (process.env.EXPORT_FORMATS ?? 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
    for (const format of formats) {
      server = await startServer({ dataDir, seed: 'none', nodeArgs });
      const token = await server.login('analyst', 'jiceng-demo-2026');
      // Warm: the schema, the pool and the first statements, as a running server has them.
      await graphql(
        server.url,
        token,
        `
          {
            orgUnit(code: "JB01") {
              members(first: 100, includeDescendants: true) {
                totalCount
              }
            }
          }
        `,
      );
      const total = await graphql(
        server.url,
        token,
        `
          {
            orgUnit(code: "JB01") {
              members(first: 1, includeDescendants: true) {
                totalCount
              }
            }
          }
        `,
      );
      const r = { members: total.body.data.orgUnit.members.totalCount, ...(await exportOnce(server, token, format)) };
      process.stdout.write(`${JSON.stringify(r)}\n`);
      results.push(r);
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    const day = new Date().toISOString().slice(0, 10);
    const out = path.join(ROOT, 'bench', 'results', `export-${day}${process.env.EXPORT_SUFFIX ?? ''}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ date: day, machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, query: QUERY, nodeArgs, results }, null, 2)}\n`,
    );
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
