import { DeviceChangeFeed } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import { Injectable, Logger } from '@nestjs/common';
import { DeviceRegistry } from './device-registry';
import { DeviceSessions } from './device-sessions';

/**
 * A TCP connection is bound with its device's registration as it was then. When console changes
 * it (disabled, given to another resident), the connection is closed at once, on every
 * instance, as the HTTP handsets' cache forgets the device: reconnecting, the device binds again
 * from its row as it is now, and a disabled one gets no answer. Changes announced while the feed
 * was down were never heard: after a gap, every connection is checked against the registry and
 * those whose registration changed are closed (not all of them, which would make a reconnect
 * storm of every Redis blip).
 */
@Injectable()
export class RegistrationWatch {
  private readonly logger = new Logger(RegistrationWatch.name);

  constructor(
    changes: DeviceChangeFeed,
    private readonly sessions: DeviceSessions,
    private readonly registry: DeviceRegistry,
  ) {
    changes.onChange((serial) => this.sessions.current(serial)?.close('its registration changed'));
    changes.onResync(() => void this.recheckAll());
  }

  /** Closes every connection whose device is no longer registered as it was bound (disabled, removed, another resident). */
  async recheckAll(): Promise<void> {
    const connections = this.sessions.all();
    try {
      const now = await Promise.all(connections.map((c) => this.registry.find(c.serial, c.protocolName)));
      connections.forEach((connection, i) => {
        const device = now[i];
        if (!device || device.residentId !== connection.residentId) connection.close('its registration changed while changes were not heard');
      });
    } catch (error) {
      this.logger.warn(`device connections not checked against the registry after a gap in its change feed: ${errorMessage(error)}`);
    }
  }
}
