import { z } from 'zod';
import { modulePolicy, type Policy } from '#module-kit';

/** Deadlines are policy (seed 000: plans on Monday, reports on Friday), judged in the deployment's time zone. */
const schema = z.object({
  /** ISO weekday by whose end a plan is due: 1 = Monday. */
  planDueWeekday: z.number().int().min(1).max(7).default(1),
  /** ISO weekday by whose end a report is due: 5 = Friday. */
  reportDueWeekday: z.number().int().min(1).max(7).default(5),
});

export type WeeklyReportsPolicy = z.infer<typeof schema>;

export function weeklyReportsPolicy(policy: Policy): WeeklyReportsPolicy {
  return modulePolicy(policy, 'weekly-reports', schema);
}
