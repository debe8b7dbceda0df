import type { EntityManager } from 'typeorm';
import type { App, Context } from '../context';
import { Account } from '../auth/entities/account.entity';
import { Grant } from '../auth/entities/grant.entity';
import { isUnitScoped } from '../auth/scope';
import { Member } from '../org/entities/member.entity';
import { OrgUnit } from '../org/entities/org-unit.entity';
import { Post } from '../org/entities/post.entity';

/** The channel every server process listens on; the payload is the highest new outbox id. */
export const EVENT_CHANNEL = 'jiceng_events';
/** A mutation that returns a long list (an import) writes an event for its first objects only. */
export const MAX_EVENTS_PER_MUTATION = 100;
/** Held by each writer from its insert to its commit, so outbox ids grow in commit order. */
const OUTBOX_LOCK = 0x6a69636e; // "jicn"

/** Objects a mutation's payload returns: its fields that are Nodes, and the Nodes of its list fields. */
function payloadNodes(result: object): object[] {
  const found: object[] = [];
  const seen = new Set<string>();
  const take = (v: unknown) => {
    const id = v && typeof v === 'object' ? (v as { nodeId?: unknown }).nodeId : undefined;
    if (typeof id === 'string' && !seen.has(id)) {
      seen.add(id);
      found.push(v as object);
    }
  };
  for (const v of Object.values(result)) {
    if (Array.isArray(v)) v.forEach(take);
    else take(v);
  }
  return found.slice(0, MAX_EVENTS_PER_MUTATION);
}

/** The unit an object belongs to for access (as the guard places it, src/auth/guard.ts), or null. */
function unitIdOf(obj: object): number | null {
  if (obj instanceof OrgUnit) return obj.id;
  if (obj instanceof Member) return obj.branchId;
  if (obj instanceof Post) return obj.unitId;
  if (obj instanceof Grant) return obj.unitId;
  if (obj instanceof Account) return null;
  if (isUnitScoped(obj)) return obj.scopeUnitId;
  return null;
}

/**
 * Writes the committed mutation's events into the outbox, in its transaction (called by runMutation,
 * last before the commit): one per object the payload returns, at the object's own unit; a payload
 * without objects (or whose object has no unit, an account) gives one event at the unit the mutation
 * checked first, and one without either writes nothing (no subscription could name it). The NOTIFY
 * is delivered by PostgreSQL on commit only, so a rolled-back mutation announces nothing. Each event's
 * webhook deliveries are written here too, so a committed change is owed to its hooks even if every
 * server stops before sending it.
 */
export async function writeEvents(tx: EntityManager, ctx: Context, result: object): Promise<void> {
  const event = ctx.app.registry.eventOf(ctx.audit.operation);
  if (!event) return;
  const checkedUnit = (() => {
    const path = ctx.audit.unitPaths[0];
    const last = path?.split('/').filter(Boolean).pop();
    return last ? Number(last) : null;
  })();
  const rows = payloadNodes(result).map((node) => ({
    unitId: unitIdOf(node) ?? checkedUnit,
    nodeId: (node as { nodeId: string }).nodeId,
  }));
  if (rows.length === 0) rows.push({ unitId: checkedUnit, nodeId: null as unknown as string });
  const scoped = rows.filter((r): r is { unitId: number; nodeId: string } => r.unitId !== null);
  if (scoped.length === 0) return;
  await insertEvents(
    tx,
    scoped.map((r) => ({ type: event.name, module: event.module, unitId: r.unitId, nodeId: r.nodeId })),
    ctx.access.viewer?.accountId ?? null,
    ctx.now,
    ctx.app.config.webhooks.retryHours,
  );
}

/** An event no mutation wrote (a reminder the scheduler raised): its type, module and objects. */
export interface SystemEvent {
  type: string;
  module: string | null;
  unitId: number;
  nodeId: string;
}

/**
 * Writes events of the application's own work (src/reminders/scheduler.ts) into the outbox, in the
 * caller's transaction, the same way `writeEvents` does for a mutation: in commit order, announced on commit.
 */
export async function writeSystemEvents(tx: EntityManager, app: App, events: SystemEvent[], at: Date): Promise<void> {
  await insertEvents(tx, events, null, at, app.config.webhooks.retryHours);
}

/**
 * The one writer of the outbox: the events in order under the outbox lock, what each webhook over an
 * event's unit is owed (src/events/webhooks/), and the notification, all in the caller's transaction.
 */
async function insertEvents(
  tx: EntityManager,
  events: { type: string; module: string | null; unitId: number; nodeId: string | null }[],
  actorId: number | null,
  at: Date,
  retryHours: number,
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($1)),
     written AS (
       INSERT INTO event_outbox (type, unit_id, unit_path, node_id, module, actor_id, occurred_at)
       SELECT e.type, u.id, u.path, e.node_id, e.module, $2, $3
       FROM lock, unnest($4::text[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY AS e(type, unit_id, node_id, module, n)
       JOIN org_unit u ON u.id = e.unit_id
       ORDER BY e.n
       RETURNING id, type, unit_id, unit_path, node_id, module, occurred_at),
     owed AS (
       INSERT INTO webhook_delivery
         (webhook_id, event_id, event_type, unit_id, node_id, module, occurred_at, next_attempt_at, give_up_at)
       SELECT h.id, w.id, w.type, w.unit_id, w.node_id, w.module, w.occurred_at, w.occurred_at,
              w.occurred_at + make_interval(hours => $9)
       FROM written w
       JOIN webhook h ON h.active AND (h.event_types IS NULL OR w.type = ANY (h.event_types))
       JOIN org_unit hu ON hu.id = h.unit_id AND starts_with(w.unit_path, hu.path))
     SELECT pg_notify($8, max(id)::text) FROM written HAVING count(*) > 0`,
    [
      OUTBOX_LOCK,
      actorId,
      at,
      events.map((e) => e.type),
      events.map((e) => e.unitId),
      events.map((e) => e.nodeId),
      events.map((e) => e.module),
      EVENT_CHANNEL,
      retryHours,
    ],
  );
}
