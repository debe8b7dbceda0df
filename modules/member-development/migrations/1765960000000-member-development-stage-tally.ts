import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline and the overdue steps as a tally of stage segments (services/tallies.ts): per branch,
 * one row per stretch of days `[period, until)` ('infinity' while open) in which a record's stage,
 * its place, its departure and its overdue steps stay the same. The table only: the figures engine
 * counts a new tally from the records after the migrations (src/figures/engine.ts, ensureBuilt).
 */
export class MemberDevelopmentStageTally1765960000000 implements MigrationInterface {
  name = 'MemberDevelopmentStageTally1765960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE md_tally_stage (
        unit_id    int NOT NULL REFERENCES org_unit(id),
        period     date NOT NULL,
        until      date NOT NULL,
        path       text COLLATE "C" NOT NULL,
        stage      text NOT NULL,
        departed   boolean NOT NULL,
        talk       boolean NOT NULL,
        assessment boolean NOT NULL,
        approval   boolean NOT NULL,
        lapsed     boolean NOT NULL,
        n          int NOT NULL,
        PRIMARY KEY (unit_id, period, until, path, stage, departed, talk, assessment, approval, lapsed)
      )`);
    await q.query(`CREATE INDEX md_tally_stage_subtree_idx ON md_tally_stage (period, path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE md_tally_stage`);
  }
}
