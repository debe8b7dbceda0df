import { Role } from '../../../src/auth/roles';
import { accountWith, enableModule } from '../../support/helpers';
import type { ExecResult, TestApp } from '../../support/test-app';
import { smallCounty } from '../../support/tree';

/**
 * What the weekly-report tests share: a county of their own with the module on and an account per
 * role, and the workflow through the API at instants the test chooses (the clock is moved to each).
 */
export type Exec = Awaited<ReturnType<TestApp['as']>>;
export type County = Awaited<ReturnType<typeof smallCounty>>;

/** An instant in the deployment's time zone (Asia/Shanghai, +08:00). */
export const at = (day: string, time: string) => `${day}T${time}+08:00`;

export const CREATE_PLAN = `mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { workPlan { id status items { id title } version } userErrors { code field message } } }`;
export const ADD_ITEMS = `mutation($i: AddWorkPlanItemsInput!) { addWorkPlanItems(input: $i) { workPlan { items { title } } userErrors { code } } }`;
export const COPY_ITEMS = `mutation($i: CopyWorkPlanItemsInput!) { copyWorkPlanItems(input: $i) { workPlan { items { title } } userErrors { code message } } }`;
export const ISSUE_PLAN = `mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { workPlan { status issuedAt late } userErrors { code message } } }`;
export const CREATE_REPORT = `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id status planItems { id title } } userErrors { code field message } } }`;
export const SAVE = `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { weeklyReport { status version answers { outcome item { title } } otherWork problems { text category } } userErrors { code field message } } }`;
export const SUBMIT = `mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { weeklyReport { status firstSubmittedAt submittedAt timeliness } userErrors { code message } } }`;
export const RETURN = `mutation($i: ReturnWeeklyReportInput!) { returnWeeklyReport(input: $i) { weeklyReport { status returnReason returnedAt firstSubmittedAt } userErrors { code } } }`;
export const ACCEPT = `mutation($i: WeeklyReportActionInput!) { acceptWeeklyReport(input: $i) { weeklyReport { status acceptedAt } userErrors { code } } }`;
export const RATE = `query($u: ID!, $from: Date!, $to: Date!) { node(id: $u) { ... on OrgUnit {
  reportingRate(from: $from, to: $to) { weeks expected submitted onTime late missing awaitingReview returned submissionRate onTimeRate
    byWeek { week dueOn expected submitted onTime late missing } } } } }`;
export const STATUS = `query($u: ID!, $w: Date!, $only: [ReportingTimeliness!]) { node(id: $u) { ... on OrgUnit {
  reportingStatus(week: $w, timeliness: $only) { totalCount nodes { unit { code } timeliness report { status } } } } } }`;

/** The payload of a mutation that must have succeeded (no errors, no user errors). */
export function ok(r: ExecResult, field: string): any {
  if (r.errors?.length || r.data?.[field]?.userErrors?.length)
    throw new Error(`${field}: ${JSON.stringify(r.errors ?? r.data[field].userErrors)}`);
  return r.data[field];
}

const ACCOUNTS = {
  'staff-a': ['stationA', Role.STATION_STAFF],
  'staff-b': ['stationB', Role.STATION_STAFF],
  'sec-v1': ['village1', Role.SECRETARY],
  'sec-v2': ['village2', Role.SECRETARY],
  'sec-v3': ['village3', Role.SECRETARY],
  township: ['township', Role.SECRETARY],
  'township-admin': ['township', Role.ADMIN],
  'county-admin': ['county', Role.ADMIN],
  'station-admin': ['stationA', Role.ADMIN],
  'station-analyst': ['stationA', Role.ANALYST],
} as const;
export type AccountName = keyof typeof ACCOUNTS;

/**
 * A county of the test's own (codes `${prefix}C…`, see smallCounty) with weekly reports on, and the
 * accounts asked for, signed in: station staff (`staff-a`, `staff-b`), village secretaries (`sec-v1`
 * … `sec-v3`), the township's secretary (`township`), administrators of the township, the county and
 * station A (`township-admin`, `county-admin`, `station-admin`), an analyst on station A
 * (`station-analyst`), named `${prefix}-${name}` in lower case.
 */
export async function countyWith(t: TestApp, prefix: string, ...names: AccountName[]) {
  // The tree and the module switch have a history (issue 16), and a week's figures follow the tree and
  // the switch of that week: the county is entered and turns weekly reports on at the start of 2025,
  // before any week the tests write about (a unit entered today is placed from the first open week
  // only, and a switch dated today would leave every earlier week without expected reporters).
  const now = t.clock.now();
  t.clock.set(SWITCHED_ON);
  const tree = await smallCounty(t, prefix);
  await enableModule(t, tree.county, 'weekly-reports');
  t.clock.set(now);
  const as = {} as Record<AccountName, Exec>;
  for (const name of names) {
    const [unit, role] = ACCOUNTS[name];
    const username = `${prefix.toLowerCase()}-${name}`;
    await accountWith(t, username, role, tree[unit]);
    as[name] = await t.as(username);
  }
  return { tree, as };
}

/**
 * An administrator reopens the closed weeks of a unit's subtree from a day on (issue 16): reviews and
 * corrections of a closed week are refused PERIOD_CLOSED until then.
 */
export async function reopenWeeks(t: TestApp, unitId: string, from: string, reason = '逾期审核') {
  ok(
    await t.execute(`mutation($i: ReopenPeriodsInput!) { reopenPeriods(input: $i) { userErrors { code message } } }`, {
      i: { unitId, module: 'weekly-reports', from, reason },
    }),
    'reopenPeriods',
  );
}

/** The day the test counties (countyWith) turned weekly reports on. */
export const SWITCHED_ON = '2025-01-06';

/** Moves a unit under a new parent from a day on, with the clock on that day (a move is never dated ahead). */
export async function moveOn(t: TestApp, id: string, newParentId: string, effectiveOn: string) {
  t.clock.set(effectiveOn);
  ok(
    await t.execute(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { userErrors { code message } } }`, {
      i: { id, newParentId, effectiveOn },
    }),
    'moveOrgUnit',
  );
}

/** A plan made and issued at an instant; returns its item ids by title. */
export async function planAt(
  t: TestApp,
  when: string,
  unitId: string,
  week: string,
  items: { title: string; category?: string; targetIds?: string[] }[],
): Promise<Record<string, string>> {
  t.clock.set(when);
  const plan = ok(
    await t.execute(CREATE_PLAN, {
      i: { unitId, week, items: items.map((i) => ({ category: 'OTHER', ...i })) },
    }),
    'createWorkPlan',
  ).workPlan;
  ok(await t.execute(ISSUE_PLAN, { i: { planId: plan.id } }), 'issueWorkPlan');
  return Object.fromEntries(plan.items.map((i: any) => [i.title, i.id]));
}

/** A report started at an instant (the clock moves there); returns its id. */
export async function startReport(t: TestApp, when: string, unitId: string, week: string, exec: Exec = t.execute) {
  t.clock.set(when);
  return ok(await exec(CREATE_REPORT, { i: { unitId, week } }), 'createWeeklyReport').weeklyReport.id as string;
}

/** Answers to plan items, other work and problems, saved at the clock's instant. */
export async function saveReport(
  t: TestApp,
  reportId: string,
  answers: { itemId: string; outcome: string }[] = [],
  exec: Exec = t.execute,
) {
  return ok(await exec(SAVE, { i: { reportId, answers, otherWork: ['日常走访'], problems: [] } }), 'saveWeeklyReport')
    .weeklyReport;
}

/** Submits a report at an instant (the clock moves there). */
export async function submitAt(t: TestApp, when: string, reportId: string, exec: Exec = t.execute) {
  t.clock.set(when);
  return ok(await exec(SUBMIT, { i: { reportId } }), 'submitWeeklyReport').weeklyReport;
}

/** A report written and submitted at one instant, answering the given items. */
export async function reportAt(
  t: TestApp,
  when: string,
  unitId: string,
  week: string,
  answers: { itemId: string; outcome: string }[] = [],
) {
  const id = await startReport(t, when, unitId, week);
  await saveReport(t, id, answers);
  await submitAt(t, when, id);
  return id;
}
