import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { createTestApp } from '../support/test-app';

/** The benchmark's documents stay valid against the schema, so `npm run bench` does not rot unseen. */
test('every bench/queries document validates against the schema', async () => {
  const t = await createTestApp();
  try {
    const dir = path.join(__dirname, '..', '..', 'bench', 'queries');
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(18);
    const problems = files.flatMap((f) =>
      validate(t.schema, parse(readFileSync(path.join(dir, f), 'utf8'))).map((e) => `${f}: ${e.message}`),
    );
    expect(problems).toEqual([]);
  } finally {
    await t.close();
  }
});
