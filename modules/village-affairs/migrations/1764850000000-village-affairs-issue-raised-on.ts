import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: a month's feedback figures count an opinion as raised on the issue list only if it was
 * raised before the month closed, so the day it was raised is kept. Rows raised before this migration
 * have none and count as raised when received (as they were counted until now).
 */
export class VillageAffairsIssueRaisedOn1764850000000 implements MigrationInterface {
  name = 'VillageAffairsIssueRaisedOn1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE va_feedback ADD COLUMN issue_raised_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE va_feedback DROP COLUMN issue_raised_on`);
  }
}
