import { DeviceChangeFeed } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeviceRegistry } from './device-registry';
import { DeviceSessions } from './device-sessions';

/** How often every connection is checked; a check costs one batched lookup per 500 connections (40 statements for 20,000 devices). */
const RECHECK_INTERVAL_MS = 30_000;
/**
 * Connections checked at a time: the next slice is looked up once the last is answered, so a
 * check of 20,000 connections never holds the event loop for one long turn (20,000 lookups
 * queued at once) nor more than one statement of the pool.
 */
const RECHECK_SLICE = 500;

/**
 * A TCP connection is bound with its device's registration as it was then. When console changes
 * it (disabled, given to another resident), the connection is closed at once, on every
 * instance, as the HTTP handsets' cache forgets the device: reconnecting, the device binds again
 * from its row as it is now, and a disabled one gets no answer. Changes announced while the feed
 * was down were never heard: after a gap, every connection is checked against the registry and
 * those whose registration changed are closed (not all of them, which would make a reconnect
 * storm of every Redis blip). An announcement console could not publish is never heard either:
 * the same check runs every RECHECK_INTERVAL_MS, which bounds how long a connection can outlive
 * its registration (as the HTTP cache's entry lifetime does for handsets).
 */
@Injectable()
export class RegistrationWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationWatch.name);
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    changes: DeviceChangeFeed,
    private readonly sessions: DeviceSessions,
    private readonly registry: DeviceRegistry,
  ) {
    changes.onChange((serial) => this.sessions.current(serial)?.close('its registration changed'));
    changes.onResync(() => void this.recheckAll());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recheckAll(), RECHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Closes every connection whose device is no longer registered as it was bound (disabled, removed, another resident); one check at a time. */
  recheckAll(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    const connections = this.sessions.all();
    try {
      for (let start = 0; start < connections.length; start += RECHECK_SLICE) {
        const slice = connections.slice(start, start + RECHECK_SLICE);
        const now = await Promise.all(slice.map((c) => this.registry.find(c.serial, c.protocolName)));
        slice.forEach((connection, i) => {
          const device = now[i];
          if (!device || device.residentId !== connection.residentId) connection.close('its registration changed (found by the check)');
        });
      }
    } catch (error) {
      this.logger.warn(`device connections not checked against the registry (the next check tries again): ${errorMessage(error)}`);
    }
  }
}
