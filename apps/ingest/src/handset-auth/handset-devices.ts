import { GroupCommit, type ItemOutcome } from '@app/database';
import { DeviceChangeFeed } from '@app/device-commands';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeviceCredentialsCache } from './device-credentials-cache';

export interface DeviceCredentials {
  serial: string;
  residentId: string;
  secretCiphertext: string;
  enabled: boolean;
}

/**
 * One read of a serial from Postgres: the device, or none for a serial that is not an `http`
 * handset. A new object per read, unknown serials included, and the same object for as long as
 * the cache serves that read: what is worked out from a read (its opened secret) can be kept
 * with it, and is worked out again, for known and unknown serials alike, when the read is.
 */
export interface DeviceLookup {
  device?: DeviceCredentials;
}

/** Lookups of one statement at most, and two statements in flight (the pool keeps room for the presses). */
const LOOKUPS = { maxItems: 500, maxInFlight: 2 };

/**
 * The device registry as the handset gateway needs it: an indexed lookup per device, cached
 * while console's change feed is live (a rotation or a disable is announced after its commit
 * and drops the entry on every instance; without the feed every request reads Postgres).
 * Lookups that miss the cache together share one statement (group commit): in a storm every
 * device is new to the cache, and a round trip each was most of ingest's time.
 */
@Injectable()
export class HandsetDevices implements OnApplicationShutdown {
  private readonly cache: DeviceCredentialsCache<DeviceLookup>;
  private readonly lookups = new GroupCommit<string, DeviceLookup>((serials) => this.readAll(serials), LOOKUPS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DeviceChangeFeed,
  ) {
    this.cache = new DeviceCredentialsCache(changes);
  }

  /** Only `http` handsets sign requests: a watch or GT06 device is unknown to the HTTP API (401), it has no secret. */
  credentials(serial: string): Promise<DeviceLookup> {
    return this.cache.get(serial, () => this.lookups.add(serial));
  }

  onApplicationShutdown(): void {
    this.changes.close();
  }

  /** One statement for the serials asked together; a failure (Postgres away) fails each of them. */
  private async readAll(serials: string[]): Promise<ItemOutcome<DeviceLookup>[]> {
    const rows: DeviceCredentials[] = await this.dataSource.query(
      `SELECT serial, resident_id AS "residentId", secret_ciphertext AS "secretCiphertext", enabled
       FROM devices WHERE serial = ANY($1::text[]) AND protocol = 'http'`,
      [[...new Set(serials)]],
    );
    const bySerial = new Map(rows.map((row) => [row.serial, row]));
    return serials.map((serial) => {
      const device = bySerial.get(serial);
      return { ok: true, value: device ? { device } : {} };
    });
  }
}
