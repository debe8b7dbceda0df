import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';

/** Seed 001: branch performance allowances paid up for four and five stars, docked for two and below. */
const schema = z.object({
  /** Allowance adjustment, percent, by a branch's grade 0–5. */
  branchAllowancePercent: z.array(z.number().min(-100).max(100)).length(6).default([-30, -20, -10, 0, 10, 20]),
  /** Members at this grade or below are listed as unqualified, for review by people. */
  unqualifiedAtOrBelow: z.number().int().min(0).max(5).default(1),
});

export type StarPolicy = z.infer<typeof schema>;

export function starPolicy(policy: Policy): StarPolicy {
  return modulePolicy(policy, 'star-rating', schema);
}
