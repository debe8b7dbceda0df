import type { MemberFlagSource } from '#module-kit';
import { ORG_LIFE_MESSAGES as M } from '../messages';
import { loadNotTakingPart } from './figures';
import { orgLifePolicy } from './policy';

/**
 * Party Constitution art. 9: a member who has not taken part in organisational life for six months
 * without valid reason may be deemed to have left; the branch decides. The same figure as
 * `OrgUnit.membersNotTakingPart` (services/figures.ts), handed to the core's list of member flags.
 */
export const NOT_TAKING_PART: MemberFlagSource = {
  kind: 'NOT_TAKING_PART',
  description:
    '连续六个月不参加组织生活 — absent without reason from organisational life since the last meeting taken part in, for the policy’s months (default 6, Party Constitution art. 9)',
  async find({ db, unitIds, asOf, app }) {
    const months = orgLifePolicy(app.policy).stoppedTakingPartMonths;
    const perBranch = await loadNotTakingPart(db, unitIds, asOf, months);
    // Each branch asked gives its own members only: a general branch and a branch under it are both asked.
    return perBranch.flatMap((rows, i) =>
      rows
        .filter((r) => r.branch_id === unitIds[i])
        .map((r) => ({
          memberId: r.member_id,
          unitId: r.branch_id,
          since: r.flagged_from,
          // From the catalogue, rendered in the reader's language (src/member-flags/member-flag.resolver.ts).
          detail: (r.last_took_part_on ? M.notTakingPartSinceMeeting : M.notTakingPartSinceJoining)({
            since: r.last_took_part_on ?? r.since,
            absences: r.absences,
            lastAbsent: r.last_absent_on,
          }),
        })),
    );
  },
};
