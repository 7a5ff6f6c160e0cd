import { MigrationInterface, QueryRunner } from 'typeorm';

const ISO_BODY = `$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`;

/**
 * Two changes that make the incident views (read after every press batch, offer and change)
 * cheaper for Postgres, without changing a byte of what they answer (docs/capacity.md):
 * - `hk_iso` is declared STABLE, which it is (`to_char` is STABLE). Declared IMMUTABLE, its body
 *   could not be inlined, and every timestamp of a view paid a SQL function call: about three
 *   times the cost of the `to_char` itself.
 * - `hk_ids(uuid[])`: the ids of a batched read by id (`idsInSql`), as a set whose size the
 *   planner cannot see. A prepared `= ANY($1)` was planned again on every run for a batch of
 *   two or three incidents (the custom plan, costed by the array's length, beat the generic
 *   one), and planning was about half the read. With a size it cannot see, the generic plan costs the
 *   same as a custom one and is kept.
 */
export class PlannableViews1796176919187 implements MigrationInterface {
  name = 'PlannableViews1796176919187';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION hk_iso(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS ${ISO_BODY}`);
    // PL/pgSQL, so that it is never inlined (an inlined unnest would show the array to the planner again).
    await q.query(`
      CREATE FUNCTION hk_ids(ids uuid[]) RETURNS SETOF uuid LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 10 AS
      $$ BEGIN RETURN QUERY SELECT unnest(ids); END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS hk_ids(uuid[])`);
    await q.query(`CREATE OR REPLACE FUNCTION hk_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS ${ISO_BODY}`);
  }
}
