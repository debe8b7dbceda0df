import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entries from another module's records (README "Entries from organisational life"): a criterion says
 * which records feed it (`source`), an entry names the record it came from (`source_ref`), so a
 * corrected or cancelled record finds its entries again. The default member scheme's "参加三会一课"
 * is fed by meeting attendance.
 */
export class StarRatingSources1765400000000 implements MigrationInterface {
  name = 'StarRatingSources1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sr_criterion ADD COLUMN source text`);
    await q.query(`ALTER TABLE sr_entry ADD COLUMN source_ref text`);
    await q.query(`CREATE INDEX sr_entry_source_ref_idx ON sr_entry (source_ref) WHERE source_ref IS NOT NULL`);
    await q.query(
      `UPDATE sr_criterion c SET source = 'ORGANISATIONAL_LIFE' FROM sr_scheme s
       WHERE s.id = c.scheme_id AND s.subject_type = 'MEMBER' AND c.code = 'M01' AND c.title = '参加三会一课'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sr_entry_source_ref_idx`);
    await q.query(`ALTER TABLE sr_entry DROP COLUMN source_ref`);
    await q.query(`ALTER TABLE sr_criterion DROP COLUMN source`);
  }
}
