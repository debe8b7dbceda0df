import { periodElapsedSql } from '#module-kit';
import type { MobilePolicy } from './policy';

/**
 * The status rule, once, in SQL (every list, proposal and figure uses it): people's decisions
 * first, then the time since the last successful contact (or since leaving), judged on `today`.
 * A status that needs months to have passed begins the day after the period's last day (periods
 * by the Civil Code: last reached 31 May, six months end on 30 November, LOST from 1 December).
 * Lost presupposes a search (查找): out of contact for the period but with fewer unsuccessful attempts
 * (on different days, since the last successful contact or leaving) than the policy asks, SEARCH_DUE.
 * Needs `r` (mm_record) in scope; `today` is a parameter placeholder.
 */
export function statusSql(policy: MobilePolicy, today: string) {
  const since = `coalesce(lc.last_reached, r.left_on)`;
  const after = (months: number) => periodElapsedSql(since, months, today);
  return {
    joins: `
      LEFT JOIN LATERAL (SELECT max(c.contacted_on) FILTER (WHERE c.reached) AS last_reached, max(c.contacted_on) AS last_attempt
                         FROM mm_contact c WHERE c.record_id = r.id AND c.contacted_on <= ${today}::date) lc ON true
      LEFT JOIN LATERAL (SELECT count(DISTINCT c.contacted_on)::int AS attempts FROM mm_contact c
                         WHERE c.record_id = r.id AND NOT c.reached AND c.contacted_on <= ${today}::date
                           AND c.contacted_on >= ${since}) ls ON true
      LEFT JOIN LATERAL (SELECT d.kind, d.approved_on FROM mm_decision d WHERE d.record_id = r.id ORDER BY d.id DESC LIMIT 1) ld ON true`,
    status: `CASE WHEN r.returned_on IS NOT NULL THEN 'RETURNED'
                  WHEN ld.kind = 'REMOVE' THEN 'REMOVED'
                  WHEN ld.kind = 'SUSPEND' THEN 'SUSPENDED'
                  WHEN ${after(policy.lostAfterMonths)} AND ls.attempts >= ${policy.searchAttemptsBeforeLost} THEN 'LOST'
                  WHEN ${after(policy.lostAfterMonths)} THEN 'SEARCH_DUE'
                  WHEN ${after(policy.contactOverdueMonths)} THEN 'CONTACT_OVERDUE'
                  ELSE 'IN_CONTACT' END`,
    /** Lost for the concentrated-contact period. */
    longLost: after(policy.concentratedContactAfterMonths),
    /** Suspended for the removal period. */
    suspendedLongEnough: `ld.kind = 'SUSPEND' AND ${periodElapsedSql('ld.approved_on', policy.removalAfterSuspendedMonths, today)}`,
    lastReached: 'lc.last_reached',
  };
}
