import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failed } from './fail';
import { importFromFile } from './import-command';
import { withApp } from './with-app';
import { renderMessage } from '../messages/catalogue';

/** `npm run import -- members.csv --under CODE`: every row checked first; nothing written if any is bad; audited. */
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
      const started = performance.now();
      const { imported, problems } = await importFromFile(app, csv, values.under!, positionals[0]);
      if (!problems.length) {
        process.stdout.write(
          `Imported ${imported} members in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
        );
        return 0;
      }
      for (const p of problems)
        process.stderr.write(
          `${p.line ? `line ${p.line}` : 'file'}${p.field ? ` (${p.field})` : ''}: ${renderMessage(p.message, 'zh')}\n`,
        );
      process.stderr.write(`${problems.length} problem(s); nothing was imported.\n`);
      return 1;
    },
    { logLevel: (config) => (config.logLevel === 'info' ? 'warn' : config.logLevel) },
  );
}

run().then((code) => process.exit(code), failed('import'));
