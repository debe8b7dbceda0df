import { fromZonedTime } from 'date-fns-tz';
import type { Context } from '../../../src/context';
import type { LocalDate } from '../../../src/graphql/scalars';
import { Timeliness } from '../enums';
import { services } from '../services';
import { plusDays } from '../services/weeks';

/** The end of an ISO weekday of a week, as an instant in the deployment's time zone. */
export function deadlineOf(ctx: Context, week: LocalDate, weekday: number): Date {
  return fromZonedTime(`${plusDays(week, weekday)}T00:00:00`, ctx.app.config.timeZone);
}

/** On time or late by the first submission; before one, pending until the deadline and missing after it. */
export function timelinessOf(ctx: Context, firstSubmittedAt: Date | null, week: LocalDate): Timeliness {
  const deadline = deadlineOf(ctx, week, services(ctx).policy.reportDueWeekday);
  if (firstSubmittedAt) return firstSubmittedAt < deadline ? Timeliness.ON_TIME : Timeliness.LATE;
  return new Date() >= deadline ? Timeliness.MISSING : Timeliness.PENDING;
}
