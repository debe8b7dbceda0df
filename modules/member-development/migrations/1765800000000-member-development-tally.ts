import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NEW_MEMBERS_SQL } from '../services/tallies';

/**
 * New members by year as a tally kept in the writing transaction (services/tallies.ts), filled from
 * the records already there; the engine makes its roll-up from the module's declaration.
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
    await q.query(NEW_MEMBERS_SQL, [null, null]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE md_tally_new`);
  }
}
