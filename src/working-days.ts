import national from 'chinese-days/dist/chinese-days.json';
import { plusDays } from './calendar';
import type { LocalDate } from './graphql/scalars';

/**
 * The working-day calendar (docs/RULES.md, "Periods, days and deadlines"): the national holidays and
 * make-up working days (调休) of the `chinese-days` package, with a locality's own days added or
 * overriding them. Weekly deadlines move by it; public-notice periods count its working days.
 */
export interface WorkingDaysPolicy {
  /** Take the national holidays and make-up working days from the `chinese-days` package. */
  national: boolean;
  /** Further days off; they override the package. */
  holidays: readonly LocalDate[];
  /** Further working days; they override the package. */
  workdays: readonly LocalDate[];
  /** Where a deadline that falls on a day off goes (`dueDay`); counting working days ignores it. */
  deadlineOnDayOff?: 'LAST_WORKING_DAY_BEFORE' | 'NEXT_WORKING_DAY' | 'UNCHANGED';
}

/** The package's data: days off and make-up working days (调休) by date, as the State Council publishes them. */
const NATIONAL = national as { holidays: Record<string, string>; workdays: Record<string, string> };

/** Years the package's data covers; outside them only weekends are days off (unless the policy file adds days). */
export const NATIONAL_YEARS = (() => {
  const years = Object.keys(NATIONAL.holidays).map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
})();

/** A day off or a working day can be searched for this far; a longer run of days off leaves the day as it is. */
const SEARCH_DAYS = 31;

const isoWeekday = (day: LocalDate) => {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * Working days: Monday to Friday, less the holidays, plus the make-up working days (调休). The policy
 * file's days win over the package's; the package's over the weekday.
 */
export class WorkingCalendar {
  private readonly holidays: Set<LocalDate>;
  private readonly workdays: Set<LocalDate>;

  constructor(private readonly policy: WorkingDaysPolicy) {
    this.holidays = new Set(policy.holidays);
    this.workdays = new Set(policy.workdays);
  }

  isWorkingDay(day: LocalDate): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    if (this.policy.national) {
      if (NATIONAL.workdays[day]) return true;
      if (NATIONAL.holidays[day]) return false;
    }
    return isoWeekday(day) <= 5;
  }

  private search(from: LocalDate, step: 1 | -1, notBefore?: LocalDate): LocalDate | null {
    for (let i = 0, d = from; i <= SEARCH_DAYS; i++, d = plusDays(d, step)) {
      if (notBefore && d < notBefore) return null;
      if (this.isWorkingDay(d)) return d;
    }
    return null;
  }

  /** Working days from `from` through `to`, both counted (0 when `to` is before `from`). */
  workingDaysFromTo(from: LocalDate, to: LocalDate): number {
    let n = 0;
    for (let d = from; d <= to; d = plusDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /**
   * The day a deadline nominally on `day` falls due by the policy: the day itself when it is a
   * working day; otherwise the last working day before it (never before `notBefore`: then the next
   * working day after it), the next working day, or the day itself (UNCHANGED).
   */
  dueDay(day: LocalDate, notBefore?: LocalDate): LocalDate {
    const rule = this.policy.deadlineOnDayOff ?? 'UNCHANGED';
    if (rule === 'UNCHANGED' || this.isWorkingDay(day)) return day;
    if (rule === 'LAST_WORKING_DAY_BEFORE') {
      const before = this.search(plusDays(day, -1), -1, notBefore);
      if (before) return before;
    }
    return this.search(plusDays(day, 1), 1) ?? day;
  }
}
