import pino from 'pino';
import { openApp } from '../../src/app';
import type { App } from '../../src/context';
import { loadConfig } from '../../src/config';
import { decodeIntId, toGlobalId } from '../../src/graphql/global-id';
import { renderMessage } from '../../src/messages/catalogue';
import { metricsOf } from '../../src/observability/metrics';
import { runReminderTick } from '../../src/reminders/scheduler';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  at,
  countyWith,
  CREATE_REPORT,
  ok,
  planAt,
  RETURN,
  SAVE,
  SUBMIT,
  type Exec,
} from '../modules/weekly-reports/reports';

/**
 * Reminders (README, "Reminders"): a tick raises a reminder once per deadline and writes its event,
 * and closes it when the condition ends; `myReminders` shows the workers of a unit their own. The
 * clock is set by each test (the week of Monday 30 November 2026), never read from the machine.
 */
jest.setTimeout(60_000);

const MONDAY = '2026-11-30';
const WEDNESDAY = '2026-12-02';
const THURSDAY = '2026-12-03';
/** This week's reports are due on Friday; last week's, due 27 November, are overdue all week. */
const FRIDAY = '2026-12-04';
const LAST_FRIDAY = '2026-11-27';
const PLAN = 'WEEKLY_PLAN_NOT_ISSUED';
const REPORT = 'WEEKLY_REPORT_NOT_SUBMITTED';
const MINE = `query($kinds: [ReminderKind!]) { myReminders(kinds: $kinds, first: 50) {
  totalCount nodes { id kind dueOn message createdAt closedAt unit { id } subject { id } } } }`;

let t: TestApp;
let county: Awaited<ReturnType<typeof countyWith>>;
let tree: Record<string, string>;

async function mine(exec: Exec, kind: string, dueOn?: string): Promise<{ totalCount: number; nodes: any[] }> {
  const r = await exec(MINE, { kinds: [kind] });
  expect(r.errors).toBeUndefined();
  const all = r.data!.myReminders;
  return dueOn
    ? {
        totalCount: all.nodes.filter((n: any) => n.dueOn === dueOn).length,
        nodes: all.nodes.filter((n: any) => n.dueOn === dueOn),
      }
    : all;
}

/** Reminders of a kind at a unit, open or closed, and the REMINDER_DUE events written for them. */
async function written(unit: string, kind: string, dueOn: string): Promise<{ reminders: number; events: number }> {
  const rows: { id: number }[] = await t.app.db.query(
    `SELECT id FROM reminder WHERE unit_id = $1 AND kind = $2 AND due_on = $3`,
    [decodeIntId(unit, 'OrgUnit'), kind, dueOn],
  );
  const [{ n }] = await t.app.db.query(
    `SELECT count(*)::int AS n FROM event_outbox WHERE type = 'REMINDER_DUE' AND node_id = ANY($1::text[])`,
    [rows.map((r) => toGlobalId('Reminder', r.id))],
  );
  return { reminders: rows.length, events: n };
}

beforeAll(async () => {
  t = await createTestApp({ now: at(MONDAY, '08:00:00') });
  county = await countyWith(t, 'RM', 'township', 'staff-a', 'sec-v1', 'sec-v3');
  tree = county.tree;
});
afterAll(() => t?.close());

test('Monday 09:00 with the plan not issued: one reminder for the township and one event; issuing it closes it on the next tick', async () => {
  t.clock.set(at(MONDAY, '08:59:59'));
  await runReminderTick(t.app);
  expect((await mine(county.as.township, PLAN)).totalCount).toBe(0);

  t.clock.set(at(MONDAY, '09:00:00'));
  await runReminderTick(t.app);
  await runReminderTick(t.app); // a later tick raises nothing more
  const open = await mine(county.as.township, PLAN);
  // The stations owe their villages a plan too: the township's secretary sees theirs, under the township.
  expect(open.nodes.map((n) => n.unit.id).sort()).toEqual([tree.township, tree.stationA, tree.stationB].sort());
  const own = open.nodes.find((n) => n.unit.id === tree.township);
  expect(own).toMatchObject({ kind: PLAN, dueOn: MONDAY, closedAt: null, subject: { id: tree.township } });
  expect(own.message).toMatch(/^.+尚未下发 2026-11-30 那一周的工作计划（截止 2026-11-30）$/);
  expect(await written(tree.township, PLAN, MONDAY)).toEqual({ reminders: 1, events: 1 });
  // Stored as the catalogue entry and its parameters: rendered in English for a reader who asks.
  const [stored] = await t.app.db.query(`SELECT message FROM reminder WHERE id = $1`, [
    decodeIntId(own.id, 'Reminder'),
  ]);
  expect(renderMessage(stored.message, 'en')).toMatch(
    /^.+ has not issued its plan for the week of 2026-11-30 \(due 2026-11-30\)$/,
  );
  // A village secretary owes no plan and sees none of the township's.
  expect((await mine(county.as['sec-v1'], PLAN)).totalCount).toBe(0);

  await planAt(t, at(MONDAY, '10:00:00'), tree.township, MONDAY, [{ title: '组织生活会' }]);
  expect((await mine(county.as.township, PLAN)).totalCount).toBe(3); // closed on the next tick, not before
  await runReminderTick(t.app);
  const after = await mine(county.as.township, PLAN);
  expect(after.nodes.map((n) => n.unit.id).sort()).toEqual([tree.stationA, tree.stationB].sort());
  const closed = await t.execute(`query($id: ID!) { node(id: $id) { ... on Reminder { closedAt closedBecause } } }`, {
    id: own.id,
  });
  expect(closed.data!.node.closedBecause).toBe('DONE');
  expect(new Date(closed.data!.node.closedAt).toISOString()).toBe(new Date(at(MONDAY, '10:00:00')).toISOString());
  expect(await written(tree.township, PLAN, MONDAY)).toEqual({ reminders: 1, events: 1 });
});

test('reports are reminded from Thursday 09:00, not before: the day boundaries', async () => {
  t.clock.set(at(WEDNESDAY, '23:59:59'));
  await runReminderTick(t.app);
  expect((await mine(county.as['sec-v1'], REPORT, FRIDAY)).totalCount).toBe(0);
  t.clock.set(at(THURSDAY, '08:59:59'));
  await runReminderTick(t.app);
  expect((await mine(county.as['sec-v1'], REPORT, FRIDAY)).totalCount).toBe(0);
  // Last week's report, never submitted, has been overdue since Monday.
  const overdue = await mine(county.as['sec-v1'], REPORT);
  expect(overdue.nodes.map((n) => [n.unit.id, n.dueOn])).toEqual([[tree.village1, LAST_FRIDAY]]);
});

/** The report kind's ticks so far in these processes' metrics, by outcome. */
async function tickCounts(apps: App[]) {
  const ticks = { ran: 0, skipped: 0, failed: 0 };
  for (const app of apps)
    for (const v of (await metricsOf(app).reminderKinds.get()).values)
      if (v.metricName === 'jiceng_reminder_kind_seconds_count' && v.labels.kind === REPORT)
        ticks[v.labels.outcome as keyof typeof ticks] += v.value;
  return ticks;
}

test('two processes and two calls ticking at once: one reminder and one event per deadline', async () => {
  const url = (t.app.db.options as { url: string }).url;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_SIZE: '2' });
  const second = await openApp(config, pino({ level: 'silent' }), url, { migrate: false, clock: t.clock });
  try {
    t.clock.set(at(THURSDAY, '09:00:00'));
    const before = await tickCounts([t.app, second.app]);
    const outcomes = await Promise.all([
      runReminderTick(t.app, [REPORT]),
      runReminderTick(second.app, [REPORT]),
      runReminderTick(t.app, [REPORT]),
    ]);
    // Three reporters (two villages under station A, one under B) and the two stations.
    expect(outcomes.flat().reduce((s, o) => s + o.raised, 0)).toBe(5);
    for (const unit of [tree.village1, tree.village2, tree.village3, tree.stationA, tree.stationB])
      expect(await written(unit, REPORT, FRIDAY)).toEqual({ reminders: 1, events: 1 });
    // Each process's metrics time every tick of the kind: these three, at least one of them run.
    const after = await tickCounts([t.app, second.app]);
    const ran = after.ran - before.ran;
    expect(ran + after.skipped - before.skipped).toBe(3);
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(after.failed - before.failed).toBe(0);
  } finally {
    await second.app.db.destroy();
  }
});

test('a village sees its own reminders and never another village’s; its station sees its villages’', async () => {
  t.clock.set(at(THURSDAY, '09:30:00'));
  await runReminderTick(t.app);
  const v1 = await mine(county.as['sec-v1'], REPORT, FRIDAY);
  expect(v1.nodes.map((n) => n.unit.id)).toEqual([tree.village1]);
  expect(v1.nodes[0].message).toContain('尚未上报');
  const v3 = await mine(county.as['sec-v3'], REPORT, FRIDAY);
  expect(v3.nodes.map((n) => n.unit.id)).toEqual([tree.village3]);
  const station = await mine(county.as['staff-a'], REPORT, FRIDAY);
  expect(station.nodes.map((n) => n.unit.id).sort()).toEqual([tree.stationA, tree.village1, tree.village2].sort());
  // Another village's reminder by id: not found for a village secretary.
  const other = await county.as['sec-v1'](`query($id: ID!) { node(id: $id) { id } }`, { id: v3.nodes[0].id });
  expect(other.data!.node).toBeNull();
});

test('a village submits its report: its reminder closes on the next tick, the others stay', async () => {
  t.clock.set(at(THURSDAY, '10:00:00'));
  const items = await planAt(t, at(THURSDAY, '10:00:00'), tree.stationA, MONDAY, [{ title: '入户走访' }]);
  const sec = county.as['sec-v1'];
  const report = ok(await sec(CREATE_REPORT, { i: { unitId: tree.village1, week: MONDAY } }), 'createWeeklyReport')
    .weeklyReport.id;
  ok(
    await sec(SAVE, {
      i: { reportId: report, answers: [{ itemId: items['入户走访'], outcome: 'DONE' }], otherWork: [], problems: [] },
    }),
    'saveWeeklyReport',
  );
  ok(await sec(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
  t.clock.set(at(THURSDAY, '10:05:00'));
  await runReminderTick(t.app);
  expect((await mine(sec, REPORT, FRIDAY)).totalCount).toBe(0);
  expect((await mine(sec, REPORT, LAST_FRIDAY)).totalCount).toBe(1);
  expect((await mine(county.as['staff-a'], REPORT, FRIDAY)).nodes.map((n) => n.unit.id).sort()).toEqual(
    [tree.stationA, tree.village2].sort(),
  );
  expect(await written(tree.village1, REPORT, FRIDAY)).toEqual({ reminders: 1, events: 1 });

  // The station returns it: missing again, the same reminder opens again, with a second event.
  t.clock.set(at(THURSDAY, '11:00:00'));
  ok(await county.as['staff-a'](RETURN, { i: { reportId: report, reason: '请补充说明' } }), 'returnWeeklyReport');
  await runReminderTick(t.app);
  expect((await mine(sec, REPORT, FRIDAY)).nodes.map((n) => new Date(n.createdAt).toISOString())).toEqual([
    new Date(at(THURSDAY, '11:00:00')).toISOString(),
  ]);
  expect(await written(tree.village1, REPORT, FRIDAY)).toEqual({ reminders: 1, events: 2 });
  ok(await sec(SUBMIT, { i: { reportId: report } }), 'submitWeeklyReport');
  await runReminderTick(t.app);
  expect((await mine(sec, REPORT, FRIDAY)).totalCount).toBe(0);
});

test('a dismissed reminder stays closed; dismissing it again is refused', async () => {
  const DISMISS = `mutation($i: DismissReminderInput!) { dismissReminder(input: $i) { reminder { closedAt closedBecause } userErrors { code message } } }`;
  const [open] = (await mine(county.as['sec-v3'], REPORT, FRIDAY)).nodes;
  const done = ok(await county.as['sec-v3'](DISMISS, { i: { id: open.id } }), 'dismissReminder');
  expect(done.reminder.closedAt).not.toBeNull();
  expect(done.reminder.closedBecause).toBe('DISMISSED');
  await runReminderTick(t.app);
  expect((await mine(county.as['sec-v3'], REPORT, FRIDAY)).totalCount).toBe(0);
  expect(await written(tree.village3, REPORT, FRIDAY)).toEqual({ reminders: 1, events: 1 });
  const again = await county.as['sec-v3'](DISMISS, { i: { id: open.id } });
  expect(again.data!.dismissReminder.userErrors.map((e: { code: string }) => e.code)).toEqual(['INVALID_STATE']);
  // Another village's secretary cannot name it.
  const foreign = await county.as['sec-v1'](DISMISS, { i: { id: open.id } });
  expect(foreign.data!.dismissReminder.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
});
