import { addDays, addMonths, addYears, differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { LocalDate } from './graphql/scalars';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date in a time zone, as YYYY-MM-DD. The formatter is kept per zone: making one costs more than a simple read. */
export function todayIn(timeZone: string, now: Date = new Date()): LocalDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

const fmt = (d: Date): LocalDate => format(d, 'yyyy-MM-dd');

export const plusDays = (day: LocalDate, days: number): LocalDate => fmt(addDays(parseISO(day), days));
export const plusYears = (day: LocalDate, years: number): LocalDate => fmt(addYears(parseISO(day), years));
export const plusMonths = (day: LocalDate, months: number): LocalDate => fmt(addMonths(parseISO(day), months));
export const daysBetween = (from: LocalDate, to: LocalDate): number =>
  differenceInCalendarDays(parseISO(to), parseISO(from));

/** Whole years from `birth` to `on` (an age). */
export function yearsBetween(birth: LocalDate, on: LocalDate): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
