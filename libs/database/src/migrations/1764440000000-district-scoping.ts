import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Districts and who sees what (docs/districts.md):
 * - `incidents.shown_because`: set (`no_district_operator`) when an `sos` or `fall` incident of a
 *   district with no operator of that district connected was shown to every console; the incident
 *   stays visible to everyone until it is closed. NULL: seen only within its district.
 * - an index on `residents.district`, which every scoped list filters on.
 */
export class DistrictScoping1764440000000 implements MigrationInterface {
  name = 'DistrictScoping1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN shown_because text CHECK (shown_because IN ('no_district_operator'))`);
    await q.query(`CREATE INDEX residents_district_idx ON residents (district)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS residents_district_idx`);
    await q.query(`ALTER TABLE incidents DROP COLUMN IF EXISTS shown_because`);
  }
}
