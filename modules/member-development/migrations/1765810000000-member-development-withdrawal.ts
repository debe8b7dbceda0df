import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Withdrawals (a record's last step: stage WITHDRAWN, with how and why) and failed assembly votes
 * (recorded with their counts, may recur), and their tally by year: the table only, counted from the
 * records by the figures engine after the migrations, as the new-members tally is.
 */
export class MemberDevelopmentWithdrawal1765810000000 implements MigrationInterface {
  name = 'MemberDevelopmentWithdrawal1765810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE md_step ADD COLUMN withdrawal text, ADD COLUMN reason text`);
    await q.query(`ALTER TABLE md_record DROP CONSTRAINT md_record_stage_check`);
    await q.query(`ALTER TABLE md_record ADD CONSTRAINT md_record_stage_check
      CHECK (stage IN ('APPLICANT', 'ACTIVIST', 'DEVELOPMENT_TARGET', 'PROBATIONARY', 'WITHDRAWN'))`);
    // Each step once, but the half-yearly assessment and a vote that failed.
    await q.query(`DROP INDEX md_step_once`);
    await q.query(
      `CREATE UNIQUE INDEX md_step_once ON md_step (record_id, step) WHERE step NOT IN ('ASSESSMENT', 'VOTE_FAILED')`,
    );
    await q.query(`
      CREATE TABLE md_tally_event (
        unit_id int NOT NULL REFERENCES org_unit(id),
        period  date NOT NULL,
        path    text COLLATE "C" NOT NULL,
        step    text NOT NULL,
        n       int NOT NULL,
        PRIMARY KEY (unit_id, period, path, step)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE md_tally_event`);
    await q.query(`DROP INDEX md_step_once`);
    await q.query(`CREATE UNIQUE INDEX md_step_once ON md_step (record_id, step) WHERE step <> 'ASSESSMENT'`);
    await q.query(`ALTER TABLE md_record DROP CONSTRAINT md_record_stage_check`);
    await q.query(`ALTER TABLE md_record ADD CONSTRAINT md_record_stage_check
      CHECK (stage IN ('APPLICANT', 'ACTIVIST', 'DEVELOPMENT_TARGET', 'PROBATIONARY'))`);
    await q.query(`ALTER TABLE md_step DROP COLUMN withdrawal, DROP COLUMN reason`);
  }
}
