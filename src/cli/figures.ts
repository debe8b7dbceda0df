import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { failed } from './fail';
import { withApp } from './with-app';

/**
 * `npm run figures -- check`: compares every module's maintained aggregates with a fresh recount of
 * its facts, changing nothing; exit 1 and the differences when they disagree (a bug in a write path).
 * `npm run figures -- rebuild [--module name]`: recounts them from the facts, in one transaction.
 */
async function run() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { module: { type: 'string' } } });
  const command = positionals[0];
  if (command !== 'check' && command !== 'rebuild') throw new Error('usage: figures check | rebuild [--module name]');
  await withApp(async (app) => {
    const started = performance.now();
    if (command === 'rebuild') {
      if (values.module && !app.figures.keeping.some((m) => m.name === values.module))
        throw new Error(`no installed module "${values.module}" keeps figures`);
      await app.db.transaction((tx) => app.figures.rebuild(tx, values.module));
      process.stdout.write(
        `Recounted the figures of ${values.module ?? 'every module'} in ${Math.round(performance.now() - started)} ms.\n`,
      );
      return;
    }
    const mismatches = await app.figures.check(app.db);
    for (const m of mismatches) {
      process.stdout.write(
        `${m.module} ${m.table}: ${m.extra} rows kept that a recount does not give, ${m.missing} a recount gives that are not kept\n` +
          m.sample.map((r) => `  ${JSON.stringify(r)}\n`).join(''),
      );
    }
    const tables = app.figures.keeping.reduce((n, m) => n + m.figures.tallies.length, 0);
    process.stdout.write(
      `${mismatches.length ? 'MISMATCH' : 'OK'}: ${tables} aggregate tables checked against the facts in ${Math.round(performance.now() - started)} ms.\n`,
    );
    if (mismatches.length) process.exitCode = 1;
  });
}

run().catch(failed('figures'));
