import {
  addDays,
  addMonths,
  format,
  parseISO,
  startOfISOWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
} from 'date-fns';
import { registerEnumType } from 'type-graphql';
import type { LocalDate } from '../graphql/scalars';

/** The periods figures are kept and closed by; weeks start on Monday (ISO 8601). */
export enum PeriodKind {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodKind, {
  name: 'PeriodKind',
  description: '统计周期 — the period a module keeps and closes its figures by',
  valuesConfig: {
    WEEK: { description: '周 — Monday to Sunday' },
    MONTH: { description: '月 — a calendar month' },
    QUARTER: { description: '季度 — a calendar quarter' },
    YEAR: { description: '年 — a calendar year' },
  },
});

const fmt = (d: Date): LocalDate => format(d, 'yyyy-MM-dd');

/** The first day of the period of `kind` that holds `day`. */
export function periodStart(kind: PeriodKind, day: LocalDate): LocalDate {
  const d = parseISO(day);
  switch (kind) {
    case PeriodKind.WEEK:
      return fmt(startOfISOWeek(d));
    case PeriodKind.MONTH:
      return fmt(startOfMonth(d));
    case PeriodKind.QUARTER:
      return fmt(startOfQuarter(d));
    case PeriodKind.YEAR:
      return fmt(startOfYear(d));
  }
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriodStart(kind: PeriodKind, start: LocalDate): LocalDate {
  const d = parseISO(start);
  const months = { WEEK: 0, MONTH: 1, QUARTER: 3, YEAR: 12 }[kind];
  return fmt(months ? addMonths(d, months) : addDays(d, 7));
}

/** The last day of the period starting on `start`. */
export const periodLastDay = (kind: PeriodKind, start: LocalDate): LocalDate =>
  fmt(addDays(parseISO(nextPeriodStart(kind, start)), -1));

/** The day a period closes: `closeAfterDays` (its deadline and the grace after it) past its last day. */
export const closesOn = (kind: PeriodKind, start: LocalDate, closeAfterDays: number): LocalDate =>
  fmt(addDays(parseISO(nextPeriodStart(kind, start)), closeAfterDays));

/**
 * The first day of the first period still open on `today`: every period starting before it is
 * closed. Periods close in order, so this one day says which are closed.
 */
export function firstOpenDay(kind: PeriodKind, today: LocalDate, closeAfterDays: number): LocalDate {
  // The period that held the day `closeAfterDays` ago is the newest that may have closed.
  let start = periodStart(kind, fmt(addDays(parseISO(today), -closeAfterDays)));
  while (closesOn(kind, start, closeAfterDays) <= today) start = nextPeriodStart(kind, start);
  return start;
}

/** The starts of the periods of `kind` that overlap [from, to]. */
export function periodStarts(kind: PeriodKind, from: LocalDate, to: LocalDate): LocalDate[] {
  const starts: LocalDate[] = [];
  for (let s = periodStart(kind, from); s <= to; s = nextPeriodStart(kind, s)) starts.push(s);
  return starts;
}

/** SQL: the first day of the period of `kind` holding the date expression `day`. */
export function periodStartSql(kind: PeriodKind, day: string): string {
  const unit = { WEEK: 'week', MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' }[kind];
  return `date_trunc('${unit}', (${day})::date)::date`;
}
