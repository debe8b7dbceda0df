import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = [
  'CITY_COMMITTEE',
  'COUNTY_COMMITTEE',
  'TOWNSHIP_COMMITTEE',
  'SUBDISTRICT_COMMITTEE',
  'WORK_STATION',
  'GRASSROOTS_COMMITTEE',
  'GENERAL_BRANCH',
  'BRANCH',
  'PARTY_GROUP',
];
const list = (kinds: string[]) => kinds.map((k) => `'${k}'`).join(',');

/**
 * Issue 16, item 6: a province committee (省委) above cities, so a deployment (and the benchmark's
 * `province` data) can hold several cities under one root. Only the kind's CHECK changes; the placement
 * rules (a city committee under a province committee, nothing else directly) are the code's
 * (src/org/tree-rules.ts).
 */
export class Province1764710000000 implements MigrationInterface {
  name = 'Province1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit DROP CONSTRAINT org_unit_kind_check`);
    await q.query(
      `ALTER TABLE org_unit ADD CONSTRAINT org_unit_kind_check CHECK (kind IN (${list(['PROVINCE_COMMITTEE', ...KINDS])}))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit DROP CONSTRAINT org_unit_kind_check`);
    await q.query(`ALTER TABLE org_unit ADD CONSTRAINT org_unit_kind_check CHECK (kind IN (${list(KINDS)}))`);
  }
}
