import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New members by year as a tally kept in the writing transaction (services/tallies.ts). The table only:
 * after the migrations, the figures engine counts a new tally from the records already there
 * (src/figures/engine.ts, ensureBuilt) and makes its roll-up, with the code's definition of the day, so
 * that this migration does the same on every database whatever later code changes.
 */
export class MemberDevelopmentTally1765800000000 implements MigrationInterface {
  name = 'MemberDevelopmentTally1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE md_tally_new (
        unit_id   int NOT NULL REFERENCES org_unit(id),
        period    date NOT NULL,
        path      text COLLATE "C" NOT NULL,
        age       text NOT NULL,
        gender    text NOT NULL,
        education text NOT NULL,
        category  text NOT NULL,
        members   int NOT NULL,
        PRIMARY KEY (unit_id, period, path, age, gender, education, category)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE md_tally_new`);
  }
}
