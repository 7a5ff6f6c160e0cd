import { DeviceChangeFeed } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import type { TcpProtocolName } from '@app/protocols';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeviceRegistry } from './device-registry';
import { type BoundConnection, DeviceSessions } from './device-sessions';

/** How often every connection is checked; a check costs one statement per RECHECK_SLICE connections (10 for 20,000 devices). */
const RECHECK_INTERVAL_MS = 30_000;
/**
 * Connections checked by one statement: the next slice is sent once the last is answered, so a
 * check of 20,000 connections never holds more than one connection of the pool, nor the event
 * loop for more than the encoding of one slice's serials (well under a millisecond). A slice
 * of 500 device lookups cost a few milliseconds of one turn each, 38 turns in a row: presses
 * arriving meanwhile waited (`npm run bench:connections`).
 */
const RECHECK_SLICE = 2000;

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
    const byProtocol = new Map<TcpProtocolName, BoundConnection[]>();
    for (const connection of this.sessions.all()) {
      const list = byProtocol.get(connection.protocolName) ?? [];
      list.push(connection);
      byProtocol.set(connection.protocolName, list);
    }
    try {
      for (const [protocol, connections] of byProtocol)
        for (let start = 0; start < connections.length; start += RECHECK_SLICE) {
          const slice = connections.slice(start, start + RECHECK_SLICE);
          const changed = new Set(await this.registry.noLongerRegistered(slice, protocol));
          // Only the connection the check looked at: one that replaced it meanwhile was bound from the registry as it is now.
          for (const connection of slice) if (changed.has(connection.serial)) connection.close('its registration changed (found by the check)');
        }
    } catch (error) {
      this.logger.warn(`device connections not checked against the registry (the next check tries again): ${errorMessage(error)}`);
    }
  }
}
