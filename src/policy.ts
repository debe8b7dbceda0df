import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isCalendarDate, type LocalDate } from './graphql/scalars';
import { OrgUnitKind } from './org/enums';
import type { WorkingDaysPolicy } from './working-days';

const day = z.string().refine(isCalendarDate, 'must be a calendar date, YYYY-MM-DD');

/**
 * Party rules that localities apply differently (docs/RULES.md): every threshold is a
 * policy with a default, overridable by a JSON file named in JICENG_POLICY_FILE. Modules keep their
 * own sections under `modules.<name>` and validate them themselves.
 */
const schema = z.object({
  terms: z
    .object({
      /** Village and community branches (and their general branches and groups): 5 years. */
      ruralOrCommunityBranchYears: z.number().int().min(1).max(10).default(5),
      /** Other branches, general branches and groups: generally 3 years. */
      otherBranchYears: z.number().int().min(1).max(10).default(3),
      /** Grassroots committees and committees above them: generally 5 years. */
      committeeYears: z.number().int().min(1).max(10).default(5),
      /** A dispatched first secretary (第一书记): a term of their own, 2 years by default (as the demo's terms). */
      firstSecretaryYears: z.number().int().min(1).max(10).default(2),
      /** Reminder window before a term ends; terms inside it are "ending soon". */
      remindMonthsBefore: z.number().int().min(0).max(24).default(6),
    })
    .prefault({}),
  figures: z
    .object({
      /**
       * Days after a period's last day until it closes (its deadline and the grace after it), per
       * module; a module not named here keeps the default it declares (docs/RULES.md).
       */
      closeAfterDays: z.record(z.string(), z.number().int().min(0).max(366)).default({}),
    })
    .prefault({}),
  reminders: z
    .object({
      /** A unit is reminded this many months before its committee's term ends (换届). */
      termEndingMonthsBefore: z.number().int().min(0).max(24).default(1),
      /** A branch is reminded this many days before a probation falls due (转正讨论). */
      probationDueDaysBefore: z.number().int().min(0).max(366).default(30),
    })
    .prefault({}),
  /**
   * The county's one working-day calendar (docs/RULES.md, "Periods, days and deadlines"): weekly
   * deadlines move by it, public notices count its working days. Read through `workingDaysPolicy`.
   */
  calendar: z
    .object({
      /** Take the national holidays and make-up working days from the `chinese-days` package. */
      national: z.boolean().default(true),
      /** Further days off (a local holiday; a year the package does not know yet); they override the package. */
      holidays: z.array(day).max(2000).default([]),
      /** Further working days (a make-up day the package does not know yet); they override the package. */
      workdays: z.array(day).max(2000).default([]),
    })
    .prefault({}),
  modules: z.record(z.string(), z.unknown()).default({}),
});

export type Policy = z.infer<typeof schema>;

export function loadPolicy(file?: string): Policy {
  const raw = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid policy file ${file}:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const misplaced = misplacedCalendarDays(parsed.data);
  if (misplaced.length) throw new Error(`Invalid policy file ${file}:\n${misplaced.map((m) => `  ${m}`).join('\n')}`);
  workingDaysPolicy(parsed.data);
  return parsed.data;
}

/** The module sections an older policy file may hold calendar days in (before the one `calendar`). */
const MODULE_CALENDAR_SECTIONS = ['weekly-reports', 'member-development'];

const moduleCalendar = z
  .object({ national: z.boolean().optional(), holidays: z.array(day).optional(), workdays: z.array(day).optional() })
  .passthrough();

/**
 * What is wrong with calendar days in module sections, one line each: days that are not calendar days
 * (the modules' own checks may not look at them), and a `calendar` in another module's section, which
 * no module reads: a county that wrote its holidays there would believe them counted.
 */
function misplacedCalendarDays(policy: Policy): string[] {
  return Object.entries(policy.modules).flatMap(([name, section]) => {
    const calendar = section && typeof section === 'object' ? (section as { calendar?: unknown }).calendar : undefined;
    if (calendar === undefined || calendar === null) return [];
    if (!MODULE_CALENDAR_SECTIONS.includes(name))
      return [`modules.${name}.calendar: the working-day calendar belongs under \`calendar\` at the top level`];
    const parsed = moduleCalendar.safeParse(calendar);
    return parsed.success
      ? []
      : parsed.error.issues.map((i) => `modules.${name}.calendar.${i.path.join('.')}: ${i.message}`);
  });
}

/**
 * The one working-day calendar: `calendar`, with the days older policy files set in a module's
 * section (`modules.weekly-reports.calendar`, `modules.member-development.calendar`, their days
 * checked by `loadPolicy`) read into it, so that every module counts the same days. `national: false`
 * anywhere turns the package's days off. A day both a holiday and a working day stops the start.
 */
export function workingDaysPolicy(
  policy: Policy,
): WorkingDaysPolicy & { holidays: LocalDate[]; workdays: LocalDate[] } {
  const sections = [
    policy.calendar,
    ...MODULE_CALENDAR_SECTIONS.map((name) => {
      const m = policy.modules[name];
      return m && typeof m === 'object' ? (m as { calendar?: unknown }).calendar : null;
    }),
  ].filter((c): c is { national?: unknown; holidays?: unknown; workdays?: unknown } => !!c && typeof c === 'object');
  const days = (k: 'holidays' | 'workdays') =>
    [...new Set(sections.flatMap((c) => (Array.isArray(c[k]) ? (c[k] as LocalDate[]) : [])))].sort();
  const holidays = days('holidays');
  const workdays = days('workdays');
  const both = holidays.filter((d) => workdays.includes(d));
  if (both.length) throw new Error(`Invalid policy calendar: both a holiday and a working day: ${both.join(', ')}`);
  return { national: sections.every((c) => c.national !== false), holidays, workdays };
}

export const defaultPolicy = (): Policy => loadPolicy();

const COMMITTEES = [
  OrgUnitKind.PROVINCE_COMMITTEE,
  OrgUnitKind.CITY_COMMITTEE,
  OrgUnitKind.COUNTY_COMMITTEE,
  OrgUnitKind.TOWNSHIP_COMMITTEE,
  OrgUnitKind.SUBDISTRICT_COMMITTEE,
  OrgUnitKind.GRASSROOTS_COMMITTEE,
];

/** Default term length of posts on a unit, in years; null where no term applies (work stations). */
export function termYears(policy: Policy, kind: OrgUnitKind, sector: string | null): number | null {
  if (kind === OrgUnitKind.WORK_STATION) return null;
  if (COMMITTEES.includes(kind)) return policy.terms.committeeYears;
  return sector === 'RURAL' || sector === 'COMMUNITY'
    ? policy.terms.ruralOrCommunityBranchYears
    : policy.terms.otherBranchYears;
}
