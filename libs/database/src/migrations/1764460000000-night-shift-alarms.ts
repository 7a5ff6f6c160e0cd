import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a night shift must not miss:
 * - `incidents.cascade_exhausted_at`: when every member of the care team had timed out or
 *   declined, so nobody of the care team is coming (an explicit fact of the incident, shown in
 *   its view, whatever escalated it first).
 * - `devices.battery_recovered_at`: when supervision last saw the battery back above the
 *   recovery level. A low-battery incident an operator closed is reopened only once the battery
 *   recovered after it opened and dropped again. Existing devices count as recovered now, so
 *   incidents closed before this migration never hold a new alert back.
 * - An index for supervision's look-up of a device's low-battery incidents.
 */
export class NightShiftAlarms1764460000000 implements MigrationInterface {
  name = 'NightShiftAlarms1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN cascade_exhausted_at timestamptz`);
    await q.query(`ALTER TABLE devices ADD COLUMN battery_recovered_at timestamptz`);
    await q.query(`UPDATE devices SET battery_recovered_at = now()`);
    await q.query(`CREATE INDEX incidents_low_battery_device_idx ON incidents (device_serial, opened_at) WHERE type = 'low_battery'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_low_battery_device_idx`);
    await q.query(`ALTER TABLE devices DROP COLUMN IF EXISTS battery_recovered_at`);
    await q.query(`ALTER TABLE incidents DROP COLUMN IF EXISTS cascade_exhausted_at`);
  }
}
