import type { EntityManager } from 'typeorm';
import { type Act, actOf, type Context, type LocalDate, portIfOn } from '#module-kit';
import { MeetingAttendance } from '../entities/attendance.entity';
import type { OrgLifeMeeting } from '../entities/meeting.entity';
import { AttendanceStatus } from '../enums';

/** What this module needs of the star-rating module, reached through the kit's `portIfOn`, never by importing it. */
export interface StarRatingPort {
  stars: {
    recordSourcedEntries(
      tx: EntityManager,
      input: {
        source: 'ORGANISATIONAL_LIFE';
        sourceRef: string;
        day: LocalDate | null;
        memberIds: number[];
        note: string;
      },
      act: Act,
    ): Promise<{ recorded: number; withdrawn: number; reversed: number; noCriterion: number; refused: number }>;
  };
}

export const STAR_RATING = 'star-rating';

/**
 * Seed 001 puts 三会一课 into the star criteria (将"三会一课"等基本制度纳入定星体系): where star rating is
 * on for the meeting's unit, each member present gets an entry of their scheme's criterion fed by
 * organisational life, awaiting confirmation; a correction or a cancellation brings the entries in
 * line, in the meeting's transaction. Nothing where star rating is off or not installed.
 */
export async function bookAttendance(ctx: Context, tx: EntityManager, meeting: OrgLifeMeeting): Promise<void> {
  const port = await portIfOn<StarRatingPort>(ctx, STAR_RATING, meeting.unitId);
  if (!port) return;
  const present = meeting.cancelledOn
    ? []
    : await tx.findBy(MeetingAttendance, { meetingId: meeting.id, status: AttendanceStatus.PRESENT });
  await port.stars.recordSourcedEntries(
    tx,
    {
      source: 'ORGANISATIONAL_LIFE',
      sourceRef: meeting.nodeId,
      day: meeting.cancelledOn ? null : meeting.heldOn,
      memberIds: present.map((a) => a.memberId),
      note: meeting.cancelledOn
        ? `组织生活记录已作废 meeting cancelled: ${meeting.cancelReason ?? ''}`.trim()
        : `组织生活 meeting ${meeting.heldOn}: ${meeting.topic}`,
    },
    actOf(ctx),
  );
}
