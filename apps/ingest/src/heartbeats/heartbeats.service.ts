import type { HeartbeatRequest } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/database';
import { errorMessage } from '@app/errors';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedDevice } from '../handset-auth/authenticated-device';
import { retryLater } from '../retry-later';
import { HeartbeatThrottle } from './heartbeat-throttle';

@Injectable()
export class HeartbeatsService {
  private readonly logger = new Logger(HeartbeatsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: HeartbeatThrottle,
  ) {}

  /** Records that the device is alive, with its battery and signal when it reports them. */
  async record(device: AuthenticatedDevice, heartbeat: HeartbeatRequest): Promise<void> {
    if (!(await this.throttle.admit(device.serial))) {
      throw new HttpException('heartbeats are sent too often for this device', HttpStatus.TOO_MANY_REQUESTS);
    }
    try {
      await this.dataSource.query(
        `UPDATE devices SET battery_pct = COALESCE($2::smallint, battery_pct), signal_dbm = COALESCE($3::real, signal_dbm),
                last_heard_at = now(), last_heartbeat_at = now()
         WHERE serial = $1`,
        [device.serial, heartbeat.batteryPct ?? null, heartbeat.signalDbm ?? null],
      );
    } catch (error) {
      await this.throttle.release(device.serial);
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`heartbeat of device ${device.serial} not stored: ${errorMessage(error)}`);
      throw retryLater('the heartbeat could not be stored, try again');
    }
  }
}
