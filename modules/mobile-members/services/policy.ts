import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';

/** docs/RULES.md defaults, each a policy a locality may change (modules.mobile-members in the policy file). */
const schema = z.object({
  /** No successful contact for this long: lost (失联) — may be proposed for suspension. */
  lostAfterMonths: z.number().int().min(1).max(60).default(6),
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
