import { z } from 'zod';
import { modulePolicy, plusDays, toGlobalId, type ReminderSource } from '#module-kit';
import { ISSUE_REMINDERS as I } from '../messages';

/** `modules.issue-lists.remindDaysBefore` (docs/RULES.md): days before an issue's deadline it is reminded. */
const policySchema = z.object({ remindDaysBefore: z.number().int().min(0).max(60).default(3) });

/**
 * 办结时限: an issue not yet resolved whose deadline is within `remindDaysBefore` days (default 3) or
 * past, at the unit responsible for it (else the handling unit), until it is resolved or the deadline moves.
 */
const issueDeadline: ReminderSource = {
  kind: 'ISSUE_DEADLINE',
  description: '问题办结时限 — an issue not yet resolved is due within the policy’s days (default 3) or overdue',
  async find(env) {
    const { remindDaysBefore } = modulePolicy(env.app.policy, 'issue-lists', policySchema);
    const rows: { id: number; title: string; unit_id: number; name: string; deadline: string }[] = await env.db.query(
      `SELECT i.id, i.title, u.id AS unit_id, u.name, i.deadline::text
       FROM il_issue i JOIN org_unit u ON u.id = coalesce(i.responsible_unit_id, i.handling_unit_id)
       WHERE i.status IN ('OPEN', 'ASSIGNED', 'IN_PROGRESS') AND i.deadline <= $1::date`,
      [plusDays(env.today, remindDaysBefore)],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('Issue', r.id),
      dueOn: r.deadline,
      message: I.remindIssueDeadline({ title: r.title, unit: r.name, day: r.deadline }),
    }));
  },
};

export const issueReminders: ReminderSource[] = [issueDeadline];
