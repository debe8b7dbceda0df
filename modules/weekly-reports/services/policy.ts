import { z } from 'zod';
import { isCalendarDate, modulePolicy, type Policy, workingDaysPolicy } from '#module-kit';

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const day = z.string().refine(isCalendarDate, 'must be a calendar date, YYYY-MM-DD');

/**
 * The working-day calendar deadlines follow (docs/RULES.md, "Periods, days and deadlines"): the
 * core's one calendar (policy `calendar`, `workingDaysPolicy` in the kit). Days set here, as older
 * policy files do, are read into that calendar; where a deadline on a day off goes is this module's.
 */
const calendar = z
  .object({
    /** Take the national holidays and make-up working days from the `chinese-days` package. */
    national: z.boolean().default(true),
    /** Further days off (a local holiday; a year the package does not know yet); they override the package. */
    holidays: z.array(day).max(2000).default([]),
    /** Further working days (a make-up day the package does not know yet); they override the package. */
    workdays: z.array(day).max(2000).default([]),
    /**
     * Where a deadline that falls on a day off goes: to the last working day before it (default:
     * docs/RULES.md, "A due day that is a day off"), to the next working day
     * (Civil Code art. 203's reading for legal periods), or nowhere (the calendar day stands).
     */
    deadlineOnDayOff: z
      .enum(['LAST_WORKING_DAY_BEFORE', 'NEXT_WORKING_DAY', 'UNCHANGED'])
      .default('LAST_WORKING_DAY_BEFORE'),
  })
  .superRefine((c, ctx) => {
    const both = c.holidays.filter((d) => c.workdays.includes(d));
    if (both.length)
      ctx.addIssue({
        code: 'custom',
        path: ['workdays'],
        message: `both a holiday and a working day: ${both.join(', ')}`,
      });
  });

/** Deadlines are policy (seed 000: plans on Monday, reports on Friday), judged in the deployment's time zone. */
const schema = z.object({
  /** ISO weekday by whose end a plan is due: 1 = Monday. */
  planDueWeekday: z.number().int().min(1).max(7).default(1),
  /** ISO weekday by whose end a report is due: 5 = Friday. */
  reportDueWeekday: z.number().int().min(1).max(7).default(5),
  /**
   * Which submission a report's timeliness is judged on: the one the level above accepts (while it
   * is under review, the one under review), or the first one even if it was returned.
   */
  timelinessJudgedOn: z.enum(['ACCEPTED_SUBMISSION', 'FIRST_SUBMISSION']).default('ACCEPTED_SUBMISSION'),
  calendar: calendar.prefault({}),
  /** When the reminders come (README, "Reminders"): times of day are HH:MM in the deployment's time zone. */
  reminders: z
    .object({
      /** A plan not issued is reminded from this time of its due day (Monday 09:00 by default). */
      planTime: z.string().regex(TIME, 'must be HH:MM').default('09:00'),
      /** A report not submitted is reminded from this ISO weekday of its week (Thursday), or its due day if earlier. */
      reportWeekday: z.number().int().min(1).max(7).default(4),
      reportTime: z.string().regex(TIME, 'must be HH:MM').default('09:00'),
    })
    .prefault({}),
});

export type WeeklyReportsPolicy = z.infer<typeof schema>;
export type CalendarPolicy = WeeklyReportsPolicy['calendar'];

export function weeklyReportsPolicy(policy: Policy): WeeklyReportsPolicy {
  const own = modulePolicy(policy, 'weekly-reports', schema);
  return { ...own, calendar: { ...workingDaysPolicy(policy), deadlineOnDayOff: own.calendar.deadlineOnDayOff } };
}
