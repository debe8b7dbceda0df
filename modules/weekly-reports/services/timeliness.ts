import { PlanStatus, ReportDueStatus, ReportStatus, Timeliness } from '../enums';
import type { WeeklyReportsPolicy } from './policy';

/**
 * Reports (两上): a report counts as reported while it is SUBMITTED (under review) or ACCEPTED. A
 * report returned for changes (a DRAFT again) has not been reported until it is resubmitted. Its
 * timeliness is judged on the submission the level above accepts — while it is under review, the
 * one under review (the latest) — or, by policy, on the first submission.
 */
export const reportedSql = (a = 'wr') => `${a}.status IN ('SUBMITTED', 'ACCEPTED')`;

/** The column holding the submission a report's timeliness is judged on. */
export const judgedAtSql = (policy: WeeklyReportsPolicy, a = 'wr') =>
  policy.timelinessJudgedOn === 'FIRST_SUBMISSION' ? `${a}.first_submitted_at` : `${a}.submitted_at`;

/** SQL CASE giving a report's Timeliness against `deadline` at `now` (SQL expressions). */
export const reportTimelinessSql = (policy: WeeklyReportsPolicy, deadline: string, now: string, a = 'wr') =>
  `CASE WHEN ${reportedSql(a)} AND ${judgedAtSql(policy, a)} < ${deadline} THEN 'ON_TIME'
        WHEN ${reportedSql(a)} THEN 'LATE'
        WHEN ${now} >= ${deadline} THEN 'MISSING' ELSE 'PENDING' END`;

/** SQL CASE giving a plan's Timeliness: issued (an ISSUED plan) by the deadline, after it, or not yet. */
export const planTimelinessSql = (deadline: string, now: string, a = 'wp') =>
  `CASE WHEN ${a}.status = 'ISSUED' AND ${a}.issued_at < ${deadline} THEN 'ON_TIME'
        WHEN ${a}.status = 'ISSUED' THEN 'LATE'
        WHEN ${now} >= ${deadline} THEN 'MISSING' ELSE 'PENDING' END`;

export interface ReportFacts {
  status: ReportStatus;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
}

/** The instant a report's timeliness is judged on; null while it is not reported (a draft, or returned). */
export function judgedAt(policy: WeeklyReportsPolicy, r: ReportFacts | null): Date | null {
  if (!r || r.status === ReportStatus.DRAFT) return null;
  return policy.timelinessJudgedOn === 'FIRST_SUBMISSION' ? r.firstSubmittedAt : r.submittedAt;
}

/** The same rule as `reportTimelinessSql`, for one report (or none) of a week. */
export function reportTimeliness(
  policy: WeeklyReportsPolicy,
  r: ReportFacts | null,
  deadline: Date,
  now: Date,
): Timeliness {
  const at = judgedAt(policy, r);
  if (at) return at < deadline ? Timeliness.ON_TIME : Timeliness.LATE;
  return now >= deadline ? Timeliness.MISSING : Timeliness.PENDING;
}

/** The same rule as `planTimelinessSql`, for one plan (or none) of a week. */
export function planTimeliness(
  p: { status: PlanStatus; issuedAt: Date | null } | null,
  deadline: Date,
  now: Date,
): Timeliness {
  if (p?.status === PlanStatus.ISSUED && p.issuedAt)
    return p.issuedAt < deadline ? Timeliness.ON_TIME : Timeliness.LATE;
  return now >= deadline ? Timeliness.MISSING : Timeliness.PENDING;
}

/**
 * Where an expected reporter stands with a week's report (`OrgUnit.weeklyReportStatus`): the same
 * deadline and rule as `reportTimeliness`, with a returned report told apart from one never sent.
 */
export function reportDueStatus(
  r: (ReportFacts & { returnedAt: Date | null }) | null,
  timeliness: Timeliness,
): ReportDueStatus {
  if (r?.status === ReportStatus.ACCEPTED) return ReportDueStatus.ACCEPTED;
  if (r?.status === ReportStatus.SUBMITTED) return ReportDueStatus.SUBMITTED;
  if (r?.returnedAt) return ReportDueStatus.RETURNED;
  return timeliness === Timeliness.MISSING ? ReportDueStatus.MISSING : ReportDueStatus.NOT_YET_DUE;
}
