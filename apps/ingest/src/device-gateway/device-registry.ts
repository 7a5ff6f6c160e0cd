import { GroupCommit, type ItemOutcome } from '@app/database';
import type { TcpProtocolName } from '@app/protocols';
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

/**
 * Lookups made together (a reconnect storm) share one statement (group commit), with at most two
 * in flight: the pool's other connections stay for presses. With no bound, 19,000 lookups at once
 * (the registration check, when it still looked every connection up) put 38 statements in the
 * pool's queue and a press waited 200 ms behind them (`npm run bench:connections`).
 */
const LOOKUPS = { maxItems: 500, maxInFlight: 2 };

const FIND_DEVICES = `
SELECT serial, resident_id AS "residentId", sos_numbers AS "sosNumbers", sos_numbers_pending AS "sosNumbersPending"
FROM devices WHERE serial = ANY($1::text[]) AND protocol = $2 AND enabled`;

/** Of the bindings given (serial, resident), those no longer registered so: removed, disabled, of another protocol or another resident. */
const NO_LONGER_REGISTERED = `
SELECT b.serial FROM unnest($1::text[], $2::uuid[]) AS b(serial, resident_id)
WHERE NOT EXISTS (
  SELECT 1 FROM devices d WHERE d.serial = b.serial AND d.protocol = $3 AND d.enabled AND d.resident_id = b.resident_id
)`;

const RECORD_UNREGISTERED = `
INSERT INTO unregistered_devices (serial, protocol, first_heard_at, last_heard_at, frames, remote_address)
VALUES ($1, $2, now(), now(), 1, $3)
ON CONFLICT (serial, protocol) DO UPDATE
SET last_heard_at = now(), frames = unregistered_devices.frames + 1, remote_address = EXCLUDED.remote_address`;

/** The device registry as the TCP gateway needs it: batched, so that storms of devices cost few statements. */
@Injectable()
export class DeviceRegistry {
  private readonly lookups = new Map<TcpProtocolName, GroupCommit<string, RegisteredDevice | undefined>>();

  constructor(private readonly dataSource: DataSource) {}

  find(serial: string, protocol: TcpProtocolName): Promise<RegisteredDevice | undefined> {
    let lookups = this.lookups.get(protocol);
    if (!lookups) {
      lookups = new GroupCommit((serials) => this.findAll(serials, protocol), LOOKUPS);
      this.lookups.set(protocol, lookups);
    }
    return lookups.add(serial);
  }

  /**
   * The serials among `bindings` whose registration is no longer the one they were bound with.
   * One statement for all of them, which answers only those (usually none): the periodic check
   * of every connection costs Postgres an index probe per connection and ingest almost nothing,
   * where a lookup of each answered every row back to the event loop.
   */
  async noLongerRegistered(bindings: readonly { serial: string; residentId: string }[], protocol: TcpProtocolName): Promise<string[]> {
    if (!bindings.length) return [];
    const rows: { serial: string }[] = await this.dataSource.query(NO_LONGER_REGISTERED, [
      bindings.map((b) => b.serial),
      bindings.map((b) => b.residentId),
      protocol,
    ]);
    return rows.map((r) => r.serial);
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

  private async findAll(serials: string[], protocol: TcpProtocolName): Promise<ItemOutcome<RegisteredDevice | undefined>[]> {
    const rows: RegisteredDevice[] = await this.dataSource.query(FIND_DEVICES, [[...new Set(serials)], protocol]);
    const bySerial = new Map(rows.map((r) => [r.serial, r]));
    return serials.map((s) => ({ ok: true, value: bySerial.get(s) }));
  }
}
