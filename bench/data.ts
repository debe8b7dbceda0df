import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app';
import { dayIn, ManualClock } from '../src/clock';
import type { App } from '../src/context';
import { loadConfig } from '../src/config';
import { addModuleDemos, type HistoryFailure, seedDemo } from '../src/demo/seed';
import { loadModules } from '../src/module-system/loader';
import { resolveDatabase } from '../src/runtime';
import { freePort, ROOT } from './support/server-process';

export type BenchSize = 'city' | 'province';

export interface BenchData {
  size?: BenchSize;
  generatedOn: string;
  /** Generation in all, the figures' rebuild included. */
  seconds: number;
  /** `app.figures.rebuild` after the switches were set, alone. */
  rebuildSeconds?: number;
  historyYears?: number;
  /** Earlier years of a module's seed that could not be repeated (left out). */
  historyFailures?: HistoryFailure[];
  rows: Record<string, number>;
  /** The modules whose demo history the data hold (absent in data generated before it was kept). */
  modules?: string[];
  /** Modules' demo history added later to these data (`addModuleDemos`), each with when and how long. */
  added?: { modules: string[]; on: string; seconds: number; historyFailures: HistoryFailure[] }[];
}

/**
 * The sizes: `city` (10 counties, about 100,000 members, the year of module history its seeds make) and
 * `province` (three such cities under a province committee, about 300,000 members and 11,000 units, with
 * three years of every module's history).
 */
export const BENCH_SIZES: Record<BenchSize, { historyYears: number }> = {
  city: { historyYears: 1 },
  province: { historyYears: 3 },
};

/** Where a size's generated data live; the city's older `.bench/pristine` is moved there once. */
export function pristineDir(size: BenchSize): string {
  const dir = path.join(ROOT, '.bench', `pristine-${size}`);
  const legacy = path.join(ROOT, '.bench', 'pristine');
  if (size === 'city' && !existsSync(dir) && existsSync(path.join(legacy, 'bench-data.json'))) renameSync(legacy, dir);
  return dir;
}

const TABLES = [
  'org_unit',
  'member',
  'wr_weekly_report',
  'wr_work_plan',
  'il_issue',
  'sr_entry',
  'mm_record',
  'va_disclosure',
  'va_matter',
  'va_feedback',
  'sr_scheme',
  'sr_quarter_grade',
  'post',
  'ol_meeting',
  'ol_attendance',
];

/** A generation under way (`generation.json` beside the data): how it began, so a stopped one resumes alike. */
interface GenerationState {
  size: BenchSize;
  /** The instant the generation began: every county's history is dated from it, whenever it is loaded. */
  clockAt: string;
  /** What it loads; a resume with other modules or years starts again. */
  modules: string[];
  historyYears: number;
  /** Seconds spent so far, over every run that worked on it. */
  seconds: number;
  historyFailures: HistoryFailure[];
}

/**
 * The benchmark's data of one size, generated once under `dataDir` and reused: the `city` demo (10
 * counties, about 100,000 members) or the `province` (three cities), with every module's demo history in
 * every county (each module on for the whole tree, off again for one township per county), as a whole
 * deployment would hold. The tree is loaded first, then each county's history in a transaction of its
 * own followed by ANALYZE (in one transaction the planner never saw the tables grow, and a county of
 * the province went from about three minutes to over ten as it filled). A stopped generation resumes
 * at its next county; the figures are rebuilt once the last county is in.
 */
export async function ensureBenchData(size: BenchSize, dataDir = pristineDir(size)): Promise<BenchData> {
  const marker = path.join(dataDir, 'bench-data.json');
  const seeded = loadModules(undefined)
    .filter((m) => m.seed)
    .map((m) => m.name);
  if (existsSync(marker)) {
    const data: BenchData = JSON.parse(readFileSync(marker, 'utf8'));
    if (data.modules && seeded.every((m) => data.modules!.includes(m))) return data;
    return addMissingModules(size, dataDir, data, seeded);
  }
  const progress = path.join(dataDir, 'generation.json');
  const { historyYears } = BENCH_SIZES[size];
  let state: GenerationState | null = existsSync(progress) ? JSON.parse(readFileSync(progress, 'utf8')) : null;
  const same =
    state?.size === size &&
    state.historyYears === historyYears &&
    state.modules?.join() === seeded.join() &&
    typeof state.clockAt === 'string';
  if (!same) {
    rmSync(dataDir, { recursive: true, force: true });
    state = null;
  }
  const started = performance.now();
  const elapsed = () => Math.round((state?.seconds ?? 0) + (performance.now() - started) / 1000);
  const save = (s: GenerationState) => writeFileSync(progress, JSON.stringify({ ...s, seconds: elapsed() }, null, 2));
  const config = await configFor(dataDir);
  const log = pino({ level: 'warn' });
  const database = await resolveDatabase(config, log);
  const clockAt = state?.clockAt ?? new Date().toISOString();
  try {
    const { app } = await openApp(config, log, database.url, { clock: new ManualClock(config.timeZone, clockAt) });
    try {
      if (!state) {
        process.stdout.write(
          `generating the benchmark data (${size}, every module in every county, ${historyYears} year(s) of history) — once\n`,
        );
        await seedDemo(app, size, 1, { moduleDemos: false });
        state = { size, clockAt, modules: seeded, historyYears, seconds: 0, historyFailures: [] };
        save(state);
      }
      const counties: number[] = (
        await app.db.query(`SELECT id FROM org_unit WHERE kind = 'COUNTY_COMMITTEE' ORDER BY id`)
      ).map((r: { id: number }) => r.id);
      // A county is in when its seeds' switches are: they commit with its data (generation.json is
      // written after the commit, and a stop in between must not load the county twice).
      const done = new Set<number>(
        (
          await app.db.query(
            `SELECT unit_id FROM module_enablement WHERE unit_id = ANY($1::int[]) AND module = ANY($2::text[])
             GROUP BY unit_id HAVING count(DISTINCT module) = $3`,
            [counties, seeded, seeded.length],
          )
        ).map((r: { unit_id: number }) => r.unit_id),
      );
      if (done.size) process.stdout.write(`resuming the ${size} benchmark data: ${done.size} counties in\n`);
      for (const county of counties.filter((c) => !done.has(c))) {
        const countyStarted = performance.now();
        const { historyFailures } = await addModuleDemos(app, size, seeded, {
          modulesInEveryCounty: true,
          counties: [county],
          historyYears,
          rebuild: false,
        });
        for (const f of historyFailures)
          process.stdout.write(`  left out: ${f.module}, county ${f.county}, as of ${f.today}: ${f.error}\n`);
        done.add(county);
        state.historyFailures.push(...historyFailures);
        save(state);
        process.stdout.write(
          `  county ${done.size}/${counties.length} in ${Math.round((performance.now() - countyStarted) / 1000)} s\n`,
        );
      }
      const [root] = await app.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
      let rebuildSeconds = 0;
      await app.db.transaction(async (tx) => {
        for (const name of app.registry.names) await app.modules.setAlways(tx, root.id, name, true);
        const rebuilding = performance.now();
        await app.figures.rebuild(tx);
        rebuildSeconds = Math.round((performance.now() - rebuilding) / 100) / 10;
      });
      await app.db.query('ANALYZE');
      const data: BenchData = {
        size,
        generatedOn: dayIn(config.timeZone, new Date(clockAt)),
        seconds: elapsed(),
        rebuildSeconds,
        historyYears,
        historyFailures: state.historyFailures,
        rows: await rowCounts(app),
        modules: seeded,
      };
      writeFileSync(marker, JSON.stringify(data, null, 2));
      rmSync(progress);
      process.stdout.write(
        `generated ${size} in ${data.seconds} s (figures rebuilt in ${rebuildSeconds} s): ${Object.entries(data.rows)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}\n`,
      );
      return data;
    } finally {
      await app.db.destroy();
    }
  } finally {
    await database.embedded?.stop();
  }
}

/**
 * Data generated before a module was installed get that module's demo history added (every county, the
 * size's years), its switch on for the whole tree, and its figures rebuilt, instead of a generation from
 * scratch (a province takes close to an hour). Data from before the marker kept its modules: a module
 * counts as present when its tables hold rows.
 */
async function addMissingModules(size: BenchSize, dataDir: string, data: BenchData, seeded: string[]) {
  const started = Date.now();
  const config = await configFor(dataDir);
  const log = pino({ level: 'warn' });
  const database = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, database.url);
    try {
      const present = data.modules ?? (await modulesWithRows(app, seeded));
      const missing = seeded.filter((m) => !present.includes(m));
      if (missing.length) {
        const { historyYears } = BENCH_SIZES[size];
        process.stdout.write(
          `adding ${missing.join(', ')} to the ${size} benchmark data (${historyYears} year(s)) — once\n`,
        );
        const [root] = await app.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
        await app.db.transaction(async (tx) => {
          for (const name of missing) await app.modules.setAlways(tx, root.id, name, true);
        });
        const { historyFailures } = await addModuleDemos(app, size, missing, {
          modulesInEveryCounty: true,
          historyYears,
        });
        for (const f of historyFailures)
          process.stdout.write(`  left out: ${f.module}, county ${f.county}, as of ${f.today}: ${f.error}\n`);
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        data.added = [
          ...(data.added ?? []),
          { modules: missing, on: new Date().toISOString().slice(0, 10), seconds, historyFailures },
        ];
        data.rows = await rowCounts(app);
        process.stdout.write(`added ${missing.join(', ')} in ${seconds} s\n`);
      }
      data.modules = [...present, ...missing];
      writeFileSync(path.join(dataDir, 'bench-data.json'), JSON.stringify(data, null, 2));
      return data;
    } finally {
      await app.db.destroy();
    }
  } finally {
    await database.embedded?.stop();
  }
}

/** The installed modules of `names` whose tables hold a row. */
async function modulesWithRows(app: App, names: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const m of app.registry.modules.filter((x) => names.includes(x.name))) {
    for (const entity of m.entities) {
      const table = app.db.getMetadata(entity).tableName;
      const [row] = await app.db.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
      if (row.any) {
        found.push(m.name);
        break;
      }
    }
  }
  return found;
}

async function rowCounts(app: App): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of TABLES) rows[t] = (await app.db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return rows;
}

async function configFor(dataDir: string) {
  return loadConfig({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    SEED_SIZE: 'none',
    // Loading and recounting a province's three years of facts takes statements far longer than a request's 15 s.
    STATEMENT_TIMEOUT_MS: '3600000',
  });
}
