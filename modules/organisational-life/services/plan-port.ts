import type { EntityManager } from 'typeorm';
import { type Context, inputId, portFor, portIfOn, portOf } from '#module-kit';
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
    answeredBy(tx: EntityManager, sourceRef: string): Promise<number[]>;
    withdraw(tx: EntityManager, sourceRef: string, today: string, field: string[]): Promise<void>;
  };
}

export const WEEKLY_REPORTS = 'weekly-reports';
const FIELD = ['input', 'planItemId'];

/** The answer's note: stored as written, so it says the day and topic of the meeting it names. */
const noteOf = (m: OrgLifeMeeting) => `组织生活 meeting ${m.heldOn}: ${m.topic}`;

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
      note: noteOf(meeting),
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

/**
 * A corrected meeting's answer follows it: `planItemId` omitted keeps the item it answered, null withdraws
 * it, an id moves it there. When the item, the day or the topic changed, the old answer is withdrawn and
 * the new one written through the port, with recording's refusals (a report sent up refuses: the answer
 * there would keep naming the old record); otherwise nothing is touched. With `planItemId` omitted and
 * weekly reports off for the branch, the answer is left as it was.
 */
export async function movePlanItems(
  ctx: Context,
  tx: EntityManager,
  before: OrgLifeMeeting,
  after: OrgLifeMeeting,
  planItemId: string | null | undefined,
): Promise<void> {
  const installed = portOf<WeeklyReportsPort>(ctx, WEEKLY_REPORTS);
  const had = installed ? await installed.planItems.answeredBy(tx, after.nodeId) : [];
  const wanted =
    planItemId === undefined ? had : planItemId === null ? [] : [inputId(planItemId, 'WorkPlanItem', FIELD)];
  if (!had.length && !wanted.length) return;
  const same =
    wanted.length === had.length &&
    wanted.every((id, i) => id === had[i]) &&
    before.heldOn === after.heldOn &&
    before.topic === after.topic;
  if (same) return;
  // planItemId omitted asks nothing of weekly reports: where they are off for the branch since, the answer
  // stays as written rather than the correction being refused.
  if (planItemId === undefined && !(await portIfOn<WeeklyReportsPort>(ctx, WEEKLY_REPORTS, after.unitId))) return;
  if (installed && had.length) await installed.planItems.withdraw(tx, after.nodeId, ctx.today, FIELD);
  for (const itemId of wanted) {
    const port = await portFor<WeeklyReportsPort>(ctx, WEEKLY_REPORTS, after.unitId, FIELD);
    await port.planItems.markDone(
      tx,
      { itemId, unitId: after.unitId, day: after.heldOn, sourceRef: after.nodeId, note: noteOf(after) },
      ctx.today,
      FIELD,
    );
  }
}
