import { Role } from '../../../src/auth/roles';
import { accountWith, enableModule } from '../../support/helpers';
import type { ExecResult, TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';

/**
 * What the issue-list tests share: a county of the test's own (under a city when asked) with the
 * module on, accounts per role, and the workflow's mutations.
 */
export type Exec = Awaited<ReturnType<TestApp['as']>>;

export const ISSUE = `{ id status version deadline overdue level responsiblePerson handlingUnit { code } responsibleUnit { code }
  timeline { kind fromStatus toStatus note fromUnit { code } toUnit { code } } }`;
export const RAISE = `mutation($i: RaiseIssueInput!) { raiseIssue(input: $i) { issue ${ISSUE} userErrors { code field message } } }`;
/** A workflow mutation by name (assignIssue takes AssignIssueInput, escalate/deescalate HandOverIssueInput). */
export const act = (name: string, inputType = 'IssueActionInput') =>
  `mutation($i: ${inputType}!) { ${name}(input: $i) { issue ${ISSUE} userErrors { code field message } } }`;
export const ASSIGN = act('assignIssue', 'AssignIssueInput');
export const START = act('startIssue');
export const RESOLVE = act('resolveIssue');
export const CLOSE = act('closeIssue');
export const REOPEN = act('reopenIssue');
export const ESCALATE = act('escalateIssue', 'HandOverIssueInput');
export const DEESCALATE = act('deescalateIssue', 'HandOverIssueInput');
export const STATS = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit { issueStats(from: $from, to: $to) {
  raised resolved closed awaitingConfirmation overdueNow medianDaysToClose resolvedByLevel { level closed awaitingConfirmation share } } } } }`;

/** The payload of a mutation that must have succeeded (no errors, no user errors). */
export function ok(r: ExecResult, field: string): any {
  if (r.errors?.length || r.data?.[field]?.userErrors?.length)
    throw new Error(`${field}: ${JSON.stringify(r.errors ?? r.data[field].userErrors)}`);
  return r.data[field];
}

const ACCOUNTS = {
  'sec-v1': ['village1', Role.SECRETARY],
  'sec-v2': ['village2', Role.SECRETARY],
  'sec-v3': ['village3', Role.SECRETARY],
  'staff-a': ['stationA', Role.STATION_STAFF],
  'staff-b': ['stationB', Role.STATION_STAFF],
  township: ['township', Role.SECRETARY],
  county: ['county', Role.SECRETARY],
  city: ['city', Role.SECRETARY],
} as const;
export type AccountName = keyof typeof ACCOUNTS;

/**
 * smallCounty (codes `${prefix}C…`) with the issue list on; with `city`, the county sits under a city
 * (`${prefix}CITY`) so issues can travel all four levels. Accounts `${prefix}-${name}` in lower case,
 * signed in; their display names are their usernames (the closure list shows them).
 */
export async function countyWith(t: TestApp, prefix: string, o: { city?: boolean } = {}, ...names: AccountName[]) {
  const tree = { ...(await smallCounty(t, prefix)), city: null as string | null };
  if (o.city) {
    tree.city = await createUnit(t, {
      code: `${prefix}CITY`,
      name: '测试市委',
      kind: 'CITY_COMMITTEE',
      establishedOn: '2000-01-01',
    });
    ok(
      await t.execute(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`, {
        i: { id: tree.county, newParentId: tree.city },
      }),
      'moveOrgUnit',
    );
  }
  await enableModule(t, tree.city ?? tree.county, 'issue-lists');
  const as = {} as Record<AccountName, Exec>;
  for (const name of names) {
    const [unit, role] = ACCOUNTS[name];
    if (!tree[unit]) throw new Error(`${name} needs the county under a city`);
    const username = `${prefix.toLowerCase()}-${name}`;
    await accountWith(t, username, role, tree[unit]);
    as[name] = await t.as(username);
  }
  return { tree, as };
}

/** Raises an issue (as the given account) and returns it. */
export async function raise(exec: Exec, i: Record<string, unknown>) {
  return ok(await exec(RAISE, { i: { category: 'OTHER', source: 'OTHER', ...i } }), 'raiseIssue').issue;
}
