import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An answer another module wrote (a meeting that did the item): its global id, so undoing it finds it. */
export class WeeklyReportAnswerSource1765700000000 implements MigrationInterface {
  name = 'WeeklyReportAnswerSource1765700000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wr_report_answer ADD COLUMN source_ref text`);
    await q.query(
      `CREATE INDEX wr_report_answer_source_idx ON wr_report_answer (source_ref) WHERE source_ref IS NOT NULL`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wr_report_answer DROP COLUMN source_ref`);
  }
}
