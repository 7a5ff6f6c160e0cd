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
 * The device registry as the handset gateway needs it: one indexed lookup per device, cached
 * while console's change feed is live (a rotation or a disable is announced after its commit
 * and drops the entry on every instance; without the feed every request reads Postgres).
 */
@Injectable()
export class HandsetDevices implements OnApplicationShutdown {
  private readonly cache: DeviceCredentialsCache<DeviceCredentials>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DeviceChangeFeed,
  ) {
    this.cache = new DeviceCredentialsCache(changes);
  }

  /** Only `http` handsets sign requests: a watch or GT06 device is unknown to the HTTP API (401), it has no secret. */
  credentials(serial: string): Promise<DeviceCredentials | undefined> {
    return this.cache.get(serial, () => this.read(serial));
  }

  onApplicationShutdown(): void {
    this.changes.close();
  }

  private async read(serial: string): Promise<DeviceCredentials | undefined> {
    const rows: DeviceCredentials[] = await this.dataSource.query(
      `SELECT serial, resident_id AS "residentId", secret_ciphertext AS "secretCiphertext", enabled
       FROM devices WHERE serial = $1 AND protocol = 'http'`,
      [serial],
    );
    return rows[0];
  }
}
