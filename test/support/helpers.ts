import { writeSync } from 'node:fs';
import type { Role } from '../../src/auth/roles';
import { decodeIntId } from '../../src/graphql/global-id';
import { createTestApp, type ExecResult, type TestApp, type TestAppOptions } from './test-app';

/** The code of a result's first top-level error (FORBIDDEN, MODULE_DISABLED, …). */
export const codeOf = (r: ExecResult): string | undefined => r.errors?.[0]?.extensions?.code;

/**
 * Switches a module on (or off, or back to inheriting with null) for a unit, as an administrator would,
 * from today or from `effectiveOn` (a closed period must be reopened first).
 */
export async function enableModule(
  t: TestApp,
  unitId: string,
  module: string,
  enabled: boolean | null = true,
  effectiveOn?: string,
) {
  const r = await t.execute(
    `mutation($i: SetModuleEnabledInput!) { setModuleEnabled(input: $i) { userErrors { code message } } }`,
    { i: { unitId, module, enabled, effectiveOn } },
  );
  if (r.errors || r.data.setModuleEnabled.userErrors.length)
    throw new Error(`setModuleEnabled ${module} on ${unitId}: ${JSON.stringify(r.errors ?? r.data)}`);
}

/**
 * Reopens every module's closed periods from `from` for a unit's subtree, as an administrator does to
 * enter history after the fact: fixtures that record old absences, entries or disclosures need it.
 */
export async function reopenHistory(t: TestApp, unitId: string, from = '2025-01-01', modules?: string[]) {
  for (const { name } of t.app.figures.keeping) {
    if (modules && !modules.includes(name)) continue;
    const r = await t.execute(
      `mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`,
      { i: { unitId, module: name, from, reason: '补录历史数据 — test fixtures entered after the fact' } },
    );
    if (r.errors || r.data.reopenPeriods.userErrors.length)
      throw new Error(`reopenPeriods ${name} on ${unitId}: ${JSON.stringify(r.errors ?? r.data)}`);
  }
}

/** Runs `setUp` with the clock on `day` (a tree and switches that must hold for past periods), then puts it back. */
export async function onDay<T>(t: TestApp, day: string, setUp: () => Promise<T>): Promise<T> {
  const now = t.clock.now();
  t.clock.set(day);
  try {
    return await setUp();
  } finally {
    t.clock.set(now.toISOString());
  }
}

/** Runs a mutation `name(input: $i)` as the administrator and returns its userErrors (no top-level error allowed). */
export async function userErrorsOf(
  t: TestApp,
  name: string,
  input: Record<string, unknown>,
): Promise<{ field: string[]; code: string; message: string }[]> {
  const type = name[0].toUpperCase() + name.slice(1);
  const r = await t.execute(
    `mutation($i: ${type}Input!) { ${name}(input: $i) { userErrors { field code message } } }`,
    {
      i: input,
    },
  );
  if (r.errors) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  return r.data[name].userErrors;
}

/**
 * An account with one grant (on a unit's subtree, or the whole deployment with null), optionally
 * linked to a member; its password is `long-enough-password`. Sign in as it with `t.as(username)`.
 */
export async function accountWith(
  t: TestApp,
  username: string,
  role: Role,
  unitId: string | null,
  memberId: string | null = null,
): Promise<number> {
  return t.app.db.transaction(async (tx) => {
    const account = await t.app.auth.createAccount(tx, {
      username,
      displayName: username,
      password: 'long-enough-password',
      memberId: memberId === null ? null : decodeIntId(memberId, 'Member'),
    });
    await t.app.auth.grant(tx, account.id, unitId === null ? null : decodeIntId(unitId, 'OrgUnit'), role, null);
    return account.id;
  });
}

/**
 * Runs the same question against the demo county and one three times its size, each in its own
 * database, so a test can hold that the SQL statements do not grow with the data.
 */
export async function onBothSizes<T>(
  ask: (x: TestApp) => Promise<T>,
  o: Omit<TestAppOptions, 'seed'> = {},
): Promise<{ small: T; large: T }> {
  const run = async (seed: 'demo' | 'demo-x3') => {
    const x = await createTestApp({ ...o, seed });
    try {
      return await ask(x);
    } finally {
      await x.close();
    }
  };
  return { small: await run('demo'), large: await run('demo-x3') };
}

/** Prints a measured figure (SQL statements, sizes) with the test output, for the README's table. */
export function reportFigure(name: string, text: string): void {
  writeSync(process.stdout.fd, `figure ${name}: ${text}\n`);
}
