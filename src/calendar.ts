import { addDays, addMonths, addYears, differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { LocalDate } from './graphql/scalars';

const fmt = (d: Date): LocalDate => format(d, 'yyyy-MM-dd');

/** Whole days later (or earlier), counted on the calendar alone (UTC): no time zone or daylight saving enters. */
export function plusDays(day: LocalDate, days: number): LocalDate {
  const [y, m, d] = day.split('-').map(Number);
  // Four-digit years only (Date.UTC reads 0–99 as 1900–1999); every date the product meets has one.
  if (!(y >= 1000 && y <= 9999)) return fmt(addDays(parseISO(day), days));
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.getUTCFullYear() <= 9999 ? t.toISOString().slice(0, 10) : fmt(addDays(parseISO(day), days));
}
export const plusYears = (day: LocalDate, years: number): LocalDate => fmt(addYears(parseISO(day), years));
/** The same day `months` later (or earlier), or that month's last day when it has none (31 May + 6 → 30 Nov). */
export const plusMonths = (day: LocalDate, months: number): LocalDate => fmt(addMonths(parseISO(day), months));
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  differenceInCalendarDays(parseISO(to), parseISO(from));

/** Whole years from `birth` to `on` (an age). */
export function yearsBetween(birth: LocalDate, on: LocalDate): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Periods counted in months (a year is twelve), by the Civil Code, arts. 201–203: the day of the
 * event is not counted; the period ends on the corresponding day of its last month, or on that
 * month's last day when there is none. So six months from 30 May and from 31 May both end on
 * 30 November, and six months from 31 August end on 28 (or 29) February.
 *
 * Two readings follow, and every rule says which it uses (see docs/RULES.md):
 * - **within** the period ("reply within a month", "probation of one year"): the last day is
 *   still inside; `periodEnd` is the due day.
 * - **after** the period ("out of contact for six months"): the status begins the day after the
 *   last day; `periodElapsedOn` is that day.
 */
export function periodEnd(start: LocalDate, months: number): LocalDate {
  return plusMonths(start, months);
}

/** The first day on which a period of `months` months counted from `start` has fully run. */
export function periodElapsedOn(start: LocalDate, months: number): LocalDate {
  return plusDays(periodEnd(start, months), 1);
}

/**
 * `periodEnd` in SQL (PostgreSQL's month arithmetic on a date is the same rule: 2026-05-31 plus six
 * months is 2026-11-30). The arguments are SQL expressions written in code (columns, placeholders),
 * never values from a request.
 */
export function periodEndSql(start: string, months: string | number): string {
  return `((${start})::date + make_interval(months => (${months})::int))::date`;
}

/** SQL that is true when a period of `months` counted from `start` has fully run on the day `today`. */
export function periodElapsedSql(start: string, months: string | number, today: string): string {
  return `(${periodEndSql(start, months)} < (${today})::date)`;
}
