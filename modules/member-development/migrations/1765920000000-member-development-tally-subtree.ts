import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tallies read by period and subtree (a roll-up's rows under a path), as every other module's
 * tallies are indexed; their primary keys begin with the branch.
 */
export class MemberDevelopmentTallySubtree1765920000000 implements MigrationInterface {
  name = 'MemberDevelopmentTallySubtree1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX md_tally_new_subtree_idx ON md_tally_new (period, path)`);
    await q.query(`CREATE INDEX md_tally_event_subtree_idx ON md_tally_event (period, path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX md_tally_event_subtree_idx`);
    await q.query(`DROP INDEX md_tally_new_subtree_idx`);
  }
}
