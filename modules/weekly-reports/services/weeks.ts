import { addDays, format, parseISO } from 'date-fns';
import { type LocalDate, plusDays } from '#module-kit';

export { plusDays };

/** Weeks are named by their Monday (docs/ARCHITECTURE.md, "The clock and periods"). */
export const isMonday = (day: LocalDate) => parseISO(day).getDay() === 1;

export function mondayOf(day: LocalDate): LocalDate {
  const d = parseISO(day);
  return format(addDays(d, -((d.getDay() + 6) % 7)), 'yyyy-MM-dd');
}

/**
 * SQL for the end of an ISO weekday of a week, as an instant in the session's time zone (every
 * connection runs with TimeZone = the deployment's TZ): the start of the following day.
 */
export const deadlineSql = (weekExpr: string, weekday: number) =>
  `((${weekExpr} + ${weekday})::timestamp::timestamptz)`;

/**
 * A run of weeks: every Monday from `from` to `to`, those that have begun, and those whose report deadline
 * has passed.
 */
export interface WeekRange {
  from: LocalDate;
  to: LocalDate;
  begun: LocalDate[];
  closed: LocalDate[];
}

export const MAX_WEEKS = 106;

/** Weeks of a date range (any days; weeks are taken by their Mondays), judged on `today` in the deployment's zone. */
export function weekRange(
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  reportDueWeekday: number,
): WeekRange | { problem: string } {
  const first = mondayOf(from);
  const last = mondayOf(to);
  if (first > last) return { problem: 'from must not be after to' };
  const begun: LocalDate[] = [];
  const closed: LocalDate[] = [];
  for (let w = first; w <= last; w = plusDays(w, 7)) {
    if (begun.length >= MAX_WEEKS) return { problem: `at most ${MAX_WEEKS} weeks at a time` };
    if (w > today) break;
    begun.push(w);
    // The deadline is the end of the due day: it has passed once the next day has begun.
    if (plusDays(w, reportDueWeekday) <= today) closed.push(w);
  }
  return { from: first, to: last, begun, closed };
}
