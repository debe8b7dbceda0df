import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, items 22 and 24: the register shows a suspension of party membership (停止党籍: since when,
 * by which decision), and an extension of probation (延长预备期: decided on, runs to).
 */
export class MemberStanding1764300000000 implements MigrationInterface {
  name = 'MemberStanding1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member
        ADD COLUMN suspended_since date,
        ADD COLUMN suspension_decision text,
        ADD COLUMN probation_extended_on date,
        ADD COLUMN probation_extended_to date,
        ADD CONSTRAINT member_suspension_has_decision CHECK ((suspended_since IS NULL) = (suspension_decision IS NULL)),
        ADD CONSTRAINT member_extension_complete CHECK ((probation_extended_on IS NULL) = (probation_extended_to IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE member
        DROP CONSTRAINT member_extension_complete,
        DROP CONSTRAINT member_suspension_has_decision,
        DROP COLUMN probation_extended_to,
        DROP COLUMN probation_extended_on,
        DROP COLUMN suspension_decision,
        DROP COLUMN suspended_since`);
  }
}
