import national from 'chinese-days/dist/chinese-days.json';
import { atLocalTime, type LocalDate, plusDays } from '#module-kit';
import type { CalendarPolicy, WeeklyReportsPolicy } from './policy';

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

  constructor(private readonly policy: CalendarPolicy) {
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

  /**
   * The day a deadline nominally on `day` falls due by the policy: the day itself when it is a
   * working day; otherwise the last working day before it (never before `notBefore`: then the next
   * working day after it), the next working day, or the day itself (UNCHANGED).
   */
  dueDay(day: LocalDate, notBefore?: LocalDate): LocalDate {
    const rule = this.policy.deadlineOnDayOff;
    if (rule === 'UNCHANGED' || this.isWorkingDay(day)) return day;
    if (rule === 'LAST_WORKING_DAY_BEFORE') {
      const before = this.search(plusDays(day, -1), -1, notBefore);
      if (before) return before;
    }
    return this.search(plusDays(day, 1), 1) ?? day;
  }
}

/** A week's deadline: the day it falls due (after the calendar) and the instant it passes (the next day's start). */
export interface Due {
  /** The nominal due day (Monday or Friday by policy), before the calendar moved it. */
  nominal: LocalDate;
  day: LocalDate;
  deadline: Date;
}

/**
 * The due days of a week (named by its Monday): plans by the end of `planDueWeekday`, reports by the
 * end of `reportDueWeekday`, each moved by the working-day calendar. A report is never due before its
 * week begins (it reports the week's work): when the week has no working day up to the report's due
 * day (the Spring Festival), the report falls due on the next working day after it.
 */
export class DueDays {
  readonly calendar: WorkingCalendar;

  constructor(protected readonly policy: WeeklyReportsPolicy) {
    this.calendar = new WorkingCalendar(policy.calendar);
  }

  planDay(week: LocalDate): LocalDate {
    return this.calendar.dueDay(plusDays(week, this.policy.planDueWeekday - 1));
  }

  reportDay(week: LocalDate): LocalDate {
    return this.calendar.dueDay(plusDays(week, this.policy.reportDueWeekday - 1), week);
  }
}

/** The due days of a week with the instants their deadlines pass, in the deployment's time zone. */
export class Deadlines extends DueDays {
  constructor(
    policy: WeeklyReportsPolicy,
    private readonly timeZone: string,
  ) {
    super(policy);
  }

  /** A week's due days depend on the policy alone: computed once a week (a province asks for each county). */
  private readonly known = new Map<string, Due>();

  private due(nominal: LocalDate, day: LocalDate): Due {
    return { nominal, day, deadline: atLocalTime(plusDays(day, 1), '00:00', this.timeZone) };
  }

  private remembered(key: string, make: () => Due): Due {
    let due = this.known.get(key);
    if (!due) this.known.set(key, (due = make()));
    return { ...due };
  }

  plan(week: LocalDate): Due {
    return this.remembered(`plan ${week}`, () =>
      this.due(plusDays(week, this.policy.planDueWeekday - 1), this.planDay(week)),
    );
  }

  report(week: LocalDate): Due {
    return this.remembered(`report ${week}`, () =>
      this.due(plusDays(week, this.policy.reportDueWeekday - 1), this.reportDay(week)),
    );
  }
}
