import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { loadModules } from '../module-system/loader';
import { ModuleRegistry } from '../module-system/registry';
import { buildAppSchema, CORE, printAppSchema } from '../schema';

/**
 * `npm run schema` writes schema/schema.graphql (all modules installed); `npm run schema:check`
 * fails when the committed file differs from the printed schema. No database needed.
 */
async function run(): Promise<number> {
  const file = path.resolve(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
  const registry = ModuleRegistry.create(loadModules(loadConfig({ ...process.env, MODULES: undefined }).modules), CORE);
  const printed = printAppSchema(await buildAppSchema(registry));
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== printed) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema` and commit it.\n');
      return 1;
    }
    process.stdout.write('schema/schema.graphql is up to date.\n');
    return 0;
  }
  writeFileSync(file, printed);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
