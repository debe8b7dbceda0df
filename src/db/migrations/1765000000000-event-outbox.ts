import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event outbox (docs/ARCHITECTURE.md, "Events"): one row per object a committed mutation changed,
 * written in the mutation's own transaction (src/events/outbox.ts), so an event exists exactly when
 * its change does. Ids grow in commit order (the writer holds a transaction lock while it inserts);
 * every server process reads them after the id it saw last and hands them to its subscribers. Rows
 * older than EVENT_RETENTION_DAYS are pruned by the servers.
 */
export class EventOutbox1765000000000 implements MigrationInterface {
  name = 'EventOutbox1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_outbox (
        id           bigserial PRIMARY KEY,
        type         text NOT NULL,
        unit_id      int NOT NULL,
        unit_path    text COLLATE "C" NOT NULL,
        node_id      text,
        module       text,
        actor_id     int,
        occurred_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX event_outbox_occurred_at ON event_outbox (occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_outbox`);
  }
}
