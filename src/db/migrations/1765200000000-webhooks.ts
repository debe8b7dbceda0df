import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (src/events/webhooks/): a hook is a URL an administrator registers for a subtree; a
 * delivery is one event owed to one hook. Deliveries are written in the mutation's own transaction,
 * next to its outbox rows (src/events/outbox.ts), and carry the event's fields themselves, so neither
 * a stopped server nor the outbox's pruning can lose one.
 */
export class Webhooks1765200000000 implements MigrationInterface {
  name = 'Webhooks1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook (
        id           serial PRIMARY KEY,
        unit_id      int NOT NULL REFERENCES org_unit (id),
        url          text NOT NULL CHECK (url ~ '^https?://'),
        event_types  text[],
        secret       text NOT NULL,
        active       boolean NOT NULL DEFAULT true,
        created_by   int NOT NULL REFERENCES account (id),
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_unit ON webhook (unit_id)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id               serial PRIMARY KEY,
        webhook_id       int NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
        event_id         bigint NOT NULL,
        event_type       text NOT NULL,
        unit_id          int NOT NULL,
        node_id          text,
        module           text,
        occurred_at      timestamptz NOT NULL,
        status           text NOT NULL DEFAULT 'PENDING'
                         CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'WITHHELD')),
        attempts         int NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL,
        give_up_at       timestamptz NOT NULL,
        last_status_code int,
        last_error       text,
        delivered_at     timestamptz,
        UNIQUE (webhook_id, event_id)
      )`);
    // What the workers claim: due deliveries, oldest first.
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX webhook_delivery_finished ON webhook_delivery (occurred_at) WHERE status <> 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook`);
  }
}
