import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { seedDemo } from '../demo/seed';
import { failed } from './fail';
import { withApp } from './with-app';

/** `npm run seed -- --size demo|city|province`: loads demo data into an empty database (embedded or DATABASE_URL). */
async function run() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: 'demo' } } });
  if (values.size !== 'demo' && values.size !== 'city' && values.size !== 'province')
    throw new Error('--size must be demo, city or province');
  const size = values.size;
  await withApp(async (app) => {
    const result = await seedDemo(app, size);
    process.stdout.write(`Loaded the ${size} data: ${result.units} units, ${result.members} members.\n`);
  });
}

run().catch(failed('seed'));
