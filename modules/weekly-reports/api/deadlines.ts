import { atLocalTime, type Context, type LocalDate } from '#module-kit';
import { Timeliness } from '../enums';
import { services } from '../services';
import { plusDays } from '../services/weeks';

/** The end of an ISO weekday of a week (the start of the next day), as an instant in the deployment's time zone. */
export function deadlineOf(ctx: Context, week: LocalDate, weekday: number): Date {
  return atLocalTime(plusDays(week, weekday), '00:00', ctx.app.clock.timeZone);
}

/** On time or late by the first submission; before one, pending until the deadline and missing after it. */
export function timelinessOf(ctx: Context, firstSubmittedAt: Date | null, week: LocalDate): Timeliness {
  const deadline = deadlineOf(ctx, week, services(ctx).policy.reportDueWeekday);
  if (firstSubmittedAt) return firstSubmittedAt < deadline ? Timeliness.ON_TIME : Timeliness.LATE;
  return ctx.now >= deadline ? Timeliness.MISSING : Timeliness.PENDING;
}
