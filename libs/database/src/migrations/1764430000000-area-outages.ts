import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mass events (docs/outages.md): an `area_outage` incident belongs to a district, not to a
 * resident, and carries the devices that fell silent together and the welfare calls made.
 * - `incidents.district` and a nullable `resident_id`: every incident has a resident except an
 *   area outage, which has a district instead (CHECK);
 * - at most one live outage per district (partial unique index; the live statuses spelled out,
 *   as in `incidents_one_live_per_group`): concurrent supervision rounds open one;
 * - `outage_devices`: each silent device of the outage, when it was last heard before the
 *   silence, when it joined and when it was heard again;
 * - `welfare_calls`: the last call outcome per resident of the outage (the history is in the timeline).
 */
export class AreaOutages1764430000000 implements MigrationInterface {
  name = 'AreaOutages1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents
        ALTER COLUMN resident_id DROP NOT NULL,
        ADD COLUMN district text,
        ADD CONSTRAINT incidents_resident_or_district CHECK (
          CASE WHEN type = 'area_outage' THEN resident_id IS NULL AND district IS NOT NULL ELSE resident_id IS NOT NULL END)`);
    await q.query(`
      CREATE UNIQUE INDEX incidents_one_live_outage_per_district ON incidents (district)
      WHERE type = 'area_outage' AND status IN ('open','acknowledged','dispatched','on_scene')`);
    await q.query(`
      CREATE TABLE outage_devices (
        incident_id uuid NOT NULL REFERENCES incidents(id),
        device_serial text NOT NULL REFERENCES devices(serial),
        resident_id uuid NOT NULL REFERENCES residents(id),
        silent_since timestamptz NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        recovered_at timestamptz,
        PRIMARY KEY (incident_id, device_serial)
      )`);
    await q.query(`CREATE INDEX outage_devices_device_idx ON outage_devices (device_serial, joined_at)`);
    await q.query(`
      CREATE TABLE welfare_calls (
        incident_id uuid NOT NULL REFERENCES incidents(id),
        resident_id uuid NOT NULL REFERENCES residents(id),
        outcome text NOT NULL CHECK (outcome IN ('reached','not_reached')),
        note text,
        called_at timestamptz NOT NULL DEFAULT now(),
        called_by uuid REFERENCES users(id),
        PRIMARY KEY (incident_id, resident_id)
      )`);
  }

  /** Steps back by removing the outage incidents with everything that refers to them (the timeline's guard is lifted for that). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS welfare_calls`);
    await q.query(`DROP TABLE IF EXISTS outage_devices`);
    await q.query(`CREATE TEMP TABLE outage_incidents ON COMMIT DROP AS SELECT id FROM incidents WHERE type = 'area_outage'`);
    await q.query(`ALTER TABLE incident_events DISABLE TRIGGER incident_events_append_only`);
    await q.query(`DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM outage_incidents)`);
    await q.query(`ALTER TABLE incident_events ENABLE TRIGGER incident_events_append_only`);
    await q.query(`DELETE FROM notifications WHERE dispatch_id IN (SELECT id FROM dispatches WHERE incident_id IN (SELECT id FROM outage_incidents))`);
    await q.query(`DELETE FROM dispatches WHERE incident_id IN (SELECT id FROM outage_incidents)`);
    await q.query(`DELETE FROM outbox WHERE incident_id IN (SELECT id FROM outage_incidents)`);
    await q.query(`DELETE FROM incidents WHERE id IN (SELECT id FROM outage_incidents)`);
    await q.query(`DROP INDEX IF EXISTS incidents_one_live_outage_per_district`);
    await q.query(`
      ALTER TABLE incidents
        DROP CONSTRAINT IF EXISTS incidents_resident_or_district,
        DROP COLUMN IF EXISTS district,
        ALTER COLUMN resident_id SET NOT NULL`);
  }
}
