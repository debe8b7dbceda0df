import type { EntityManager } from 'typeorm';
import type { App } from '../context';
import type { LocalDate } from '../graphql/scalars';
import type { Message } from '../messages/catalogue';

/** One open deadline a source found: who must act, on what, by when, and what to tell them. */
export interface DueReminder {
  /** The unit that must act (a township that has not issued its plan, a village that has not reported). */
  unitId: number;
  /** Global id of the object the deadline is about (a unit, a report, a disclosure, a post, a member). */
  subjectId: string;
  /**
   * What tells apart two deadlines of one subject on one day (a village's disclosures of two
   * categories); empty by default.
   */
  topic?: string;
  /** The deadline's day: with the kind, subject, topic and unit it names the reminder once and for all. */
  dueOn: LocalDate;
  /** From the catalogue (Chinese first); rendered in the reader's language when listed. */
  message: Message;
  /**
   * Still unmet but no longer reminded (a disclosure older than the periods reminded): not raised, and
   * an open reminder of it closes as LAPSED rather than DONE.
   */
  lapsed?: boolean;
}

/** What a source reads: the tick's transaction and one clock reading. */
export interface ReminderEnv {
  app: App;
  db: EntityManager;
  now: Date;
  today: LocalDate;
}

/**
 * A kind of reminder and how to find the deadlines that call for it now (README, "Reminders"). The
 * scheduler runs it each tick: new deadlines become reminders (and a REMINDER_DUE event), reminders it
 * no longer returns are closed. A module's source only ever sees units where the module is on.
 */
export interface ReminderSource {
  /** CONSTANT_CASE, unique in the deployment, e.g. WEEKLY_PLAN_NOT_ISSUED. */
  kind: string;
  /** Chinese term first, then English: what the reminder is about and when it comes. */
  description: string;
  find(env: ReminderEnv): Promise<DueReminder[]>;
}
