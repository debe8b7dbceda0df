import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OrgUnitKind } from './org/enums';

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
  return parsed.data;
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
