import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DeviceCredentials {
  serial: string;
  residentId: string;
  secretCiphertext: string;
  enabled: boolean;
}

/** The device registry as the handset gateway needs it: one indexed lookup per request. */
@Injectable()
export class HandsetDevices {
  constructor(private readonly dataSource: DataSource) {}

  /** Only `http` handsets sign requests: a watch or GT06 device is unknown to the HTTP API (401), it has no secret. */
  async credentials(serial: string): Promise<DeviceCredentials | undefined> {
    const rows: DeviceCredentials[] = await this.dataSource.query(
      `SELECT serial, resident_id AS "residentId", secret_ciphertext AS "secretCiphertext", enabled
       FROM devices WHERE serial = $1 AND protocol = 'http'`,
      [serial],
    );
    return rows[0];
  }
}
