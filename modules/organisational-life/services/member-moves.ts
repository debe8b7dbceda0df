import { ErrorCode, type MemberMovedHandler, refuse } from '#module-kit';
import { ORG_LIFE_MESSAGES as M } from '../messages';

/**
 * A joining day corrected to a later day: a meeting before it that lists the member (any attendance)
 * would list a non-member, and could no longer be corrected as recorded, so the day is refused until
 * that attendance is corrected. A cancelled record counts nowhere and is never saved again: left out.
 */
export const checkOnMove: MemberMovedHandler = async ({ tx, move }) => {
  if (move.kind !== 'JOINED_ON_CHANGED' || move.to <= move.from) return;
  const [earliest]: { held_on: string; unit: string }[] = await tx.query(
    `SELECT to_char(m.held_on, 'YYYY-MM-DD') AS held_on, u.name AS unit
     FROM ol_attendance a JOIN ol_meeting m ON m.id = a.meeting_id JOIN org_unit u ON u.id = m.unit_id
     WHERE a.member_id = $1 AND m.held_on < $2 AND m.cancelled_on IS NULL
     ORDER BY m.held_on, m.id LIMIT 1`,
    [move.memberId, move.to],
  );
  if (earliest)
    refuse(ErrorCode.INVALID_STATE, M.attendedBeforeJoining({ unit: earliest.unit, on: earliest.held_on }), move.field);
};
