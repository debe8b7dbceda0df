import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { todayOf } from '../clock';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { withApp } from './with-app';
import { renderMessage, type Message } from '../messages/catalogue';

/** `npm run import -- members.csv --under CODE`: every row checked first; nothing written if any is bad. */
async function run(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { under: { type: 'string' } } });
  if (positionals.length !== 1 || !values.under) {
    process.stderr.write('usage: npm run import -- FILE.csv --under ORG_CODE\n');
    return 2;
  }
  const csv = readFileSync(positionals[0], 'utf8');
  // Info lines (start-up, migrations) would bury the import's own output.
  return withApp(
    async (app) => {
      const started = Date.now();
      try {
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
        const problems = (err as { problems?: { line: number; field: string | null; message: Message }[] }).problems;
        if (!problems) throw err;
        for (const p of problems)
          process.stderr.write(`line ${p.line}${p.field ? ` (${p.field})` : ''}: ${renderMessage(p.message, 'zh')}\n`);
        process.stderr.write(`${problems.length} problem(s); nothing was imported.\n`);
        return 1;
      }
    },
    { logLevel: (config) => (config.logLevel === 'info' ? 'warn' : config.logLevel) },
  );
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`import failed: ${err.message}\n`);
    process.exit(1);
  },
);
