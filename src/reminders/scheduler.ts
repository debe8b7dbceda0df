import type { App } from '../context';
import { dayIn } from '../clock';
import { writeSystemEvents } from '../events/outbox';
import { toGlobalId } from '../graphql/global-id';
import { moduleEnabledSql } from '../module-system/enabled-sql';
import { metricsOf } from '../observability/metrics';
import type { DueReminder, ReminderSource } from './source';

/** The event every new (or reopened) reminder writes; subscribers filter on it (`events(types: [REMINDER_DUE])`). */
export const REMINDER_EVENT = {
  name: 'REMINDER_DUE',
  description: '提醒 — a deadline came near or passed for the unit (written by the reminder scheduler, not a mutation)',
};

/**
 * The event a reminder's closing writes, in the transaction that closes it: `dismissReminder`'s (the
 * registry names the mutation's event so) and the tick's when the condition ended. A front end's
 * count of open reminders follows REMINDER_DUE and REMINDER_CLOSED.
 */
export const REMINDER_CLOSED_EVENT = {
  type: 'REMINDER_CLOSED',
  description:
    '提醒关闭 — a reminder closed: its condition ended (the next tick found it done) or the unit dismissed it',
};

/** First key of the per-kind transaction locks: of the processes ticking at once, one runs each kind. */
const REMINDER_LOCK = 0x6a69726d; // "jirm"

/** What one tick did per kind: raised, closed, or skipped because another process held the kind. */
export interface KindOutcome {
  kind: string;
  raised: number;
  closed: number;
  skipped: boolean;
}

/**
 * One tick: every kind in its own transaction, under `pg_try_advisory_xact_lock(kind)`, so that of
 * several processes ticking at once exactly one runs each kind and the others skip it. The source's
 * deadlines (only at units where its module is on) are inserted once — the unique key (kind, subject,
 * topic, unit, due day) holds across processes and restarts — each new one writes a REMINDER_DUE event in the
 * same transaction, and open reminders of the kind the source no longer returns are closed.
 */
export async function runReminderTick(app: App, only?: string[]): Promise<KindOutcome[]> {
  const now = app.clock.now();
  const today = dayIn(app.clock.timeZone, now);
  const outcomes: KindOutcome[] = [];
  const timings: Record<string, number> = {};
  const started = performance.now();
  for (const { module, source } of app.registry.reminderSources) {
    if (only && !only.includes(source.kind)) continue;
    const kindStarted = performance.now();
    let outcome = 'failed';
    try {
      const done = await runKind(app, module, source, now, today);
      outcomes.push(done);
      outcome = done.skipped ? 'skipped' : 'ran';
    } catch (err) {
      // One kind failing (a bad policy day, the database away) leaves the others to run.
      app.log.error({ err, kind: source.kind }, 'reminder source failed');
    }
    const seconds = (performance.now() - kindStarted) / 1000;
    timings[source.kind] = Math.round(seconds * 1000);
    metricsOf(app).reminderKinds.observe({ kind: source.kind, outcome }, seconds);
  }
  // An operator sees what each tick cost, and when the one at start has finished.
  app.log.info(
    {
      ms: Math.round(performance.now() - started),
      kinds: timings,
      raised: outcomes.reduce((n, o) => n + o.raised, 0),
      closed: outcomes.reduce((n, o) => n + o.closed, 0),
    },
    'reminder tick finished',
  );
  return outcomes;
}

async function runKind(
  app: App,
  module: string | null,
  source: ReminderSource,
  now: Date,
  today: string,
): Promise<KindOutcome> {
  return app.db.transaction(async (tx) => {
    const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked`, [
      REMINDER_LOCK,
      source.kind,
    ]);
    if (!locked) return { kind: source.kind, raised: 0, closed: 0, skipped: true };
    let found: DueReminder[] = await source.find({ app, db: tx, now, today });
    if (module && found.length) {
      const on: { id: number }[] = await tx.query(
        `SELECT u.id FROM org_unit u WHERE u.id = ANY($1::int[]) AND ${moduleEnabledSql('u', module)}`,
        [[...new Set(found.map((d) => d.unitId))]],
      );
      const enabled = new Set(on.map((r) => r.id));
      found = found.filter((d) => enabled.has(d.unitId));
    }
    const due = found.filter((d) => !d.lapsed);
    const lapsed = found.filter((d) => d.lapsed);
    const units = due.map((d) => d.unitId);
    const subjects = due.map((d) => d.subjectId);
    const topics = due.map((d) => d.topic ?? '');
    const days = due.map((d) => d.dueOn);
    // New, or closed because the condition had ended and now holds again (a returned report): raised
    // (again). A reminder the unit dismissed stays dismissed.
    const raised: { id: number; unit_id: number }[] = await tx.query(
      `INSERT INTO reminder (kind, module, unit_id, subject_id, topic, due_on, message, created_at)
       SELECT DISTINCT ON (d.unit_id, d.subject_id, d.topic, d.due_on) $1, $2, d.unit_id, d.subject_id, d.topic, d.due_on, d.message, $3
       FROM unnest($4::int[], $5::text[], $6::text[], $7::date[], $8::jsonb[]) AS d(unit_id, subject_id, topic, due_on, message)
       ON CONFLICT ON CONSTRAINT reminder_once DO UPDATE SET closed_at = NULL, closed_because = NULL, created_at = EXCLUDED.created_at, message = EXCLUDED.message
         WHERE reminder.closed_at IS NOT NULL AND reminder.dismissed_by IS NULL
       RETURNING id, unit_id`,
      [source.kind, module, now, units, subjects, topics, days, due.map((d) => JSON.stringify(d.message))],
    );
    // Closed: DONE when the source no longer finds it, LAPSED when it says the deadline is still unmet
    // but no longer reminded.
    const [closed]: [{ id: number; unit_id: number }[], number] = await tx.query(
      `UPDATE reminder r SET closed_at = $2,
         closed_because = CASE WHEN EXISTS (
           SELECT 1 FROM unnest($7::int[], $8::text[], $9::text[], $10::date[]) AS l(unit_id, subject_id, topic, due_on)
           WHERE l.unit_id = r.unit_id AND l.subject_id = r.subject_id AND l.topic = r.topic AND l.due_on = r.due_on)
         THEN 'LAPSED' ELSE 'DONE' END
       WHERE r.kind = $1 AND r.closed_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM unnest($3::int[], $4::text[], $5::text[], $6::date[]) AS d(unit_id, subject_id, topic, due_on)
                         WHERE d.unit_id = r.unit_id AND d.subject_id = r.subject_id AND d.topic = r.topic AND d.due_on = r.due_on)
       RETURNING r.id, r.unit_id`,
      [
        source.kind,
        now,
        units,
        subjects,
        topics,
        days,
        lapsed.map((d) => d.unitId),
        lapsed.map((d) => d.subjectId),
        lapsed.map((d) => d.topic ?? ''),
        lapsed.map((d) => d.dueOn),
      ],
    );
    const event = (type: string) => (r: { id: number; unit_id: number }) => ({
      type,
      module,
      unitId: r.unit_id,
      nodeId: toGlobalId('Reminder', r.id),
    });
    await writeSystemEvents(
      tx,
      app,
      [...raised.map(event(REMINDER_EVENT.name)), ...closed.map(event(REMINDER_CLOSED_EVENT.type))],
      now,
    );
    return { kind: source.kind, raised: raised.length, closed: closed.length, skipped: false };
  });
}

/**
 * The process's timer: a tick at start and every `REMINDER_INTERVAL_MINUTES`, reading the injected
 * clock each time. Every process may run one; the locks above keep the work to one of them per kind.
 */
export class ReminderTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly app: App) {}

  start(): void {
    const minutes = this.app.config.events.reminderIntervalMinutes;
    if (minutes === 0 || this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = runReminderTick(this.app).finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(tick, minutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
