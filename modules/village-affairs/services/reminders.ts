import { plusDays, toGlobalId, type ReminderEnv, type ReminderSource } from '#module-kit';
import { VILLAGE_REMINDERS as V } from '../messages';
import { dueStatusSql, judgedDisclosures } from './compliance-sql';
import type { VillageAffairsServices } from './index';

const MODULE = 'village-affairs';
const servicesIn = (env: ReminderEnv) => env.app.moduleServices.get(MODULE) as VillageAffairsServices;

/**
 * 村务公开: each period a village owes (the same judgement as `dueDisclosures`), from
 * `remindDaysBefore` days before its due day until a complete disclosure is published; of each
 * category only the `remindPeriods` latest periods come due (the current one and the one before it):
 * a secretary is told what can still be done on time, and an older gap is returned as lapsed, so an
 * open reminder of it closes as LAPSED (it stays MISSING on `dueDisclosures` and in the figures, where
 * the township follows it up).
 */
const disclosureDue: ReminderSource = {
  kind: 'DISCLOSURE_DUE',
  description:
    '村务公开到期 — a village’s disclosure of a period is due within the policy’s days (default 3) or overdue, and not published in full; per category the current and the previous period only (policy remindPeriods)',
  async find(env) {
    const { policy } = servicesIn(env);
    const until = plusDays(env.today, policy.remindDaysBefore);
    const roots: { id: number }[] = await env.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL`);
    const { sql, params } = judgedDisclosures(
      policy,
      roots.map((r) => r.id),
      plusDays(env.today, -366),
      until,
      env.today,
      [until],
    );
    const rows: {
      village: number;
      name: string;
      category: string;
      period_start: string;
      period_end: string;
      due_on: string;
      recent: string;
    }[] = await env.db.query(
      `${sql}
         SELECT d.village, u.name, d.category, d.period_start::text, d.period_end::text, d.due_on::text, min(d.recent) AS recent
         FROM (SELECT j.*, ${dueStatusSql} AS status,
                      dense_rank() OVER (PARTITION BY j.village, j.category ORDER BY j.period_start DESC) AS recent
               FROM judged j WHERE j.due_on <= $10::date) d
         JOIN org_unit u ON u.id = d.village
         WHERE d.status IN ('NOT_YET_DUE', 'PARTIAL', 'MISSING')
         GROUP BY d.village, u.name, d.category, d.period_start, d.period_end, d.due_on`,
      params,
    );
    return rows.map((r) => ({
      unitId: r.village,
      subjectId: toGlobalId('OrgUnit', r.village),
      topic: `${r.category} ${r.period_start}`,
      dueOn: r.due_on,
      // Older than the periods reminded: closed as LAPSED if open, never raised.
      lapsed: Number(r.recent) > policy.remindPeriods,
      message: V.remindDisclosure({
        unit: r.name,
        category: policy.disclosures[r.category]?.title ?? r.category,
        from: r.period_start,
        to: r.period_end,
        day: r.due_on,
      }),
    }));
  },
};

/**
 * 件件有回音 (seed 004): every opinion not yet answered, from `remindDaysBefore` days before its
 * answer-by day (received + `feedbackReplyDays`) until it is answered, at the unit that holds it now
 * (the station it was passed up to, else the village).
 */
const feedbackReplyDue: ReminderSource = {
  kind: 'FEEDBACK_REPLY_DUE',
  description:
    '意见答复到期 — an opinion not yet answered is due an answer within the policy’s days (default 3) or overdue',
  async find(env) {
    const { policy } = servicesIn(env);
    const rows: { id: number; unit_id: number; name: string; received_on: string; due_on: string }[] =
      await env.db.query(
        `SELECT f.id, u.id AS unit_id, u.name, f.received_on::text, (f.received_on + $1::int)::text AS due_on
         FROM va_feedback f JOIN org_unit u ON u.id = coalesce(f.passed_to_unit_id, f.unit_id)
         WHERE f.replied_on IS NULL AND f.received_on + $1::int <= $2::date`,
        [policy.feedbackReplyDays, plusDays(env.today, policy.remindDaysBefore)],
      );
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('VillageFeedback', r.id),
      dueOn: r.due_on,
      message: V.remindFeedbackReply({ unit: r.name, received: r.received_on, day: r.due_on }),
    }));
  },
};

export const villageReminders: ReminderSource[] = [disclosureDue, feedbackReplyDue];
