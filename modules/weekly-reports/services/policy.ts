import { z } from 'zod';
import type { Policy } from '#module-kit';

/** Deadlines are policy (seed 000: plans on Monday, reports on Friday), judged in the deployment's time zone. */
const schema = z.object({
  /** ISO weekday by whose end a plan is due: 1 = Monday. */
  planDueWeekday: z.number().int().min(1).max(7).default(1),
  /** ISO weekday by whose end a report is due: 5 = Friday. */
  reportDueWeekday: z.number().int().min(1).max(7).default(5),
});

export type WeeklyReportsPolicy = z.infer<typeof schema>;

export function weeklyReportsPolicy(policy: Policy): WeeklyReportsPolicy {
  const parsed = schema.safeParse(policy.modules['weekly-reports'] ?? {});
  if (!parsed.success)
    throw new Error(
      `Invalid policy modules.weekly-reports: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
