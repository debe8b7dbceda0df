import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: the star figures kept as running totals (README "Figures"). `sr_tally_criterion` sums the
 * confirmed entries per subject, criterion and year where the subject's unit sat on each entry's
 * day; `sr_tally_grade` holds each rated subject's grade for the year where its unit sat on the
 * year's last day, so a distribution or a ranking counts grade rows under the target's paths.
 */
export class StarRatingFigures1764800000000 implements MigrationInterface {
  name = 'StarRatingFigures1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sr_tally_criterion (
        unit_id       int NOT NULL,
        period        date NOT NULL,
        path          text COLLATE "C" NOT NULL,
        subject_type  text NOT NULL,
        subject_id    int NOT NULL,
        criterion_id  int NOT NULL,
        entries       int NOT NULL,
        net           int NOT NULL,
        points        int NOT NULL,
        last_on       date NOT NULL,
        PRIMARY KEY (unit_id, period, path, subject_type, subject_id, criterion_id)
      )`);
    await q.query(`CREATE INDEX sr_tally_criterion_path_idx ON sr_tally_criterion (period, path)`);
    await q.query(
      `CREATE INDEX sr_tally_criterion_subject_idx ON sr_tally_criterion (subject_type, subject_id, period)`,
    );
    await q.query(`
      CREATE TABLE sr_tally_grade (
        unit_id       int NOT NULL,
        period        date NOT NULL,
        path          text COLLATE "C" NOT NULL,
        subject_type  text NOT NULL,
        subject_id    int NOT NULL,
        scheme_id     int NOT NULL,
        score         int NOT NULL,
        stars_off     int NOT NULL,
        vetoed        int NOT NULL,
        grade         int NOT NULL,
        PRIMARY KEY (unit_id, period, path, subject_type, subject_id)
      )`);
    await q.query(
      `CREATE INDEX sr_tally_grade_path_idx ON sr_tally_grade (period, subject_type, path) INCLUDE (grade, vetoed, score)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX sr_tally_grade_subject_idx ON sr_tally_grade (subject_type, subject_id, period)`,
    );
    // The per-unit recount reads a unit's entries from a year on.
    await q.query(`CREATE INDEX sr_entry_unit_day_idx ON sr_entry (subject_unit_id, occurred_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sr_entry_unit_day_idx`);
    await q.query(`DROP TABLE sr_tally_grade`);
    await q.query(`DROP TABLE sr_tally_criterion`);
  }
}
