import { MigrationInterface, QueryRunner } from 'typeorm';

const INCIDENT_TYPES_V1 = `'sos','fall','low_battery','device_offline'`;
const INCIDENT_GROUPS_V1 = `'emergency','low_battery','device_offline'`;
const INCIDENT_TYPES_V2 = `${INCIDENT_TYPES_V1},'device_removed','device_alarm','area_outage'`;
const INCIDENT_GROUPS_V2 = `${INCIDENT_GROUPS_V1},'device_removed','device_alarm','area_outage'`;

/**
 * Handsets that speak device protocols over TCP (watch, GT06) next to the signed HTTP API:
 * - `devices.protocol`; only `http` handsets have a secret (the others are known by their id);
 * - the numbers the SOS key dials, and whether they still have to be written to the device
 *   (at its next connection, when it was away as they were set);
 * - the last position (`source`: the device's own fix, or an estimate from the cell towers or
 *   Wi-Fi it heard) and the last radio environment heard (`last_radio` {cells, wifi, at}), kept
 *   apart, so a frame without a fix never makes an old fix look new;
 * - the ids heard on the listeners that nobody provisioned, for admins to register;
 * - the technical incident types those protocols add (and `area_outage`, opened by supervision).
 * `alarms.type` has no CHECK: it takes the new alarm types as it is.
 */
export class DeviceProtocols1764340000000 implements MigrationInterface {
  name = 'DeviceProtocols1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE devices
        ADD COLUMN protocol text NOT NULL DEFAULT 'http' CONSTRAINT devices_protocol_check CHECK (protocol IN ('http','watch','gt06')),
        ALTER COLUMN secret_ciphertext DROP NOT NULL,
        ADD CONSTRAINT devices_http_has_secret CHECK (protocol <> 'http' OR secret_ciphertext IS NOT NULL),
        ADD COLUMN sos_numbers text[],
        ADD COLUMN sos_numbers_pending boolean NOT NULL DEFAULT false,
        ADD COLUMN last_position jsonb,
        ADD COLUMN last_position_at timestamptz,
        ADD COLUMN last_position_source text CONSTRAINT devices_last_position_source_check CHECK (last_position_source IN ('gps','cell','wifi')),
        ADD COLUMN last_radio jsonb,
        -- A position is a place, a time and a source together, or nothing.
        ADD CONSTRAINT devices_last_position_whole CHECK (
          (last_position IS NULL) = (last_position_at IS NULL) AND (last_position IS NULL) = (last_position_source IS NULL))`);

    await q.query(`
      CREATE TABLE unregistered_devices (
        serial text NOT NULL,
        protocol text NOT NULL CHECK (protocol IN ('watch','gt06')),
        first_heard_at timestamptz NOT NULL DEFAULT now(),
        last_heard_at timestamptz NOT NULL DEFAULT now(),
        frames bigint NOT NULL DEFAULT 1,
        remote_address text,
        PRIMARY KEY (serial, protocol)
      )`);
    await q.query(`CREATE INDEX unregistered_devices_last_heard_idx ON unregistered_devices (last_heard_at DESC)`);

    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_type_check, DROP CONSTRAINT incidents_type_group_check`);
    await q.query(`
      ALTER TABLE incidents
        ADD CONSTRAINT incidents_type_check CHECK (type IN (${INCIDENT_TYPES_V2})),
        ADD CONSTRAINT incidents_type_group_check CHECK (type_group IN (${INCIDENT_GROUPS_V2}))`);
  }

  /** Refuses (and changes nothing) while incidents of the new types or devices without a secret exist: they have no place in v1. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_type_check, DROP CONSTRAINT incidents_type_group_check`);
    await q.query(`
      ALTER TABLE incidents
        ADD CONSTRAINT incidents_type_check CHECK (type IN (${INCIDENT_TYPES_V1})),
        ADD CONSTRAINT incidents_type_group_check CHECK (type_group IN (${INCIDENT_GROUPS_V1}))`);
    await q.query(`DROP TABLE IF EXISTS unregistered_devices`);
    await q.query(`
      ALTER TABLE devices
        DROP CONSTRAINT devices_http_has_secret,
        DROP CONSTRAINT devices_last_position_whole,
        ALTER COLUMN secret_ciphertext SET NOT NULL,
        DROP COLUMN protocol,
        DROP COLUMN sos_numbers,
        DROP COLUMN sos_numbers_pending,
        DROP COLUMN last_position,
        DROP COLUMN last_position_at,
        DROP COLUMN last_position_source,
        DROP COLUMN last_radio`);
  }
}
