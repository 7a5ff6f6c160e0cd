import { DeviceConnectionRegistry } from '@app/device-commands';
import { errorMessage } from '@app/errors';
import type { TcpProtocolName } from '@app/protocols';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** How often a connection's registration is refreshed at most: a device may send several frames a second. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Tells the other processes which devices this ingest instance holds (the console shows
 * "connected"; a command reaches the instance that holds the connection). Redis being away
 * only makes the console's view stale: it never touches what a device is answered.
 */
@Injectable()
export class DevicePresence {
  private readonly logger = new Logger(DevicePresence.name);
  /** This process, as the registry knows it. */
  readonly instanceId = randomUUID();
  private readonly touchedAt = new Map<string, number>();
  private readonly details = new Map<string, { protocol: TcpProtocolName; remoteAddress: string; connectedAt: string }>();

  constructor(private readonly registry: DeviceConnectionRegistry) {}

  connected(serial: string, protocol: TcpProtocolName, remoteAddress: string | undefined): void {
    this.details.set(serial, { protocol, remoteAddress: remoteAddress ?? '', connectedAt: new Date().toISOString() });
    this.touchedAt.set(serial, Date.now());
    this.register(serial);
  }

  heard(serial: string): void {
    const last = this.touchedAt.get(serial);
    if (last !== undefined && Date.now() - last < TOUCH_EVERY_MS) return;
    this.touchedAt.set(serial, Date.now());
    this.registry
      .touch(serial, this.instanceId)
      .then((result) => {
        // Expired (a long Redis outage), or taken by an instance the device has since left: this one holds it now.
        if (result !== 'refreshed') this.register(serial);
      })
      .catch((error: unknown) => this.warn(serial, error));
  }

  disconnected(serial: string): void {
    this.touchedAt.delete(serial);
    this.details.delete(serial);
    this.registry.markDisconnected(serial, this.instanceId).catch((error: unknown) => this.warn(serial, error));
  }

  private register(serial: string): void {
    const details = this.details.get(serial);
    if (!details) return;
    this.registry.markConnected(serial, { instanceId: this.instanceId, ...details }).catch((error: unknown) => this.warn(serial, error));
  }

  private warn(serial: string, error: unknown): void {
    this.logger.warn(`presence of ${serial} not recorded: ${errorMessage(error)}`);
  }
}
