import { z } from 'zod';
import { APPROVING_COMMITTEE_KINDS, isCalendarDate, modulePolicy, type Policy, workingDaysPolicy } from '#module-kit';

const day = z.string().refine(isCalendarDate, 'must be a calendar date, YYYY-MM-DD');

/**
 * The module's section of the policy file (`modules.member-development`): the time limits of the
 * member development rules (中国共产党发展党员工作细则), defaults and sources in docs/RULES.md.
 */
const schema = z
  .object({
    /** The youngest an applicant may be on the day of the application (member development rules: 年满十八岁). */
    minApplicantAge: z.number().int().min(18).max(30).default(18),
    /** The branch talks with an applicant within this many months of the application (member development rules). */
    talkWithinMonths: z.number().int().min(1).max(3).default(1),
    /** An activist is assessed at least this often, in months (member development rules). */
    assessEveryMonths: z.number().int().min(1).max(12).default(6),
    /** Training as an activist before becoming a development target, in months (member development rules: 一年以上). */
    trainingMonths: z.number().int().min(12).max(36).default(12),
    /** Concentrated training of a development target: at least these days, or these class hours. */
    trainingMinDays: z.number().int().min(1).max(30).default(3),
    trainingMinHours: z.number().int().min(1).max(200).default(24),
    /** The public notice runs at least this many working days (member development rules). */
    noticeWorkingDays: z.number().int().min(1).max(30).default(5),
    /** The committee above approves within this many months of the branch's vote (member development rules) … */
    approvalMonths: z.number().int().min(1).max(6).default(3),
    /** … or, in special cases, at most this many. */
    approvalMaxMonths: z.number().int().min(1).max(6).default(6),
    /** The committees that pre-review and approve: a party committee above the branch (never a work station). */
    approvingUnitKinds: z
      .array(z.enum(APPROVING_COMMITTEE_KINDS))
      .min(1)
      .default([...APPROVING_COMMITTEE_KINDS]),
    /**
     * Older policy files' own calendar for notices: read into the core's one calendar (policy
     * `calendar`), which a notice counts, as weekly reports' deadlines do.
     */
    calendar: z
      .object({
        national: z.boolean().default(true),
        holidays: z.array(day).max(2000).default([]),
        workdays: z.array(day).max(2000).default([]),
      })
      .prefault({}),
  })
  .refine((p) => p.approvalMaxMonths >= p.approvalMonths, {
    message: 'approvalMaxMonths is at least approvalMonths',
    path: ['approvalMaxMonths'],
  });

export type MemberDevelopmentPolicy = z.infer<typeof schema>;

export function memberDevelopmentPolicy(policy: Policy): MemberDevelopmentPolicy {
  return { ...modulePolicy(policy, 'member-development', schema), calendar: workingDaysPolicy(policy) };
}
