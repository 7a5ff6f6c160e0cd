import type { DeviceReport, TcpProtocolName } from '@app/protocols';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A provisioned, enabled device of a TCP protocol, as the gateway binds a connection to it. */
export interface RegisteredDevice {
  serial: string;
  residentId: string;
  /** The numbers the SOS key dials; null when none were ever set. */
  sosNumbers: string[] | null;
  /** Numbers set from the console while the device was away: written at its next connection. */
  sosNumbersPending: boolean;
}

/** What kind of frame made the contact: only heartbeats (and logins) count as heartbeats. */
export type ContactKind = 'login' | 'heartbeat' | 'location' | 'alarm' | 'other';

const FIND_DEVICE = `
SELECT serial, resident_id AS "residentId", sos_numbers AS "sosNumbers", sos_numbers_pending AS "sosNumbersPending"
FROM devices WHERE serial = $1 AND protocol = $2 AND enabled`;

/**
 * One statement per frame: the device was heard (supervision's contact), with whatever it
 * reported. A valid fix is the last position (source `gps`, timed on receipt); a frame
 * without one keeps the last fix and its time, so an old fix never looks new. The towers and
 * access points heard are kept, with their time, for operators.
 */
const RECORD_CONTACT = `
UPDATE devices SET
  last_heard_at = now(),
  last_heartbeat_at = CASE WHEN $2::boolean THEN now() ELSE last_heartbeat_at END,
  battery_pct = COALESCE($3::smallint, battery_pct),
  last_position = COALESCE($4::jsonb, last_position),
  last_position_at = CASE WHEN $4::jsonb IS NULL THEN last_position_at ELSE now() END,
  last_position_source = CASE WHEN $4::jsonb IS NULL THEN last_position_source ELSE 'gps' END,
  last_radio = COALESCE($5::jsonb || jsonb_build_object('at', hk_iso(now())), last_radio)
WHERE serial = $1`;

const RECORD_UNREGISTERED = `
INSERT INTO unregistered_devices (serial, protocol, first_heard_at, last_heard_at, frames, remote_address)
VALUES ($1, $2, now(), now(), 1, $3)
ON CONFLICT (serial, protocol) DO UPDATE
SET last_heard_at = now(), frames = unregistered_devices.frames + 1, remote_address = EXCLUDED.remote_address`;

/** The device registry as the TCP gateway needs it: one indexed statement per frame. */
@Injectable()
export class DeviceRegistry {
  constructor(private readonly dataSource: DataSource) {}

  async find(serial: string, protocol: TcpProtocolName): Promise<RegisteredDevice | undefined> {
    const rows: RegisteredDevice[] = await this.dataSource.query(FIND_DEVICE, [serial, protocol]);
    return rows[0];
  }

  async recordContact(serial: string, kind: ContactKind, report: DeviceReport = {}): Promise<void> {
    const position = report.position
      ? { lat: report.position.lat, lng: report.position.lng, ...(report.position.accuracyM !== undefined ? { accuracyM: report.position.accuracyM } : {}) }
      : null;
    const radio = report.cells?.length || report.wifi?.length ? { cells: report.cells ?? [], wifi: report.wifi ?? [] } : null;
    await this.dataSource.query(RECORD_CONTACT, [
      serial,
      kind === 'heartbeat' || kind === 'login',
      report.batteryPct ?? null,
      position ? JSON.stringify(position) : null,
      radio ? JSON.stringify(radio) : null,
    ]);
  }

  /** An id heard that is not provisioned (or disabled): listed for admins, answered with nothing. */
  async recordUnregistered(serial: string, protocol: TcpProtocolName, remoteAddress: string | undefined): Promise<void> {
    await this.dataSource.query(RECORD_UNREGISTERED, [serial.slice(0, 64), protocol, remoteAddress ?? null]);
  }

  /**
   * A device that never had SOS numbers gets the hotline: recorded as pending first, so a crash
   * before the write leaves it to be written at the next connection. False when numbers were
   * set meanwhile (from the console), which are then the ones to write.
   */
  async assignHotline(serial: string, hotline: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE devices SET sos_numbers = ARRAY[$2::text], sos_numbers_pending = true WHERE serial = $1 AND sos_numbers IS NULL RETURNING serial`,
      [serial, hotline],
    );
    return rows.length > 0;
  }

  /** The numbers were written to the device: nothing is pending, unless other numbers were set meanwhile. */
  async sosNumbersWritten(serial: string, numbers: string[]): Promise<void> {
    await this.dataSource.query(`UPDATE devices SET sos_numbers_pending = false WHERE serial = $1 AND sos_numbers = $2::text[]`, [serial, numbers]);
  }
}
