import type { HeartbeatRequest } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/database';
import { errorMessage } from '@app/errors';
import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DeviceContacts } from '../contacts/device-contacts';
import type { AuthenticatedDevice } from '../handset-auth/authenticated-device';
import { retryLater } from '../retry-later';
import { HeartbeatThrottle } from './heartbeat-throttle';

@Injectable()
export class HeartbeatsService {
  private readonly logger = new Logger(HeartbeatsService.name);

  constructor(
    private readonly contacts: DeviceContacts,
    private readonly throttle: HeartbeatThrottle,
  ) {}

  /**
   * Records that the device is alive, with its battery and signal when it reports them. The
   * write is shared with the other contacts of the moment (`DeviceContacts`: group commit, behind
   * at most one statement in flight); the answer waits for it, so a heartbeat Postgres did not take is a 503.
   */
  async record(device: AuthenticatedDevice, heartbeat: HeartbeatRequest): Promise<void> {
    if (!(await this.throttle.admit(device.serial))) {
      throw new HttpException('heartbeats are sent too often for this device', HttpStatus.TOO_MANY_REQUESTS);
    }
    try {
      await this.contacts.record(device.serial, 'heartbeat', heartbeat);
    } catch (error) {
      await this.throttle.release(device.serial);
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`heartbeat of device ${device.serial} not stored: ${errorMessage(error)}`);
      throw retryLater('the heartbeat could not be stored, try again');
    }
  }
}
