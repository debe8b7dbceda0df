import type { EntityManager } from 'typeorm';
import { type Context, inputId, portFor, portOf } from '#module-kit';
import type { OrgLifeMeeting } from '../entities/meeting.entity';

/** What this module needs of the weekly-reports module, reached through the kit's ports, never by importing it. */
export interface WeeklyReportsPort {
  planItems: {
    markDone(
      tx: EntityManager,
      input: { itemId: number; unitId: number; day: string; sourceRef: string; note: string },
      today: string,
      field: string[],
    ): Promise<void>;
    undo(tx: EntityManager, sourceRef: string, today: string, field: string[]): Promise<number>;
  };
}

export const WEEKLY_REPORTS = 'weekly-reports';
const FIELD = ['input', 'planItemId'];

/**
 * A theme day or lecture the weekly plan asked of the branch (an item of organisational life): the
 * meeting marks it done in the branch's report of that week, in the meeting's transaction. Asked where
 * weekly reports are off (or not installed) it is refused, not ignored: the secretary named an item
 * and would otherwise believe it answered.
 */
export async function markPlanItemDone(
  ctx: Context,
  tx: EntityManager,
  meeting: OrgLifeMeeting,
  planItemId: string | null | undefined,
): Promise<void> {
  if (!planItemId) return;
  const itemId = inputId(planItemId, 'WorkPlanItem', FIELD);
  const port = await portFor<WeeklyReportsPort>(ctx, WEEKLY_REPORTS, meeting.unitId, FIELD);
  await port.planItems.markDone(
    tx,
    {
      itemId,
      unitId: meeting.unitId,
      day: meeting.heldOn,
      sourceRef: meeting.nodeId,
      note: `组织生活 meeting ${meeting.heldOn}: ${meeting.topic}`,
    },
    ctx.today,
    FIELD,
  );
}

/**
 * A cancelled meeting did nothing: the items it marked done are withdrawn from the reports still drafts.
 * Done wherever weekly reports are installed, on or off now: the answer was written while it was on.
 */
export async function undoPlanItems(ctx: Context, tx: EntityManager, meeting: OrgLifeMeeting): Promise<void> {
  const port = portOf<WeeklyReportsPort>(ctx, WEEKLY_REPORTS);
  if (port) await port.planItems.undo(tx, meeting.nodeId, ctx.today, ['input', 'meetingId']);
}
