import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the figures of weekly reports, kept per unit (docs/FIGURES.md).
 * - `wr_tally_span`: who owes reports (reporter) and plans (issuer), as day spans of a unit's placement
 *   with the module on for it (switches as they were), cut where a switch above it changed. A week's
 *   expected set is the spans valid on its due day; rows are per unit and start day (`period`).
 * - `wr_tally_report`: per expected reporter and week, its report's counts (path on the due day).
 * - `wr_tally_plan`: per expected issuer and week, its plan's counts (path on the plan's due day).
 */
export class WeeklyReportFigures1764800000000 implements MigrationInterface {
  name = 'WeeklyReportFigures1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wr_tally_span (
        unit_id    int NOT NULL,
        period     date NOT NULL,
        path       text COLLATE "C" NOT NULL,
        parent_id  int,
        valid_to   date NOT NULL,
        est        date NOT NULL,
        dis        date NOT NULL,
        reporter   int NOT NULL,
        issuer     int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(
      `CREATE INDEX wr_tally_span_path_idx ON wr_tally_span (path) INCLUDE (period, valid_to, est, dis, reporter, issuer)`,
    );
    await q.query(`CREATE INDEX wr_tally_span_parent_idx ON wr_tally_span (parent_id, period) WHERE reporter = 1`);
    await q.query(`
      CREATE TABLE wr_tally_report (
        unit_id    int NOT NULL,
        period     date NOT NULL,
        path       text COLLATE "C" NOT NULL,
        submitted  int NOT NULL,
        on_time    int NOT NULL,
        first_on_time int NOT NULL,
        awaiting   int NOT NULL,
        returned   int NOT NULL,
        answered   int NOT NULL,
        done       int NOT NULL,
        partly     int NOT NULL,
        not_done   int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(`
      CREATE INDEX wr_tally_report_period_path_idx ON wr_tally_report (period, path)
      INCLUDE (unit_id, submitted, on_time, first_on_time, awaiting, returned, answered, done, partly, not_done)`);
    await q.query(`
      CREATE TABLE wr_tally_plan (
        unit_id    int NOT NULL,
        period     date NOT NULL,
        path       text COLLATE "C" NOT NULL,
        issued     int NOT NULL,
        on_time    int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(
      `CREATE INDEX wr_tally_plan_period_path_idx ON wr_tally_plan (period, path) INCLUDE (issued, on_time)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['wr_tally_plan', 'wr_tally_report', 'wr_tally_span']) await q.query(`DROP TABLE ${t}`);
  }
}
