import { atLocalTime, type LocalDate, plusDays, WorkingCalendar } from '#module-kit';
import type { WeeklyReportsPolicy } from './policy';

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
