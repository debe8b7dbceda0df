import { plusDays, plusMonths } from '../calendar';
import { toGlobalId } from '../graphql/global-id';
import { CORE_MESSAGES as M } from '../messages/core';
import { MemberStatus } from '../org/enums';
import { probationDueSql } from '../org/services/org-lists';
import type { ReminderEnv, ReminderSource } from './source';

/** The units with current posts whose term ends in [from, until], and the day it ends. */
async function termsEndingBetween(db: ReminderEnv['db'], from: string | null, until: string) {
  const rows: { unit_id: number; name: string; term_end: string }[] = await db.query(
    `SELECT DISTINCT p.unit_id, u.name, p.term_end::text
     FROM post p JOIN org_unit u ON u.id = p.unit_id
     WHERE p.ended_on IS NULL AND p.term_end <= $1::date AND ($2::date IS NULL OR p.term_end >= $2::date)
       AND u.dissolved_on IS NULL`,
    [until, from],
  );
  return rows;
}

/** 换届: a unit whose current posts' term ends within `reminders.termEndingMonthsBefore` (today included). */
const termEnding: ReminderSource = {
  kind: 'TERM_ENDING',
  description: '任期将满 — a unit’s term ends within the policy’s months (default one): prepare the election',
  async find({ app, db, today }) {
    const rows = await termsEndingBetween(db, today, plusMonths(today, app.policy.reminders.termEndingMonthsBefore));
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('OrgUnit', r.unit_id),
      dueOn: r.term_end,
      message: M.reminderTermEnding({ unit: r.name, day: r.term_end }),
    }));
  },
};

/**
 * 届满未换届: the term's last day has passed and the posts are still current — the post reads EXPIRED
 * and still holds until the change of term (docs/RULES.md), so the election is overdue, not "ending".
 * Open until the posts are renewed (ended, new ones recorded).
 */
const termExpired: ReminderSource = {
  kind: 'TERM_EXPIRED',
  description:
    '届满未换届 — the term has ended and no election is recorded: the posts still hold until the change of term',
  async find({ db, today }) {
    const rows = await termsEndingBetween(db, null, plusDays(today, -1));
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('OrgUnit', r.unit_id),
      dueOn: r.term_end,
      message: M.reminderTermExpired({ unit: r.name, day: r.term_end }),
    }));
  },
};

/**
 * 转正: a probationary member whose probation ends within `reminders.probationDueDaysBefore` days, or
 * has, named in the message: whoever may read the reminder may read its branch, and members' names are
 * never masked (only ID numbers, phones and birth dates are).
 */
const probationDue: ReminderSource = {
  kind: 'PROBATION_DUE',
  description:
    '预备期满 — a probationary member’s probation ends within the policy’s days (default 30), or has ended undecided',
  async find({ app, db, today }) {
    const until = plusDays(today, app.policy.reminders.probationDueDaysBefore);
    const rows: { id: number; branch_id: number; unit: string; member: string; due: string }[] = await db.query(
      `SELECT m.id, m.branch_id, u.name AS unit, m.name AS member, ${probationDueSql('m')} AS due
       FROM member m JOIN org_unit u ON u.id = m.branch_id
       WHERE m.status = '${MemberStatus.PROBATIONARY}' AND ${probationDueSql('m')} <= $1::date`,
      [until],
    );
    return rows.map((r) => ({
      unitId: r.branch_id,
      subjectId: toGlobalId('Member', r.id),
      dueOn: r.due,
      message: M.reminderProbationDue({ unit: r.unit, member: r.member, day: r.due }),
    }));
  },
};

export const CORE_REMINDERS: ReminderSource[] = [termEnding, termExpired, probationDue];
