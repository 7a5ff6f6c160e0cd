import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users over their whole life, and an audit log searchable by resident:
 * - `users.disabled`: a disabled account keeps its history but can neither log in nor use any
 *   token; `users.districts`: the districts a user works in (stored now; scoping what an operator
 *   sees by them comes later).
 * - `audit_log.resident_ids`: whose data each row concerns, whatever the path (a search, an
 *   incident view, a socket push), so "who saw this resident's data" is one indexed query rather
 *   than a scan of `details`. Existing rows are filled from what they name.
 * - TRUNCATE of `audit_log` is refused like UPDATE and DELETE already are (a row trigger does not
 *   fire on TRUNCATE).
 */
export class UserLifecycleAuditResidents1764360000000 implements MigrationInterface {
  name = 'UserLifecycleAuditResidents1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE users ADD COLUMN districts text[] NOT NULL DEFAULT '{}'`);

    await q.query(`ALTER TABLE audit_log ADD COLUMN resident_ids uuid[] NOT NULL DEFAULT '{}'`);
    // The append-only trigger refuses every UPDATE: lifted for this one backfill, inside the migration's transaction.
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await q.query(`
      UPDATE audit_log a SET resident_ids = ARRAY(
        SELECT DISTINCT r FROM (
          SELECT i.resident_id AS r FROM incidents i
            WHERE a.entity_type = 'incident' AND i.id::text IN (SELECT a.entity_id UNION ALL SELECT jsonb_array_elements_text(COALESCE(a.details->'ids', '[]')))
          UNION ALL
          SELECT d.resident_id FROM devices d WHERE a.entity_type = 'device' AND d.serial = a.entity_id
          UNION ALL
          SELECT res.id FROM residents res
            WHERE a.entity_type = 'resident' AND res.id::text IN (SELECT a.entity_id UNION ALL SELECT jsonb_array_elements_text(COALESCE(a.details->'ids', '[]')))
        ) concerned WHERE r IS NOT NULL)
      WHERE a.entity_type IN ('incident', 'device', 'resident')`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await q.query(`CREATE INDEX audit_log_resident_ids_idx ON audit_log USING gin (resident_ids)`);

    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION hk_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log`);
    await q.query(`DROP INDEX IF EXISTS audit_log_resident_ids_idx`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN IF EXISTS resident_ids`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS districts`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS disabled`);
  }
}
