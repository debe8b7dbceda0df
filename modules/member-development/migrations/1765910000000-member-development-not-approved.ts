import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The committee above's refusal of an admission (不予批准: a record's last step, stage NOT_APPROVED, with
 * the reason in `md_step.reason`), counted by year in `md_tally_event` beside withdrawals and failed
 * votes. No record has the step yet, so the tally needs no refill.
 */
export class MemberDevelopmentNotApproved1765910000000 implements MigrationInterface {
  name = 'MemberDevelopmentNotApproved1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE md_record DROP CONSTRAINT md_record_stage_check`);
    await q.query(`ALTER TABLE md_record ADD CONSTRAINT md_record_stage_check
      CHECK (stage IN ('APPLICANT', 'ACTIVIST', 'DEVELOPMENT_TARGET', 'PROBATIONARY', 'WITHDRAWN', 'NOT_APPROVED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM md_tally_event WHERE step = 'NOT_APPROVED'`);
    await q.query(`DELETE FROM md_step WHERE step = 'NOT_APPROVED'`);
    await q.query(`UPDATE md_record SET stage = 'DEVELOPMENT_TARGET' WHERE stage = 'NOT_APPROVED'`);
    await q.query(`ALTER TABLE md_record DROP CONSTRAINT md_record_stage_check`);
    await q.query(`ALTER TABLE md_record ADD CONSTRAINT md_record_stage_check
      CHECK (stage IN ('APPLICANT', 'ACTIVIST', 'DEVELOPMENT_TARGET', 'PROBATIONARY', 'WITHDRAWN'))`);
  }
}
