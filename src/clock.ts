import { fromZonedTime } from 'date-fns-tz';
import type { LocalDate } from './graphql/scalars';

/**
 * The application's clock: the one source of "now" and "today". Requests take one reading when they
 * start (`Context.now`, `Context.today`) and pass it into SQL as a parameter, so a deadline, an
 * "overdue" and a timestamp written by a mutation all agree, and tests can pin the day they need.
 */
export interface Clock {
  /** The deployment's time zone: business days are judged in it. */
  readonly timeZone: string;
  now(): Date;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The business day of an instant in a time zone, as YYYY-MM-DD (formatters are kept per zone: making one is slow). */
export function dayIn(timeZone: string, at: Date): LocalDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** Today in the clock's time zone. */
export const todayOf = (clock: Clock): LocalDate => dayIn(clock.timeZone, clock.now());

/** The machine's clock: what a deployment runs on. */
export class SystemClock implements Clock {
  constructor(readonly timeZone: string) {}

  now(): Date {
    // The one place the application reads the wall clock.
    return new Date();
  }
}

/**
 * A clock that stands still until told to move: tests pin the day they need and move it on (a
 * Friday deadline passing, six months without contact) instead of rewriting rows in SQL.
 */
export class ManualClock implements Clock {
  private instant: Date;

  constructor(
    readonly timeZone: string,
    start: Date | string,
  ) {
    this.instant = this.parse(start);
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  /** An instant (`2026-11-30T00:30:00+08:00`) or a business day (`2026-11-30`, at 10:00 in the time zone). */
  set(to: Date | string): void {
    this.instant = this.parse(to);
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }

  private parse(value: Date | string): Date {
    if (value instanceof Date) return new Date(value.getTime());
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return atLocalTime(value, '10:00', this.timeZone);
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new Error(`ManualClock: not an instant or a day: ${value}`);
    return parsed;
  }
}

/** The instant a wall-clock time of a business day happens in a time zone (e.g. Saturday 00:00 in Shanghai). */
export function atLocalTime(day: LocalDate, time: string, timeZone: string): Date {
  return fromZonedTime(`${day}T${time}:00`, timeZone);
}
