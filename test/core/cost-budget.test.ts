import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { openApp } from '../../src/app';
import { CostBudget } from '../../src/graphql/cost-budget';
import type { App } from '../../src/context';
import { serveHttp, signIn, type HttpResult, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The hourly cost budget kept per process while an account is far from it (src/graphql/cost-budget.ts):
 * a front end's cheap reads cost no statement each, the refusal at the end stays exact, and what a
 * process spent is written within a second, or when it stops.
 */
const BUDGET = 100_000;
const READ = `{ viewer { username } }`;
let t: TestApp;
let second: { app: App; schema: GraphQLSchema };
let a: ServedApp;
let b: ServedApp;
let token: string;
let key: string;

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { COST_BUDGET_PER_HOUR: String(BUDGET) } });
  second = await openApp(t.app.config, pino({ level: 'silent' }), (t.app.db.options as { url: string }).url, {
    migrate: false,
    clock: t.clock,
  });
  a = await serveHttp(t.app, t.schema);
  b = await serveHttp(second.app, second.schema);
  token = (await signIn(a, 'analyst', 'jiceng-demo-2026')).accessToken;
  const [account] = await t.app.db.query(`SELECT id FROM account WHERE username = 'analyst'`);
  key = `cost:account:${account.id}`;
});
afterAll(async () => {
  for (const s of [a, b]) await s?.close();
  await second?.app.db.destroy();
  await t?.close();
});

const written = async (): Promise<number> => {
  const [row] = await t.app.db.query(`SELECT points FROM rate_limit WHERE key = $1`, [key]);
  return row ? Number(row.points) : 0;
};
/** A fresh hour of the budget (the access token does not outlive it: sign in again). */
const nextHour = async () => {
  t.clock.advance(3600_000 + 1000);
  token = (await signIn(a, 'analyst', 'jiceng-demo-2026')).accessToken;
};
const remainingOf = (r: HttpResult) => r.body.extensions.cost.remaining as number;
const read = async (server: ServedApp) => {
  const r = await server.gql(READ, {}, { token });
  expect(r.code).toBe('OK');
  return r;
};

test('far from the budget, cheap reads are counted in the process and written at most once a second', async () => {
  await nextHour();
  const first = await read(a);
  expect(first.body.extensions.cost).toMatchObject({ requested: 1, actual: 1, remaining: BUDGET - 1 });
  expect(await written()).toBe(1);
  const remaining: number[] = [];
  for (let i = 0; i < 20; i++) remaining.push(remainingOf(await read(a)));
  // Counted down in the process, exactly; nothing written.
  expect(remaining).toEqual(remaining.map((_, i) => BUDGET - 2 - i));
  expect(await written()).toBe(1);
  // A second later the next read writes what was spent with its own price.
  t.clock.advance(1100);
  expect(remainingOf(await read(a))).toBe(BUDGET - 22);
  expect(await written()).toBe(22);
});

test('near the end every operation is taken in the database, and the refusal comes exactly there', async () => {
  await nextHour();
  await read(a);
  // Another process (here: the database itself) has spent almost everything.
  await t.app.db.query(`UPDATE rate_limit SET points = $2 WHERE key = $1`, [key, BUDGET - 4]);
  for (let i = 0; i < 3; i++) await read(a);
  // Still inside the second: the process does not know yet, and spends locally.
  expect(await written()).toBe(BUDGET - 4);
  t.clock.advance(1100);
  // The next read writes the three and its own; from then on each read is written as it is taken.
  expect(remainingOf(await read(a))).toBe(0);
  expect(await written()).toBe(BUDGET);
  const refused = await a.gql(READ, {}, { token });
  expect(refused.code).toBe('RATE_LIMITED');
  expect(await written()).toBe(BUDGET);
});

test('one process learns of the other within a second, and below a fifth left spends nothing locally', async () => {
  await nextHour();
  await read(a);
  await read(b);
  // b's next reads are local; a knows only its own read and the one it saw written, until it asks again.
  for (let i = 0; i < 5; i++) await read(b);
  expect(remainingOf(await read(a))).toBe(BUDGET - 2);
  t.clock.advance(1100);
  await read(b); // writes b's five and its own
  const seen = remainingOf(await read(a)); // a asks again: a's own unwritten one, b's seven
  expect(seen).toBe(BUDGET - 10);
  // Below a fifth left (as a process knows), every read goes to the database at once.
  await t.app.db.query(`UPDATE rate_limit SET points = $2 WHERE key = $1`, [key, BUDGET * 0.8]);
  t.clock.advance(1100);
  await read(a);
  const before = await written();
  await read(a);
  await read(a);
  expect(await written()).toBe(before + 2);
});

test('what a process spent and did not write counts when it stops', async () => {
  await nextHour();
  const third = await openApp(t.app.config, pino({ level: 'silent' }), (t.app.db.options as { url: string }).url, {
    migrate: false,
    clock: t.clock,
  });
  const c = await serveHttp(third.app, third.schema);
  try {
    for (let i = 0; i < 10; i++) await read(c);
    expect(await written()).toBe(1);
  } finally {
    await c.close();
    await third.app.db.destroy();
  }
  expect(await written()).toBe(10);
});

describe('one process under concurrent operations', () => {
  const spec = (key: string) => ({ key, limit: 10_000_000, windowSeconds: 3600 });
  const writtenFor = async (key: string) => {
    const [row] = await t.app.db.query(`SELECT points FROM rate_limit WHERE key = $1`, [key]);
    return row ? Number(row.points) : 0;
  };

  test('overlapping takes, local spending between them and refunds: every point written once', async () => {
    const budget = new CostBudget(t.app.db, t.clock);
    const s = spec('cost:test:overlap');
    const base = t.clock.now().getTime();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let expected = 0;
    const running: Promise<void>[] = [];
    for (let i = 0; i < 400; i++) {
      const price = 1 + Math.floor(random() * 5);
      const refund = random() < 0.3 ? price - 1 : 0;
      running.push(
        budget.take(s, price, new Date(base + i * 37)).then(async (grant) => {
          expect(grant.accepted).toBe(true);
          expected += price;
          if (refund > 0) {
            await grant.giveBack(refund);
            expected -= refund;
          }
        }),
      );
      // Let some statements come back between the starts, in whatever order they do.
      if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(running);
    await budget.flush();
    expect(await writtenFor(s.key)).toBe(expected);
  });

  test('keys that only ever asked the database are swept by the process itself', async () => {
    const budget = new CostBudget(t.app.db, t.clock);
    const now = t.clock.now().getTime();
    // One request per address, and operations priced over 1 % of the budget: never spent locally.
    for (let i = 0; i < 20; i++) await budget.take(spec(`cost:test:once:${i}`), 1, new Date(now));
    for (let i = 0; i < 5; i++) await budget.take(spec(`cost:test:dear:${i}`), 200_000, new Date(now));
    expect(budget.keysKept).toBe(25);
    t.clock.advance(11_000);
    // The sweep runs every five seconds of real time, judging quiet by the application's clock.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(budget.keysKept).toBe(0);
  }, 20_000);

  test('keys of ended windows or quiet for ten seconds are forgotten, what they spent written', async () => {
    const budget = new CostBudget(t.app.db, t.clock);
    const now = t.clock.now().getTime();
    for (let i = 0; i < 300; i++) await budget.take(spec(`cost:test:address:${i}`), 1, new Date(now));
    for (let i = 0; i < 300; i++) await budget.take(spec(`cost:test:address:${i}`), 2, new Date(now + 10));
    expect(budget.keysKept).toBe(300);
    expect(await writtenFor('cost:test:address:299')).toBe(1);
    await budget.writeQuiet(new Date(now + 10_500));
    expect(budget.keysKept).toBe(0);
    expect(await writtenFor('cost:test:address:0')).toBe(3);
    expect(await writtenFor('cost:test:address:299')).toBe(3);
    // Spent in a window that has ended: nothing to write, nothing kept.
    await budget.take(spec('cost:test:ended'), 1, new Date(now));
    await budget.take(spec('cost:test:ended'), 1, new Date(now + 10));
    await budget.writeQuiet(new Date(now + 3_600_000));
    expect(budget.keysKept).toBe(0);
    expect(await writtenFor('cost:test:ended')).toBe(1);
  });
});
