import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders (src/reminders/): one row per deadline a source found open, keyed by (kind, subject, topic,
 * unit, due day), so two processes running the same tick, or a process restarted mid-tick, write it once.
 * `closed_at` is set when the condition no longer holds (the plan was issued) or the unit dismissed it.
 */
export class Reminders1765100000000 implements MigrationInterface {
  name = 'Reminders1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder (
        id          serial PRIMARY KEY,
        kind        text NOT NULL,
        module      text,
        unit_id     int NOT NULL REFERENCES org_unit(id),
        subject_id  text NOT NULL,
        topic       text NOT NULL DEFAULT '',
        due_on      date NOT NULL,
        message     jsonb NOT NULL,
        created_at  timestamptz NOT NULL,
        closed_at   timestamptz,
        dismissed_by int,
        CONSTRAINT reminder_once UNIQUE (kind, subject_id, topic, unit_id, due_on)
      )`);
    await q.query(`CREATE INDEX reminder_open ON reminder (unit_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX reminder_open_kind ON reminder (kind) WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder`);
  }
}
