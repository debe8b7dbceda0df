import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The module's aggregates (docs/FIGURES.md, README "Figures"):
 * - `mm_tally_now`: the current state of the records away, per home branch, keyed so that the
 *   figures that depend on today are sums over rows keyed by a day (`day`): the last successful
 *   contact (REACHED), the last report-in or leaving (REPORTED), the start of the time out of contact
 *   with the unsuccessful attempts since (OUT, `attempts`). The policy's periods apply when reading,
 *   so a policy change needs no recount. `path` is where the row counts (the home branch's,
 *   or a hosting mobile branch's with a negative row at their nearest common ancestor, so that a
 *   member hosted inside the same subtree counts once); `-infinity` for rows that hold without a day.
 * - `mm_tally_month`: events per home branch and month (departures, returns, contacts, report-ins,
 *   decisions), each at the branch's place in the tree on the event's day.
 */
export class MobileMembersFigures1764720000000 implements MigrationInterface {
  name = 'MobileMembersFigures1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mm_tally_now (
        unit_id   int NOT NULL REFERENCES org_unit(id),
        path      text COLLATE "C" NOT NULL,
        measure   text NOT NULL CHECK (measure IN ('AWAY','SUSPENDED','REACHED','REPORTED','OUT')),
        day       date NOT NULL,
        attempts  int NOT NULL,
        province  text NOT NULL,
        city      text NOT NULL,
        n         int NOT NULL,
        PRIMARY KEY (unit_id, path, measure, day, attempts, province, city)
      )`);
    await q.query(
      `CREATE INDEX mm_tally_now_subtree_idx ON mm_tally_now (path) INCLUDE (measure, day, attempts, province, city, n)`,
    );
    await q.query(`
      CREATE TABLE mm_tally_month (
        unit_id       int NOT NULL REFERENCES org_unit(id),
        period        date NOT NULL,
        path          text COLLATE "C" NOT NULL,
        departures    int NOT NULL,
        returns       int NOT NULL,
        contacts      int NOT NULL,
        reached       int NOT NULL,
        report_ins    int NOT NULL,
        suspensions   int NOT NULL,
        restorations  int NOT NULL,
        removals      int NOT NULL,
        PRIMARY KEY (unit_id, period, path)
      )`);
    await q.query(
      `CREATE INDEX mm_tally_month_subtree_idx ON mm_tally_month (period, path)
       INCLUDE (departures, returns, contacts, reached, report_ins, suspensions, restorations, removals)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mm_tally_month`);
    await q.query(`DROP TABLE mm_tally_now`);
  }
}
