import type { DeviceListing } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

export const DEVICE_SERIAL_CONSTRAINT = 'devices_pkey';

const DEVICE_LISTING = `json_strip_nulls(json_build_object('serial', d.serial, 'residentId', d.resident_id,
  'enabled', d.enabled, 'batteryPct', d.battery_pct, 'lastSeenAt', hk_iso(d.last_heard_at)))`;

@Injectable()
export class DevicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a device with its sealed secret. False when the resident does not exist; throws a
   * unique violation on DEVICE_SERIAL_CONSTRAINT when the serial is taken.
   */
  async create(serial: string, residentId: string, sealedSecret: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO devices (serial, resident_id, secret_ciphertext)
       SELECT $1, r.id, $3 FROM residents r WHERE r.id = $2 RETURNING serial`,
      [serial, residentId, sealedSecret],
    );
    return rows.length === 1;
  }

  /** False when there is no such device. */
  async replaceSecret(serial: string, sealedSecret: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      'UPDATE devices SET secret_ciphertext = $2, secret_rotated_at = now() WHERE serial = $1 RETURNING serial',
      [serial, sealedSecret],
    );
    return returnedRows(result).length === 1;
  }

  async setEnabled(serial: string, enabled: boolean): Promise<DeviceListing | undefined> {
    const result: unknown = await this.dataSource.query(`UPDATE devices AS d SET enabled = $2 WHERE d.serial = $1 RETURNING ${DEVICE_LISTING} AS device`, [
      serial,
      enabled,
    ]);
    return returnedRows<{ device: DeviceListing }>(result)[0]?.device;
  }

  async list(): Promise<DeviceListing[]> {
    const rows: { device: DeviceListing }[] = await this.dataSource.query(`SELECT ${DEVICE_LISTING} AS device FROM devices d ORDER BY d.serial`);
    return rows.map((r) => r.device);
  }
}
