import type { DeviceReport, TcpProtocolName } from '@app/protocols';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Batcher } from './batcher';

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

/** One device's contacts since the last write, merged: the newest report of each fact wins. */
interface Contact {
  serial: string;
  heartbeat: boolean;
  batteryPct?: number;
  position?: { lat: number; lng: number; accuracyM?: number };
  radio?: { cells: NonNullable<DeviceReport['cells']>; wifi: NonNullable<DeviceReport['wifi']> };
}

/** Lookups made together (a reconnect storm) share one statement; a lone lookup waits 2 ms at most. */
const LOOKUP_BATCH = { maxItems: 500, maxWaitMs: 2 };
/**
 * Contacts are written at most every half second, merged per device: supervision counts
 * silence in minutes, and a heartbeat storm must cost the pool a statement, not thousands.
 */
const CONTACT_BATCH = { maxItems: 2000, maxWaitMs: 500 };

const FIND_DEVICES = `
SELECT serial, resident_id AS "residentId", sos_numbers AS "sosNumbers", sos_numbers_pending AS "sosNumbersPending"
FROM devices WHERE serial = ANY($1::text[]) AND protocol = $2 AND enabled`;

/**
 * One statement for every device heard since the last write (supervision's contact), with
 * what each reported. A valid fix is the last position (source `gps`, timed on receipt); a
 * frame without one keeps the last fix and its time, so an old fix never looks new. The towers
 * and access points heard are kept, with their time, for operators.
 */
const RECORD_CONTACTS = `
UPDATE devices d SET
  last_heard_at = now(),
  last_heartbeat_at = CASE WHEN c.heartbeat THEN now() ELSE d.last_heartbeat_at END,
  battery_pct = COALESCE(c.battery_pct, d.battery_pct),
  last_position = COALESCE(c.position, d.last_position),
  last_position_at = CASE WHEN c.position IS NULL THEN d.last_position_at ELSE now() END,
  last_position_source = CASE WHEN c.position IS NULL THEN d.last_position_source ELSE 'gps' END,
  last_radio = COALESCE(c.radio || jsonb_build_object('at', hk_iso(now())), d.last_radio)
FROM unnest($1::text[], $2::boolean[], $3::smallint[], $4::jsonb[], $5::jsonb[]) AS c(serial, heartbeat, battery_pct, position, radio)
WHERE d.serial = c.serial`;

const RECORD_UNREGISTERED = `
INSERT INTO unregistered_devices (serial, protocol, first_heard_at, last_heard_at, frames, remote_address)
VALUES ($1, $2, now(), now(), 1, $3)
ON CONFLICT (serial, protocol) DO UPDATE
SET last_heard_at = now(), frames = unregistered_devices.frames + 1, remote_address = EXCLUDED.remote_address`;

/** The device registry as the TCP gateway needs it: batched, so that storms of devices cost few statements. */
@Injectable()
export class DeviceRegistry implements BeforeApplicationShutdown {
  private readonly lookups = new Map<TcpProtocolName, Batcher<string, RegisteredDevice | undefined>>();
  private readonly contacts = new Batcher<Contact, void>((batch) => this.writeContacts(batch), CONTACT_BATCH);

  constructor(private readonly dataSource: DataSource) {}

  find(serial: string, protocol: TcpProtocolName): Promise<RegisteredDevice | undefined> {
    let batcher = this.lookups.get(protocol);
    if (!batcher) {
      batcher = new Batcher((serials) => this.findAll(serials, protocol), LOOKUP_BATCH);
      this.lookups.set(protocol, batcher);
    }
    return batcher.add(serial);
  }

  /** Resolves once the contact is written (with the others of its batch). */
  recordContact(serial: string, kind: ContactKind, report: DeviceReport = {}): Promise<void> {
    const position = report.position;
    return this.contacts.add({
      serial,
      heartbeat: kind === 'heartbeat' || kind === 'login',
      batteryPct: report.batteryPct,
      position: position ? { lat: position.lat, lng: position.lng, ...(position.accuracyM !== undefined ? { accuracyM: position.accuracyM } : {}) } : undefined,
      radio: report.cells?.length || report.wifi?.length ? { cells: report.cells ?? [], wifi: report.wifi ?? [] } : undefined,
    });
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

  /** Contacts still waiting are written before the process goes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.contacts.drain();
  }

  private async findAll(serials: string[], protocol: TcpProtocolName): Promise<(RegisteredDevice | undefined)[]> {
    const rows: RegisteredDevice[] = await this.dataSource.query(FIND_DEVICES, [[...new Set(serials)], protocol]);
    const bySerial = new Map(rows.map((r) => [r.serial, r]));
    return serials.map((s) => bySerial.get(s));
  }

  private async writeContacts(batch: Contact[]): Promise<void[]> {
    const merged = new Map<string, Contact>();
    for (const contact of batch) {
      const earlier = merged.get(contact.serial);
      merged.set(contact.serial, {
        serial: contact.serial,
        heartbeat: contact.heartbeat || (earlier?.heartbeat ?? false),
        batteryPct: contact.batteryPct ?? earlier?.batteryPct,
        position: contact.position ?? earlier?.position,
        radio: contact.radio ?? earlier?.radio,
      });
    }
    const rows = [...merged.values()];
    await this.dataSource.query(RECORD_CONTACTS, [
      rows.map((c) => c.serial),
      rows.map((c) => c.heartbeat),
      rows.map((c) => c.batteryPct ?? null),
      rows.map((c) => (c.position ? JSON.stringify(c.position) : null)),
      rows.map((c) => (c.radio ? JSON.stringify(c.radio) : null)),
    ]);
    return batch.map(() => undefined);
  }
}
