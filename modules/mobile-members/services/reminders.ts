import { periodEndSql, toGlobalId, type ReminderSource } from '#module-kit';
import { MOBILE_REMINDERS as R } from '../messages';
import type { MobileServices } from './index';
import { statusSql } from './status-sql';
import { MODULE } from './tallies';

/**
 * 失联: a mobile member not reached for `contactOverdueMonths` (the status rule's CONTACT_OVERDUE or
 * SEARCH_DUE), at the home organisation, until a contact reaches them or people decide (lost,
 * suspended, returned). The due day is the last day of the period since the last successful contact.
 */
const contactOverdue: ReminderSource = {
  kind: 'MEMBER_CONTACT_OVERDUE',
  description:
    '流动党员未联系 — a mobile member has not been reached within the policy’s months (default 3), until reached or decided',
  async find(env) {
    const { policy } = env.app.moduleServices.get(MODULE) as MobileServices;
    const s = statusSql(policy, '$1');
    const since = 'coalesce(lc.last_reached, r.left_on)';
    const rows: { id: number; unit_id: number; name: string; since: string; due_on: string }[] = await env.db.query(
      `SELECT r.id, u.id AS unit_id, u.name, ${since}::text AS since,
              ${periodEndSql(since, policy.contactOverdueMonths)}::text AS due_on
       FROM mm_record r JOIN org_unit u ON u.id = r.home_unit_id ${s.joins}
       WHERE ${s.status} IN ('CONTACT_OVERDUE', 'SEARCH_DUE')`,
      [env.today],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('MobileRecord', r.id),
      dueOn: r.due_on,
      message: R.remindContactOverdue({ unit: r.name, since: r.since, day: r.due_on }),
    }));
  },
};

export const mobileReminders: ReminderSource[] = [contactOverdue];
