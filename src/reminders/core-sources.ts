import { plusDays, plusMonths } from '../calendar';
import { toGlobalId } from '../graphql/global-id';
import { CORE_MESSAGES as M } from '../messages/core';
import { MemberStatus } from '../org/enums';
import { probationDueSql } from '../org/services/org-lists';
import type { ReminderSource } from './source';

/** 换届: a unit whose current posts' term ends within `reminders.termEndingMonthsBefore` (or has ended). */
const termEnding: ReminderSource = {
  kind: 'TERM_ENDING',
  description:
    '任期届满 — a unit’s term ends within the policy’s months (default one), or has ended without an election',
  async find({ app, db, today }) {
    const until = plusMonths(today, app.policy.reminders.termEndingMonthsBefore);
    const rows: { unit_id: number; name: string; term_end: string }[] = await db.query(
      `SELECT DISTINCT p.unit_id, u.name, p.term_end
       FROM post p JOIN org_unit u ON u.id = p.unit_id
       WHERE p.ended_on IS NULL AND p.term_end <= $1::date AND u.dissolved_on IS NULL`,
      [until],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('OrgUnit', r.unit_id),
      dueOn: r.term_end,
      message: M.reminderTermEnding({ unit: r.name, day: r.term_end }),
    }));
  },
};

/** 转正: a probationary member whose probation ends within `reminders.probationDueDaysBefore` days, or has. */
const probationDue: ReminderSource = {
  kind: 'PROBATION_DUE',
  description:
    '预备期满 — a probationary member’s probation ends within the policy’s days (default 30), or has ended undecided',
  async find({ app, db, today }) {
    const until = plusDays(today, app.policy.reminders.probationDueDaysBefore);
    const rows: { id: number; branch_id: number; unit: string; due: string }[] = await db.query(
      `SELECT m.id, m.branch_id, u.name AS unit, ${probationDueSql('m')} AS due
       FROM member m JOIN org_unit u ON u.id = m.branch_id
       WHERE m.status = '${MemberStatus.PROBATIONARY}' AND ${probationDueSql('m')} <= $1::date`,
      [until],
    );
    return rows.map((r) => ({
      unitId: r.branch_id,
      subjectId: toGlobalId('Member', r.id),
      dueOn: r.due,
      message: M.reminderProbationDue({ unit: r.unit, day: r.due }),
    }));
  },
};

export const CORE_REMINDERS: ReminderSource[] = [termEnding, probationDue];
