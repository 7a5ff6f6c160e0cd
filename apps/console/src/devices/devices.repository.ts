import type { DeviceListing, DeviceProtocolName, UnregisteredDevice } from '@app/contracts';
import { DeviceChangeAnnouncer } from '@app/device-commands';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

export const DEVICE_SERIAL_CONSTRAINT = 'devices_pkey';

const DEVICE_LISTING = `json_strip_nulls(json_build_object('serial', d.serial, 'residentId', d.resident_id, 'protocol', d.protocol,
  'enabled', d.enabled, 'batteryPct', d.battery_pct, 'lastSeenAt', hk_iso(d.last_heard_at), 'sosNumbers', to_json(d.sos_numbers)))`;

/** The most an admin is shown of the ids heard (newest first): enough to find a handset being set up. */
const UNREGISTERED_LIMIT = 200;

export interface DeviceIdentity {
  serial: string;
  protocol: DeviceProtocolName;
  enabled: boolean;
}

@Injectable()
export class DevicesRepository {
  constructor(
    private readonly dataSource: DataSource,
    /** Every committed change of a device row is announced to the ingest instances, which cache rows. */
    private readonly changes: DeviceChangeAnnouncer,
  ) {}

  /**
   * Stores a device, with its sealed secret for an `http` handset (the others have none). False
   * when the resident does not exist; throws a unique violation on DEVICE_SERIAL_CONSTRAINT when
   * the serial is taken. The id is no longer "heard but unregistered".
   */
  async create(device: { serial: string; residentId: string; protocol: DeviceProtocolName; sealedSecret?: string }): Promise<boolean> {
    const created = await this.dataSource.transaction(async (tx) => {
      const rows: unknown[] = await tx.query(
        `INSERT INTO devices (serial, resident_id, protocol, secret_ciphertext)
         SELECT $1, r.id, $3, $4 FROM residents r WHERE r.id = $2 RETURNING serial`,
        [device.serial, device.residentId, device.protocol, device.sealedSecret ?? null],
      );
      if (rows.length !== 1) return false;
      await tx.query('DELETE FROM unregistered_devices WHERE serial = $1 AND protocol = $2', [device.serial, device.protocol]);
      return true;
    });
    // An instance may have cached the serial as unknown.
    if (created) await this.changes.announce(device.serial);
    return created;
  }

  async identity(serial: string): Promise<DeviceIdentity | undefined> {
    const rows: DeviceIdentity[] = await this.dataSource.query('SELECT serial, protocol, enabled FROM devices WHERE serial = $1', [serial]);
    return rows[0];
  }

  /** False when there is no such `http` device (only those have a secret). */
  async replaceSecret(serial: string, sealedSecret: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE devices SET secret_ciphertext = $2, secret_rotated_at = now() WHERE serial = $1 AND protocol = 'http' RETURNING serial`,
      [serial, sealedSecret],
    );
    const replaced = returnedRows(result).length === 1;
    if (replaced) await this.changes.announce(serial);
    return replaced;
  }

  async setEnabled(serial: string, enabled: boolean): Promise<DeviceListing | undefined> {
    const result: unknown = await this.dataSource.query(`UPDATE devices AS d SET enabled = $2 WHERE d.serial = $1 RETURNING ${DEVICE_LISTING} AS device`, [
      serial,
      enabled,
    ]);
    const device = returnedRows<{ device: DeviceListing }>(result)[0]?.device;
    if (device) await this.changes.announce(serial);
    return device;
  }

  /**
   * Gives a disabled device to another resident, in one statement (enabling it meanwhile makes it
   * refuse). Its last position is forgotten: it was the previous home's, and an incident of the
   * new resident must not send anyone there. Answers why not when it cannot be done.
   */
  async reassign(
    serial: string,
    residentId: string,
  ): Promise<{ device: DeviceListing; previousResidentId: string } | { refused: 'no_device' | 'enabled' | 'no_resident' }> {
    const rows: { device: DeviceListing | null; previous: string | null; found: boolean; resident: boolean }[] = await this.dataSource.query(
      // `before` is the row as the statement found it: the resident the handset is taken from.
      `WITH moved AS (
         UPDATE devices AS d SET resident_id = r.id, last_position = NULL, last_position_at = NULL, last_position_source = NULL
         FROM residents r, devices before
         WHERE d.serial = $1 AND NOT d.enabled AND r.id = $2 AND before.serial = d.serial
         RETURNING ${DEVICE_LISTING} AS device, before.resident_id AS previous
       )
       SELECT (SELECT device FROM moved) AS device, (SELECT previous FROM moved) AS previous,
              EXISTS (SELECT 1 FROM devices WHERE serial = $1) AS found,
              EXISTS (SELECT 1 FROM residents WHERE id = $2) AS resident`,
      [serial, residentId],
    );
    const row = rows[0]!;
    if (row.device) {
      await this.changes.announce(serial);
      return { device: row.device, previousResidentId: row.previous! };
    }
    // Found, and the resident too: what kept it from moving is that it is enabled.
    return { refused: !row.found ? 'no_device' : !row.resident ? 'no_resident' : 'enabled' };
  }

  async list(): Promise<DeviceListing[]> {
    const rows: { device: DeviceListing }[] = await this.dataSource.query(`SELECT ${DEVICE_LISTING} AS device FROM devices d ORDER BY d.serial`);
    return rows.map((r) => r.device);
  }

  /**
   * Stores the SOS numbers of a TCP device as still to be written to it: the ingest instance
   * holding its connection writes them at its next connection unless they are delivered now
   * (sosNumbersDelivered). False when there is no such TCP device.
   */
  async storeSosNumbers(serial: string, numbers: readonly string[]): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE devices SET sos_numbers = $2::text[], sos_numbers_pending = true WHERE serial = $1 AND protocol <> 'http' RETURNING serial`,
      [serial, numbers],
    );
    return returnedRows(result).length === 1;
  }

  /** Only while these are still the numbers stored: a newer change that raced this one stays pending. */
  async sosNumbersDelivered(serial: string, numbers: readonly string[]): Promise<void> {
    await this.dataSource.query(`UPDATE devices SET sos_numbers_pending = false WHERE serial = $1 AND sos_numbers = $2::text[]`, [serial, numbers]);
  }

  /** Ids heard on the TCP listeners that no enabled device answers to, newest first. */
  async unregistered(): Promise<UnregisteredDevice[]> {
    const rows: { device: UnregisteredDevice }[] = await this.dataSource.query(
      `SELECT json_strip_nulls(json_build_object('serial', u.serial, 'protocol', u.protocol,
         'firstHeardAt', hk_iso(u.first_heard_at), 'lastHeardAt', hk_iso(u.last_heard_at),
         'frames', u.frames, 'remoteAddress', u.remote_address)) AS device
       FROM unregistered_devices u
       WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.serial = u.serial AND d.protocol = u.protocol AND d.enabled)
       ORDER BY u.last_heard_at DESC, u.serial LIMIT $1`,
      [UNREGISTERED_LIMIT],
    );
    return rows.map((r) => r.device);
  }
}
