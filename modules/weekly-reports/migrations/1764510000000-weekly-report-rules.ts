import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15, item 2: a report may state "nothing this week", with its reason, instead of work done. */
export class WeeklyReportRules1764510000000 implements MigrationInterface {
  name = 'WeeklyReportRules1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wr_weekly_report ADD COLUMN no_work_reason text`);
    await q.query(
      `ALTER TABLE wr_weekly_report ADD CONSTRAINT wr_weekly_report_no_work_reason CHECK (no_work_reason IS NULL OR btrim(no_work_reason) <> '')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wr_weekly_report DROP COLUMN no_work_reason`);
  }
}
