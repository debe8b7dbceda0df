import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the figures kept per unit (docs/FIGURES.md), each row attributed to the unit's placement
 * (`path`) on the fact's day, maintained by every write and recounted by `recountVillageAffairs`.
 *
 * - `va_tally_presence`: when a village owed disclosures, as segments of months: from `period` (a
 *   month's first day) until `until` (the first month no longer covered; 'infinity' while open), the
 *   village was placed at `path`, founded, not dissolved, with the module on, judged at month ends.
 * - `va_tally_disclosure`: per village, category and due period (`period_end`, `period` its month) that
 *   a disclosure touches while the village owed it: met on time, met late (and entered late), or only
 *   partly disclosed. The expected set comes from the presence segments, so "missing" needs no row.
 * - `va_tally_matter`: matters by the day proposed, category and where they stand now.
 * - `va_tally_feedback`: feedback by the day received and how it was handled.
 */
export class VillageAffairsTallies1764840000000 implements MigrationInterface {
  name = 'VillageAffairsTallies1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE va_tally_presence (
        unit_id  int NOT NULL,
        period   date NOT NULL,
        path     text COLLATE "C" NOT NULL,
        until    date NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(`CREATE INDEX va_tally_presence_path_idx ON va_tally_presence (path, period) INCLUDE (until)`);
    await q.query(`
      CREATE TABLE va_tally_disclosure (
        unit_id        int NOT NULL,
        period         date NOT NULL,
        path           text COLLATE "C" NOT NULL,
        category       text NOT NULL,
        period_end     date NOT NULL,
        on_time        int NOT NULL,
        late           int NOT NULL,
        recorded_late  int NOT NULL,
        partial        int NOT NULL,
        PRIMARY KEY (unit_id, period, path, category, period_end)
      )`);
    await q.query(
      `CREATE INDEX va_tally_disclosure_period_idx ON va_tally_disclosure (period, path) INCLUDE (category, period_end, on_time, late, recorded_late, partial)`,
    );
    await q.query(`
      CREATE TABLE va_tally_matter (
        unit_id             int NOT NULL,
        period              date NOT NULL,
        path                text COLLATE "C" NOT NULL,
        category            text NOT NULL,
        stands              text NOT NULL,
        proposed            int NOT NULL,
        amount_fen          bigint NOT NULL,
        completed           int NOT NULL,
        rejected            int NOT NULL,
        reproposed          int NOT NULL,
        with_findings       int NOT NULL,
        with_void_meetings  int NOT NULL,
        PRIMARY KEY (unit_id, period, path, category, stands)
      )`);
    await q.query(
      `CREATE INDEX va_tally_matter_period_idx ON va_tally_matter (period, path) INCLUDE (category, stands, proposed, amount_fen, completed, rejected, reproposed, with_findings, with_void_meetings)`,
    );
    await q.query(`
      CREATE TABLE va_tally_feedback (
        unit_id                int NOT NULL,
        period                 date NOT NULL,
        path                   text COLLATE "C" NOT NULL,
        received               int NOT NULL,
        by_villages            int NOT NULL,
        by_stations            int NOT NULL,
        passed_up              int NOT NULL,
        answered_by_collector  int NOT NULL,
        answered_above         int NOT NULL,
        on_time                int NOT NULL,
        late                   int NOT NULL,
        unanswered             int NOT NULL,
        to_issues              int NOT NULL,
        reply_recorded_late    int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(
      `CREATE INDEX va_tally_feedback_period_idx ON va_tally_feedback (period, path) INCLUDE (received, by_villages, by_stations, passed_up, answered_by_collector, answered_above, on_time, late, unanswered, to_issues, reply_recorded_late)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['va_tally_feedback', 'va_tally_matter', 'va_tally_disclosure', 'va_tally_presence'])
      await q.query(`DROP TABLE ${t}`);
  }
}
