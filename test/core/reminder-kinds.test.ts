import { GraphQLEnumType, type GraphQLObjectType } from 'graphql';
import { loadModules } from '../../src/module-system/loader';
import { ModuleRegistry } from '../../src/module-system/registry';
import { CORE } from '../../src/schema';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Reminder kinds are the enum `ReminderKind` (README, "Reminders"), built from the registry like
 * `EventType`: every kind the core and the installed modules declare, described as declared, and no
 * kind of a module that is not installed. Here only weekly reports are installed.
 */
jest.setTimeout(60_000);

let t: TestApp;
const installed = () => loadModules(['weekly-reports']);

beforeAll(async () => {
  t = await createTestApp({ modules: installed() });
});
afterAll(() => t?.close());

test('the enum holds the core’s kinds and the installed module’s, with their declared descriptions', () => {
  const kind = t.schema.getType('ReminderKind') as GraphQLEnumType;
  expect(kind).toBeInstanceOf(GraphQLEnumType);
  const declared = t.app.registry.reminderSources.map((d) => d.source);
  expect(
    kind
      .getValues()
      .map((v) => v.name)
      .sort(),
  ).toEqual(['PROBATION_DUE', 'TERM_ENDING', 'TERM_EXPIRED', 'WEEKLY_PLAN_NOT_ISSUED', 'WEEKLY_REPORT_NOT_SUBMITTED']);
  for (const v of kind.getValues()) {
    expect(v.description).toBe(declared.find((s) => s.kind === v.name)!.description);
    expect(v.description).toMatch(/^\p{Script=Han}+ — /u);
  }
  expect(String((t.schema.getType('Reminder') as GraphQLObjectType).getFields().kind.type)).toBe('ReminderKind!');
  const args = t.schema.getQueryType()!.getFields().myReminders.args;
  expect(String(args.find((a) => a.name === 'kinds')!.type)).toBe('[ReminderKind!]');
});

test('a kind of a module not installed, or a plain string, is refused before anything runs', async () => {
  const r = await t.execute(`{ myReminders(kinds: [DISCLOSURE_DUE], first: 5) { totalCount } }`);
  expect(r.errors?.[0].message).toMatch(/DISCLOSURE_DUE/);
  const s = await t.execute(`{ myReminders(kinds: ["TERM_ENDING"], first: 5) { totalCount } }`);
  expect(s.errors?.length).toBe(1);
  const ok = await t.execute(`{ myReminders(kinds: [TERM_ENDING, WEEKLY_PLAN_NOT_ISSUED], first: 5) { totalCount } }`);
  expect(ok.errors).toBeUndefined();
  expect(ok.data!.myReminders.totalCount).toBe(0);
});

test('the registry refuses a kind declared twice: by a module and the core, or twice in one module', () => {
  const [weekly] = installed();
  const core = CORE.reminders![0];
  expect(() => ModuleRegistry.create([{ ...weekly, reminders: [...weekly.reminders!, core] }], CORE)).toThrow(
    `Reminder kind "${core.kind}" is declared by both the core and module "weekly-reports"`,
  );
  const own = weekly.reminders![0];
  expect(() => ModuleRegistry.create([{ ...weekly, reminders: [own, own] }], CORE)).toThrow(
    `Reminder kind "${own.kind}" is declared by both module "weekly-reports" and module "weekly-reports"`,
  );
  expect(() => ModuleRegistry.create([{ ...weekly, reminders: [{ ...own, kind: 'weekly plan' }] }], CORE)).toThrow(
    'Reminder kind "weekly plan" of module "weekly-reports" is not CONSTANT_CASE',
  );
});
