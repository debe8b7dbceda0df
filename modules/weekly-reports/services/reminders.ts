import { atLocalTime, plusDays, toGlobalId, type ReminderEnv, type ReminderSource } from '#module-kit';
import { WEEKLY_REMINDERS as W } from '../messages';
import type { Due } from './calendar';
import type { WeeklyReportsServices } from './index';
import { expectedIssuers, expectedReporters } from './reporters';
import { MODULE } from './tallies';
import { reportedSql } from './timeliness';
import { mondayOf } from './weeks';

const servicesIn = (env: ReminderEnv) => env.app.moduleServices.get(MODULE) as WeeklyReportsServices;

/**
 * Units expected to have the record of a week (`expected`, the tree of its due day) that do not:
 * from every root down, the same rule as `planIssuingStatus` and `reportingStatus`.
 */
async function missing(
  env: ReminderEnv,
  week: string,
  due: Due,
  expected: { joins: string; where: string },
  lacking: string,
): Promise<{ id: number; name: string }[]> {
  return env.db.query(
    `SELECT DISTINCT r.id, r.name
     FROM (SELECT id FROM org_unit WHERE parent_id IS NULL) t
     CROSS JOIN (SELECT $1::date AS week, $2::date AS due) w ${expected.joins}
     WHERE ${expected.where} AND ${lacking}`,
    [week, due.day],
  );
}

/**
 * 两下 (seed 000): from the plan's due day at `reminders.planTime` (Monday 09:00), each issuer that has not
 * issued the week's plan, until the week ends. A plan due before its week (a holiday Monday) is
 * reminded on its own due day.
 */
const planNotIssued: ReminderSource = {
  kind: 'WEEKLY_PLAN_NOT_ISSUED',
  description:
    '工作计划未下发 — a township or work station has not issued the week’s plan by its due day’s reminder time (Monday 09:00)',
  async find(env) {
    const { deadlines, policy } = servicesIn(env);
    const out = [];
    const thisWeek = mondayOf(env.today);
    for (const week of [thisWeek, plusDays(thisWeek, 7)]) {
      const due = deadlines.plan(week);
      if (env.now < atLocalTime(due.day, policy.reminders.planTime, env.app.clock.timeZone)) continue;
      const units = await missing(
        env,
        week,
        due,
        expectedIssuers(),
        `NOT EXISTS (SELECT 1 FROM wr_work_plan wp WHERE wp.unit_id = r.id AND wp.week = w.week AND wp.issued_at IS NOT NULL)`,
      );
      for (const u of units)
        out.push({
          unitId: u.id,
          subjectId: toGlobalId('OrgUnit', u.id),
          dueOn: due.day,
          message: W.remindPlanNotIssued({ unit: u.name, week, day: due.day }),
        });
    }
    return out;
  },
};

/**
 * 两上: from `reminders.reportWeekday` at `reminders.reportTime` (Thursday 09:00, or the due day when the
 * calendar moves it earlier), each reporter whose report of the week is not submitted; last week's
 * stay open, overdue, until they are.
 */
const reportNotSubmitted: ReminderSource = {
  kind: 'WEEKLY_REPORT_NOT_SUBMITTED',
  description:
    '周报未上报 — a village or work station has not submitted the week’s report by Thursday 09:00 (its due day if earlier); last week’s stay open until submitted',
  async find(env) {
    const { deadlines, policy } = servicesIn(env);
    const out = [];
    const thisWeek = mondayOf(env.today);
    for (const week of [plusDays(thisWeek, -7), thisWeek]) {
      const due = deadlines.report(week);
      const nominal = plusDays(week, policy.reminders.reportWeekday - 1);
      const from = nominal < due.day ? nominal : due.day;
      if (env.now < atLocalTime(from, policy.reminders.reportTime, env.app.clock.timeZone)) continue;
      const units = await missing(
        env,
        week,
        due,
        expectedReporters(),
        `NOT EXISTS (SELECT 1 FROM wr_weekly_report wr WHERE wr.unit_id = r.id AND wr.week = w.week AND ${reportedSql('wr')})`,
      );
      for (const u of units)
        out.push({
          unitId: u.id,
          subjectId: toGlobalId('OrgUnit', u.id),
          dueOn: due.day,
          message: W.remindReportNotSubmitted({ unit: u.name, week, day: due.day }),
        });
    }
    return out;
  },
};

export const weeklyReminders: ReminderSource[] = [planNotIssued, reportNotSubmitted];
