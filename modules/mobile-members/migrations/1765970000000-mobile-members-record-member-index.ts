import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every record of a member, by the member: the latest decision before a day (the member-flag port) and
 * a member's last return read them. Only the open record had an index, so each of those lookups read
 * the whole table (the province's demo data spent about a minute a county on it).
 */
export class MobileMembersRecordMemberIndex1765970000000 implements MigrationInterface {
  name = 'MobileMembersRecordMemberIndex1765970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX mm_record_member_idx ON mm_record (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS mm_record_member_idx`);
  }
}
