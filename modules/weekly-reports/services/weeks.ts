import { addDays, format, parseISO } from 'date-fns';
import { type LocalDate, plusDays } from '#module-kit';
import type { Deadlines, Due } from './calendar';
import type { Message } from '#module-kit';
import { WEEKLY_MESSAGES as W } from '../messages';

export { plusDays };

/** Weeks are named by their Monday (docs/ARCHITECTURE.md, "The clock and periods"). */
export const isMonday = (day: LocalDate) => parseISO(day).getDay() === 1;

export function mondayOf(day: LocalDate): LocalDate {
  const d = parseISO(day);
  return format(addDays(d, -((d.getDay() + 6) % 7)), 'yyyy-MM-dd');
}

/** A week with its deadline (plan or report), as the figures' SQL takes them. */
export interface DueWeek extends Due {
  week: LocalDate;
}

/**
 * A run of weeks: every Monday from `from` to `to`; for reports, those that have begun and those
 * whose report deadline has passed; for plans, those whose plan deadline has passed (a plan may fall
 * due before its week begins, when the calendar moves a holiday Monday back).
 */
export interface WeekRange {
  from: LocalDate;
  to: LocalDate;
  begun: DueWeek[];
  closed: DueWeek[];
  plansClosed: DueWeek[];
}

export const MAX_WEEKS = 106;

/**
 * Weeks of a date range (any days; weeks are taken by their Mondays), judged on `today` in the
 * deployment's zone: a deadline is the end of its due day, so it has passed once the next day has begun.
 */
export function weekRange(
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  deadlines: Deadlines,
): WeekRange | { problem: Message } {
  const first = mondayOf(from);
  const last = mondayOf(to);
  if (first > last) return { problem: W.fromAfterTo() };
  const begun: DueWeek[] = [];
  const closed: DueWeek[] = [];
  const plansClosed: DueWeek[] = [];
  let weeks = 0;
  for (let w = first; w <= last; w = plusDays(w, 7)) {
    if (++weeks > MAX_WEEKS) return { problem: W.tooManyWeeks({ max: MAX_WEEKS }) };
    const plan = deadlines.plan(w);
    if (plan.day < today) plansClosed.push({ week: w, ...plan });
    if (w > today) continue;
    const report = deadlines.report(w);
    begun.push({ week: w, ...report });
    if (report.day < today) closed.push({ week: w, ...report });
  }
  return { from: first, to: last, begun, closed, plansClosed };
}

/** The arrays a statement unnests into `w(week, due, deadline)`. */
export const weekParams = (weeks: DueWeek[]): [LocalDate[], LocalDate[], Date[]] => [
  weeks.map((w) => w.week),
  weeks.map((w) => w.day),
  weeks.map((w) => w.deadline),
];
