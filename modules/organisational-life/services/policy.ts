import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';
import { MeetingKind } from '../enums';

const every = (months: number) =>
  z
    .number()
    .int()
    .refine((n) => [1, 2, 3, 4, 6, 12].includes(n), 'one of 1, 2, 3, 4, 6, 12 (periods aligned to the calendar year)')
    .default(months);

/** The module's section of the policy file (`modules.organisational-life`); defaults and sources in docs/RULES.md. */
const schema = z.object({
  /** How often each kind is due, in months; periods are aligned to the calendar year (a quarter from 1 January). */
  everyMonths: z
    .object({
      [MeetingKind.ASSEMBLY]: every(3),
      [MeetingKind.COMMITTEE]: every(1),
      [MeetingKind.PARTY_GROUP_MEETING]: every(1),
      [MeetingKind.LECTURE]: every(3),
      [MeetingKind.THEME_DAY]: every(1),
      [MeetingKind.ORG_LIFE_MEETING]: every(12),
      [MeetingKind.DEMOCRATIC_APPRAISAL]: every(12),
    })
    .default({
      ASSEMBLY: 3,
      COMMITTEE: 1,
      PARTY_GROUP_MEETING: 1,
      LECTURE: 3,
      THEME_DAY: 1,
      ORG_LIFE_MEETING: 12,
      DEMOCRATIC_APPRAISAL: 12,
    }),
  /** A branch is silent when this many days have passed since its last meeting (or its founding). */
  silentAfterDays: z.number().int().min(1).max(366).default(30),
  /** Months since a member last took part (present or excused) before they are flagged (Party Constitution art. 9). */
  stoppedTakingPartMonths: z.number().int().min(1).max(24).default(6),
  /**
   * A committee meeting (支委会) is valid when more than this share of the members holding a committee
   * post of the branch that day are present: more than half by the branch work regulations, never less.
   */
  committeeQuorumShare: z.number().min(0.5).lt(1).default(0.5),
});

export type OrgLifePolicy = z.infer<typeof schema>;

export function orgLifePolicy(policy: Policy): OrgLifePolicy {
  return modulePolicy(policy, 'organisational-life', schema);
}

/** The schedule as SQL arrays: kinds and every-how-many-months, in a fixed order. */
export function scheduleParams(policy: OrgLifePolicy): [string[], number[]] {
  const kinds = Object.values(MeetingKind);
  return [kinds, kinds.map((k) => policy.everyMonths[k])];
}

/** The first day of the scheduled period of `kind` that holds `day` (periods aligned to the calendar year). */
export function schedulePeriodStart(policy: OrgLifePolicy, kind: MeetingKind, day: string): string {
  const months = policy.everyMonths[kind];
  const month = Number(day.slice(5, 7));
  const first = month - ((month - 1) % months);
  return `${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}
