import { periodEndSql, type ReminderSource, toGlobalId } from '#module-kit';
import { DEVELOPMENT_REMINDERS as D } from '../messages';
import { memberDevelopmentPolicy } from './policy';

/** 谈话: an applicant without a talk, at the branch, due on the last day of the month from the application. */
const talkDue: ReminderSource = {
  kind: 'DEVELOPMENT_TALK_DUE',
  description: '入党申请人谈话 — an applicant the branch has not talked with; due within a month of the application',
  async find(env) {
    const p = memberDevelopmentPolicy(env.app.policy);
    const rows: { id: number; unit_id: number; name: string; applied: string; due: string }[] = await env.db.query(
      `SELECT r.id, r.unit_id, r.name, r.applied_on::text AS applied,
         ${periodEndSql('r.applied_on', '$1')}::text AS due
       FROM md_record r
       WHERE r.stage = 'APPLICANT' AND r.applied_on <= $2::date
         AND NOT EXISTS (SELECT 1 FROM md_step s WHERE s.record_id = r.id AND s.step = 'TALK')`,
      [p.talkWithinMonths, env.today],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      subjectId: toGlobalId('DevelopmentRecord', r.id),
      dueOn: r.due,
      message: D.talkDue({ name: r.name, applied: r.applied, day: r.due }),
    }));
  },
};

/**
 * 审批: an assembly vote not yet approved, at the nearest committee above the branch of the policy's
 * kinds, due three months after the vote; past the longest time (six months) it is no longer reminded.
 */
const approvalDue: ReminderSource = {
  kind: 'DEVELOPMENT_APPROVAL_DUE',
  description:
    '发展党员审批 — an admission the branch assembly voted for, awaiting the committee above; due within three months of the vote',
  async find(env) {
    const p = memberDevelopmentPolicy(env.app.policy);
    const rows: {
      id: number;
      committee: number | null;
      unit_id: number;
      branch: string;
      name: string;
      voted: string;
      due: string;
      lapsed: boolean;
    }[] = await env.db.query(
      `SELECT r.id, r.unit_id, b.name AS branch, r.name, v.decided_on::text AS voted,
         ${periodEndSql('v.decided_on', '$1')}::text AS due,
         ${periodEndSql('v.decided_on', '$2')} < $3::date AS lapsed,
         (SELECT a.id FROM org_unit a WHERE b.path LIKE a.path || '%' AND a.id <> b.id AND a.kind = ANY($4)
          ORDER BY length(a.path) DESC LIMIT 1) AS committee
       FROM md_record r JOIN org_unit b ON b.id = r.unit_id
       JOIN md_step v ON v.record_id = r.id AND v.step = 'BRANCH_VOTE'
       WHERE r.stage = 'DEVELOPMENT_TARGET'
         AND NOT EXISTS (SELECT 1 FROM md_step s WHERE s.record_id = r.id AND s.step = 'APPROVAL')`,
      [p.approvalMonths, p.approvalMaxMonths, env.today, p.approvingUnitKinds],
    );
    return rows.map((r) => ({
      unitId: r.committee ?? r.unit_id,
      subjectId: toGlobalId('DevelopmentRecord', r.id),
      dueOn: r.due,
      lapsed: r.lapsed,
      message: D.approvalDue({ branch: r.branch, name: r.name, voted: r.voted, day: r.due }),
    }));
  },
};

export const developmentReminders: ReminderSource[] = [talkDue, approvalDue];
