import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app';
import { loadConfig } from '../src/config';
import { seedDemo } from '../src/demo/seed';
import { resolveDatabase } from '../src/runtime';
import { freePort } from './support/server-process';

export interface BenchData {
  generatedOn: string;
  seconds: number;
  rows: Record<string, number>;
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
];

/**
 * The benchmark's data, generated once under `dataDir` and reused: the `city` demo (10 counties,
 * about 100,000 members) with every module's demo history in every county (each module on for the
 * city, off again for one township per county), as a whole city's deployment would hold.
 */
export async function ensureBenchData(dataDir: string): Promise<BenchData> {
  const marker = path.join(dataDir, 'bench-data.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  rmSync(dataDir, { recursive: true, force: true });
  const started = Date.now();
  const config = loadConfig({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    SEED_SIZE: 'none',
  });
  const log = pino({ level: 'warn' });
  const database = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, database.url);
    try {
      process.stdout.write('generating the benchmark data (city, every module in every county) — once\n');
      await seedDemo(app, 'city', 1, { modulesInEveryCounty: true });
      const [city] = await app.db.query(`SELECT id FROM org_unit WHERE kind = 'CITY_COMMITTEE'`);
      await app.db.transaction(async (tx) => {
        for (const name of app.registry.names) await app.modules.setAlways(tx, city.id, name, true);
        await app.figures.rebuild(tx);
      });
      const rows: Record<string, number> = {};
      for (const t of TABLES) rows[t] = (await app.db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
      await app.db.query('ANALYZE');
      const data: BenchData = {
        generatedOn: new Date().toISOString().slice(0, 10),
        seconds: Math.round((Date.now() - started) / 100) / 10,
        rows,
      };
      writeFileSync(marker, JSON.stringify(data, null, 2));
      return data;
    } finally {
      await app.db.destroy();
    }
  } finally {
    await database.embedded?.stop();
  }
}
