import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a reminder closed (src/reminders/reminder.entity.ts): done, dismissed, or lapsed (a deadline
 * still unmet that its source no longer reminds, a disclosure older than the periods reminded).
 */
export class ReminderClosedBecause1765300000000 implements MigrationInterface {
  name = 'ReminderClosedBecause1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder ADD COLUMN closed_because text`);
    await q.query(`UPDATE reminder SET closed_because = CASE WHEN dismissed_by IS NULL THEN 'DONE' ELSE 'DISMISSED' END
                   WHERE closed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder DROP COLUMN closed_because`);
  }
}
