import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { todayOf } from '../clock';
import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { openApp } from '../app';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { resolveDatabase } from '../runtime';

/** `npm run import -- members.csv --under CODE`: every row checked first; nothing written if any is bad. */
async function run(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { under: { type: 'string' } } });
  if (positionals.length !== 1 || !values.under) {
    process.stderr.write('usage: npm run import -- FILE.csv --under ORG_CODE\n');
    return 2;
  }
  const csv = readFileSync(positionals[0], 'utf8');
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { url, embedded } = await resolveDatabase(config, log);
  try {
    const { app } = await openApp(config, log, url);
    try {
      const started = Date.now();
      const result = await app.db.transaction(async (tx) => {
        const under = await tx.findOne(OrgUnit, { where: { code: values.under } });
        if (!under) throw new Error(`no unit with code ${values.under}`);
        const outcome = await app.org.imports.import(tx, csv, under, todayOf(app.clock));
        // Throwing rolls the transaction back: nothing is written when any row is bad.
        if (outcome.problems.length) throw Object.assign(new Error('bad rows'), { problems: outcome.problems });
        return outcome;
      });
      process.stdout.write(
        `Imported ${result.imported.length} members in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
      );
      return 0;
    } catch (err) {
      const problems = (err as { problems?: { line: number; field: string | null; message: string }[] }).problems;
      if (!problems) throw err;
      for (const p of problems) process.stderr.write(`line ${p.line}${p.field ? ` (${p.field})` : ''}: ${p.message}\n`);
      process.stderr.write(`${problems.length} problem(s); nothing was imported.\n`);
      return 1;
    } finally {
      await app.db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`import failed: ${err.message}\n`);
    process.exit(1);
  },
);
