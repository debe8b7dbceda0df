import { z } from 'zod';
import { modulePolicy, OrgUnitKind, type Policy } from '#module-kit';

/** docs/RULES.md defaults, each a policy a locality may change (modules.mobile-members in the policy file). */
const schema = z.object({
  /** No successful contact for this long: lost (失联) — may be proposed for suspension. */
  lostAfterMonths: z.number().int().min(1).max(60).default(6),
  /**
   * Search (查找) before lost: at least this many unsuccessful contact attempts, on different days, logged
   * since the last successful contact (or leaving). Fewer, and a member out of contact for the lost
   * period is SEARCH_DUE, not LOST, and cannot be proposed for suspension.
   */
  searchAttemptsBeforeLost: z.number().int().min(1).max(20).default(2),
  /**
   * Who approves a suspension, a restoration or a removal: a party committee with that authority above
   * the member's branch, of one of these kinds (never a work station, a general branch or a branch).
   */
  approvingUnitKinds: z
    .array(
      z.enum([
        OrgUnitKind.GRASSROOTS_COMMITTEE,
        OrgUnitKind.TOWNSHIP_COMMITTEE,
        OrgUnitKind.SUBDISTRICT_COMMITTEE,
        OrgUnitKind.COUNTY_COMMITTEE,
        OrgUnitKind.CITY_COMMITTEE,
      ]),
    )
    .min(1)
    .default([OrgUnitKind.GRASSROOTS_COMMITTEE, OrgUnitKind.TOWNSHIP_COMMITTEE, OrgUnitKind.SUBDISTRICT_COMMITTEE]),
  /** No successful contact for this long: contact overdue. */
  contactOverdueMonths: z.number().int().min(1).max(60).default(3),
  /** Suspended this long: may be proposed for removal as self-withdrawn. */
  removalAfterSuspendedMonths: z.number().int().min(1).max(120).default(24),
  /** Lost this long: one concentrated contact effort first (seed 004: over 3 years). */
  concentratedContactAfterMonths: z.number().int().min(1).max(120).default(36),
  /** Mobile members report to their home organisation at least this often. */
  reportInEveryMonths: z.number().int().min(1).max(36).default(12),
});

export type MobilePolicy = z.infer<typeof schema>;

export function mobilePolicy(policy: Policy): MobilePolicy {
  return modulePolicy(policy, 'mobile-members', schema);
}
