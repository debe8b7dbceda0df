import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, ROOT, startServer } from './support/server-process';
import { runLoad, type LoadResult } from './support/load';
import { subscribe, wsClient } from './support/subscriber';

/**
 * `npm run bench:subscriptions`: one server process (the built `npm start`, restarted on the demo data) holds IDLE idle
 * graphql-ws subscriptions, each on a connection of its own, and its resident memory is read; then,
 * with them still open, WRITES sequential writes (`updateOrgUnit`) each reach one more subscriber, and
 * the delay from the write's commit (its HTTP answer) to the event's arrival is recorded, while READERS
 * front-end clients read townships and branches' members. Writes `bench/results/subscriptions-<date>.json`.
 * Options: --idle N, --writes N, --readers N.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const IDLE = arg('idle', 5000);
const WRITES = arg('writes', 200);
/** Front-end clients reading (a township with its children, a branch's members) while the writes run. */
const READERS = arg('readers', 8);
const PASSWORD = 'jiceng-demo-2026';
const EVENTS = `subscription($u: ID!, $types: [EventType!]) { events(unit: $u, types: $types) { sequence type nodeId } }`;
const UPDATE = `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { orgUnit { id } userErrors { code } } }`;

/** The server's own figures from /metrics (served to loopback): V8 heap in use and open subscriptions. */
async function scrape(base: string) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    heapUsedMb: Math.round(value('nodejs_heap_size_used_bytes') / 2 ** 20),
    subscriptionsOpen: value('jiceng_subscriptions_open'),
  };
}

const pick = (r: LoadResult) => ({
  requests: r.requests,
  perSecond: r.throughput,
  p50: r.p50,
  p95: r.p95,
  errors: r.errors,
});

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
};

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-subs-'));
  // The demo is written by a first process, and measured in a second one started on it, as a server
  // runs in service: a process that has just generated the demo keeps some 80 MB of that work.
  const seeder = await startServer({ dataDir, seed: 'demo', env: { LOG_LEVEL: 'warn' }, timeoutMs: 900_000 });
  seeder.proc.kill('SIGTERM');
  await seeder.exited;
  const server = await startServer({
    dataDir,
    seed: 'none',
    env: { MAX_SUBSCRIPTIONS_PER_ACCOUNT: String(IDLE + 10), LOG_LEVEL: 'warn' },
    timeoutMs: 900_000,
  });
  const clients: { dispose(): void | Promise<void> }[] = [];
  try {
    const writer = await server.login('county-admin', PASSWORD);
    const watcher = await server.login('analyst', PASSWORD);
    const tree = await graphql(
      server.url,
      writer,
      `
        {
          orgUnit(code: "JB01") {
            children(first: 2) {
              nodes {
                id
              }
            }
          }
        }
      `,
    );
    const [written, idleUnit] = (tree.body.data.orgUnit.children.nodes as { id: string }[]).map((n) => n.id);
    const { body: units } = await graphql(
      server.url,
      writer,
      `
        {
          orgUnit(code: "JB01") {
            children(first: 50) {
              nodes {
                id
              }
            }
            descendants(kinds: [BRANCH], first: 100) {
              nodes {
                id
              }
            }
          }
        }
      `,
    );
    const ids = (c: { nodes: { id: string }[] }) => c.nodes.map((n) => n.id);
    const [townships, branches] = [ids(units.data.orgUnit.children), ids(units.data.orgUnit.descendants)];
    const baseline = server.memory();
    const baselineMetrics = await scrape(server.base);

    // Idle subscribers: another township than the one written to, each on its own connection, 100 at a time.
    const opened = performance.now();
    let refused = 0;
    for (let i = 0; i < IDLE; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, IDLE - i) }, async () => {
          const c = wsClient(server.url, watcher, { lazy: false });
          clients.push(c);
          const up = await Promise.race([
            new Promise<boolean>((resolve) => c.on('connected', () => resolve(true))),
            c.closed.then(() => false),
          ]);
          if (!up) return void refused++;
          const s = subscribe(c, EVENTS, { u: idleUnit });
          void s.ended.then(() => refused++);
        }),
      );
    }
    const openSeconds = (performance.now() - opened) / 1000;
    await new Promise((r) => setTimeout(r, 3000)); // let the last subscriptions start and the heap settle
    const withIdle = server.memory();
    const idleMetrics = await scrape(server.base);

    // Write-to-delivery: one subscriber on the township written to.
    const c = wsClient(server.url, writer);
    clients.push(c);
    const live = subscribe(c, EVENTS, { u: written, types: ['UPDATE_ORG_UNIT'] });
    await new Promise((r) => setTimeout(r, 500));
    const commitToDelivery: number[] = [];
    const requestToDelivery: number[] = [];
    // The front-end read load, from the start of the writes to their end.
    let writing = true;
    const readLoad = (query: string, targets: string[], concurrency: number): Promise<LoadResult> => {
      let n = 0;
      return runLoad({
        url: server.url,
        token: watcher,
        query: readFileSync(path.join(ROOT, 'bench', 'queries', `${query}.graphql`), 'utf8'),
        variables: () => (writing ? { id: targets[n++ % targets.length] } : null),
        concurrency,
        seconds: 3600,
      });
    };
    const reads = Promise.all([
      readLoad('unit-with-children', townships, Math.ceil(READERS / 2)),
      readLoad('members-page', branches, Math.floor(READERS / 2)),
    ]);
    for (let i = 0; i < WRITES; i++) {
      const arrived = live.next(5000);
      const sent = performance.now();
      const r = await graphql(server.url, writer, UPDATE, { i: { id: written, shortName: `镇${i % 2}` } });
      const answered = performance.now();
      if (r.code !== 'OK' || r.body.data.updateOrgUnit.userErrors.length) throw new Error(JSON.stringify(r.body));
      await arrived;
      const at = live.results[live.results.length - 1].at;
      commitToDelivery.push(Math.max(0, at - answered));
      requestToDelivery.push(at - sent);
    }
    writing = false;
    const [townshipReads, memberReads] = await reads;
    const after = server.memory();
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      idleSubscriptions: IDLE,
      secondsToOpen: Math.round(openSeconds * 10) / 10,
      serverRssMb: { before: baseline.rssMb, withIdle: withIdle.rssMb, afterWrites: after.rssMb, peak: after.peakMb },
      serverBefore: baselineMetrics,
      serverWithIdle: idleMetrics,
      writes: WRITES,
      commitToDeliveryMs: {
        p50: percentile(commitToDelivery, 50),
        p95: percentile(commitToDelivery, 95),
        max: percentile(commitToDelivery, 100),
      },
      requestToDeliveryMs: {
        p50: percentile(requestToDelivery, 50),
        p95: percentile(requestToDelivery, 95),
        max: percentile(requestToDelivery, 100),
      },
      frontEndReadsDuringWrites: {
        clients: READERS,
        townshipWithChildren: pick(townshipReads),
        membersPage: pick(memberReads),
      },
      delivered: live.results.length,
      idleRefusedOrEnded: refused,
      serverErrors: server.logs.filter((l) => /"level":(50|60)/.test(l)).slice(0, 3),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, `bench/results/subscriptions-${result.date.slice(0, 10)}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
