import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The issue figures' tallies (docs/FIGURES.md): per unit and day, as the unit was placed that day,
 * the issues raised, the reports of solving (by the level of the list solved on and the day they were
 * settled: crossed off or returned — if before the report's month closed), the issues crossed off
 * (by level and days from raising, a histogram for the median) and the reports settled after their
 * month closed (SETTLED, by level and days back to the report); and the open issues now, by deadline,
 * for "overdue now". Counted from the facts when the module's figures are first built (the engine's
 * start-up build).
 */
export class IssueListsFigures1764700001600 implements MigrationInterface {
  name = 'IssueListsFigures1764700001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE il_tally_issue (
        unit_id  int NOT NULL,
        period   date NOT NULL,
        path     text COLLATE "C" NOT NULL,
        kind     text NOT NULL CHECK (kind IN ('RAISED', 'RESOLVED', 'CLOSED', 'SETTLED')),
        level    text NOT NULL,
        settled  date NOT NULL,
        days     int NOT NULL,
        n        int NOT NULL,
        PRIMARY KEY (unit_id, period, path, kind, level, settled, days)
      )`);
    await q.query(
      `CREATE INDEX il_tally_issue_period_path_idx ON il_tally_issue (period, path) INCLUDE (kind, level, settled, days, n)`,
    );
    await q.query(`
      CREATE TABLE il_tally_issue_open (
        unit_id  int NOT NULL,
        period   date NOT NULL,
        path     text COLLATE "C" NOT NULL,
        n        int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(`CREATE INDEX il_tally_issue_open_period_path_idx ON il_tally_issue_open (period, path) INCLUDE (n)`);
    await q.query(`CREATE INDEX il_issue_event_kind_idx ON il_issue_event (issue_id, kind, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX il_issue_event_kind_idx`);
    await q.query(`DROP TABLE il_tally_issue_open`);
    await q.query(`DROP TABLE il_tally_issue`);
  }
}
