import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who looked at a resident's medical data and who changed residents, devices and users: what,
 * when and from where. Append-only like the timeline; values are never copied here (only the
 * names of the fields that changed), so the audit log holds no medical data itself.
 */
export class AuditLog1764320000000 implements MigrationInterface {
  name = 'AuditLog1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid REFERENCES users(id),
        actor_username text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        address text,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC)`);
    await q.query(`
      CREATE FUNCTION hk_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION hk_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS hk_audit_append_only()`);
  }
}
