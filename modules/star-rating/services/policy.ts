import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';

/**
 * The model star (示范星, seed 001: 综合评定党建"示范星"): which branches and committees the rule
 * proposes to the county at year end, from their own grade and their members' grades.
 */
const modelStarRule = (ownGradeAtLeast: number) =>
  z
    .object({
      /** The subject's own year-end grade (fortress star, service star) at least this. */
      ownGradeAtLeast: z.number().int().min(0).max(5).default(ownGradeAtLeast),
      /** Members count towards the share below from this grade (vanguard star). */
      memberGradeAtLeast: z.number().int().min(0).max(5).default(4),
      /** At least this share of the subject's members (rated or not) at `memberGradeAtLeast` or above. */
      memberShareAtLeast: z.number().min(0).max(1).default(0.6),
      /** A member vetoed this year keeps the subject from the model star. */
      allowVetoedMembers: z.boolean().default(false),
      /** A member at or below `unqualifiedAtOrBelow` keeps the subject from the model star. */
      allowUnqualifiedMembers: z.boolean().default(false),
    })
    .prefault({});

/** Seed 001: branch performance allowances paid up for four and five stars, docked for two and below. */
const schema = z.object({
  /** Allowance adjustment, percent, by a branch's grade 0–5. */
  branchAllowancePercent: z.array(z.number().min(-100).max(100)).length(6).default([-30, -20, -10, 0, 10, 20]),
  /** Members at this grade or below are listed as unqualified, for review by people. */
  unqualifiedAtOrBelow: z.number().int().min(0).max(5).default(1),
  /**
   * 一月一汇总: an entry is recorded by the end of the month this many months after the month it
   * occurred in (1: March's work by 30 April); null, no limit. Entries for a fixed quarter are
   * refused whatever this says.
   */
  recordWithinMonthsAfter: z.number().int().min(0).max(12).nullable().default(1),
  /**
   * A correction of an entry whose quarter is fixed: OPEN_QUARTER dates the reversal in the open
   * quarter (today, or the year's last day for a past year whose fourth quarter is still open), so
   * the fixed grades stand and the year's score is right from then on; REFUSE refuses it.
   */
  fixedQuarterCorrections: z.enum(['OPEN_QUARTER', 'REFUSE']).default('OPEN_QUARTER'),
  modelStar: z
    .object({
      BRANCH: modelStarRule(5),
      COMMITTEE: modelStarRule(5),
    })
    .prefault({}),
});

export type StarPolicy = z.infer<typeof schema>;
export type ModelStarRule = StarPolicy['modelStar']['BRANCH'];

export function starPolicy(policy: Policy): StarPolicy {
  return modulePolicy(policy, 'star-rating', schema);
}
