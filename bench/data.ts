import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { type HistoryFailure, seedDemo } from '../src/demo/seed';
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
];

/**
 * The benchmark's data of one size, generated once under `dataDir` and reused: the `city` demo (10
 * counties, about 100,000 members) or the `province` (three cities), with every module's demo history in
 * every county (each module on for the whole tree, off again for one township per county), as a whole
 * deployment would hold.
 */
export async function ensureBenchData(size: BenchSize, dataDir = pristineDir(size)): Promise<BenchData> {
  const marker = path.join(dataDir, 'bench-data.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(dataDir, { recursive: true, force: true });
  const started = Date.now();
  const config = loadConfig({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    SEED_SIZE: 'none',
    // Loading and recounting a province's three years of facts takes statements far longer than a request's 15 s.
    STATEMENT_TIMEOUT_MS: '3600000',
  });
  const log = pino({ level: 'warn' });
  const database = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, database.url);
    try {
      const { historyYears } = BENCH_SIZES[size];
      process.stdout.write(
        `generating the benchmark data (${size}, every module in every county, ${historyYears} year(s) of history) — once\n`,
      );
      const { historyFailures } = await seedDemo(app, size, 1, { modulesInEveryCounty: true, historyYears });
      for (const f of historyFailures)
        process.stdout.write(`  left out: ${f.module}, county ${f.county}, as of ${f.today}: ${f.error}\n`);
      const [root] = await app.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
      let rebuildSeconds = 0;
      await app.db.transaction(async (tx) => {
        for (const name of app.registry.names) await app.modules.setAlways(tx, root.id, name, true);
        const rebuilding = Date.now();
        await app.figures.rebuild(tx);
        rebuildSeconds = Math.round((Date.now() - rebuilding) / 100) / 10;
      });
      const rows: Record<string, number> = {};
      for (const t of TABLES) rows[t] = (await app.db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
      await app.db.query('ANALYZE');
      const data: BenchData = {
        size,
        generatedOn: new Date().toISOString().slice(0, 10),
        seconds: Math.round((Date.now() - started) / 100) / 10,
        rebuildSeconds,
        historyYears,
        historyFailures,
        rows,
      };
      writeFileSync(marker, JSON.stringify(data, null, 2));
      process.stdout.write(
        `generated ${size} in ${data.seconds} s (figures rebuilt in ${rebuildSeconds} s): ${Object.entries(rows)
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
