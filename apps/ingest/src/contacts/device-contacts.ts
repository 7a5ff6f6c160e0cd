import type { DeviceReport } from '@app/protocols';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit, type ItemOutcome } from '@app/database';

/** What kind of contact it was: only heartbeats (and logins) count as heartbeats. */
export type ContactKind = 'login' | 'heartbeat' | 'location' | 'alarm' | 'other';

/** What a device reported with a contact, over HTTP or a device protocol. */
export interface ContactReport extends DeviceReport {
  signalDbm?: number;
}

/** One device's contacts since the last write, merged: the newest report of each fact wins. */
interface Contact {
  serial: string;
  heartbeat: boolean;
  batteryPct?: number;
  signalDbm?: number;
  position?: { lat: number; lng: number; accuracyM?: number };
  radio?: { cells: NonNullable<DeviceReport['cells']>; wifi: NonNullable<DeviceReport['wifi']> };
}

/** A storm of contacts is written a few thousand devices per statement. */
const MAX_CONTACTS_PER_STATEMENT = 5000;

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
  signal_dbm = COALESCE(c.signal_dbm, d.signal_dbm),
  last_position = COALESCE(c.position, d.last_position),
  last_position_at = CASE WHEN c.position IS NULL THEN d.last_position_at ELSE now() END,
  last_position_source = CASE WHEN c.position IS NULL THEN d.last_position_source ELSE 'gps' END,
  last_radio = COALESCE(c.radio || jsonb_build_object('at', hk_iso(now())), d.last_radio)
FROM unnest($1::text[], $2::boolean[], $3::smallint[], $4::real[], $5::jsonb[], $6::jsonb[])
  AS c(serial, heartbeat, battery_pct, signal_dbm, position, radio)
WHERE d.serial = c.serial`;

/**
 * Every device contact of this ingest instance, HTTP heartbeats and TCP frames alike, written
 * in bulk by group commit with one statement in flight: a lone contact goes at once, and what
 * arrives while a statement runs is the next statement. 100,000 handsets beating every five
 * minutes (330 contacts a second) or a whole district reconnecting at once cost a few
 * statements a second on one pooled connection, never hundreds competing with alarms for the
 * pool. A contact resolves once written, so a caller can still answer 503 when Postgres is
 * away. Alarms never wait here: presses have their own group commit (the press intake).
 */
@Injectable()
export class DeviceContacts implements BeforeApplicationShutdown {
  private readonly batches = new GroupCommit<Contact, void>((batch) => this.write(batch), { maxItems: MAX_CONTACTS_PER_STATEMENT, maxInFlight: 1 });

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the contact is written (with the others of its batch); rejects when that write failed. */
  record(serial: string, kind: ContactKind, report: ContactReport = {}): Promise<void> {
    const position = report.position;
    return this.batches.add({
      serial,
      heartbeat: kind === 'heartbeat' || kind === 'login',
      batteryPct: report.batteryPct,
      signalDbm: report.signalDbm,
      position: position ? { lat: position.lat, lng: position.lng, ...(position.accuracyM !== undefined ? { accuracyM: position.accuracyM } : {}) } : undefined,
      radio: report.cells?.length || report.wifi?.length ? { cells: report.cells ?? [], wifi: report.wifi ?? [] } : undefined,
    });
  }

  /** Contacts still waiting are written before the process goes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batches.drain();
  }

  private async write(batch: Contact[]): Promise<ItemOutcome<void>[]> {
    const rows = [...mergeByDevice(batch).values()];
    await this.dataSource.query(RECORD_CONTACTS, [
      rows.map((c) => c.serial),
      rows.map((c) => c.heartbeat),
      rows.map((c) => c.batteryPct ?? null),
      rows.map((c) => c.signalDbm ?? null),
      rows.map((c) => (c.position ? JSON.stringify(c.position) : null)),
      rows.map((c) => (c.radio ? JSON.stringify(c.radio) : null)),
    ]);
    return batch.map(() => ({ ok: true, value: undefined }));
  }
}

/** A device heard several times in one batch is one row: later reports win, a heartbeat anywhere counts. */
export function mergeByDevice(batch: readonly Contact[]): Map<string, Contact> {
  const merged = new Map<string, Contact>();
  for (const contact of batch) {
    const earlier = merged.get(contact.serial);
    merged.set(contact.serial, {
      serial: contact.serial,
      heartbeat: contact.heartbeat || (earlier?.heartbeat ?? false),
      batteryPct: contact.batteryPct ?? earlier?.batteryPct,
      signalDbm: contact.signalDbm ?? earlier?.signalDbm,
      position: contact.position ?? earlier?.position,
      radio: contact.radio ?? earlier?.radio,
    });
  }
  return merged;
}
