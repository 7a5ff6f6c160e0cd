import { Logger } from '@nestjs/common';
import type IORedis from 'ioredis';
import { errorMessage } from '@app/errors';

/** Pub/sub channel on which console says that a device's registry row changed (secret, enabled). */
export function deviceChangesChannel(redisPrefix: string): string {
  return `${redisPrefix}-device-changes`;
}

/**
 * Console's side: after a change to a device row has committed, every ingest instance is told
 * to forget what it cached of that device. When Redis cannot take the message, the instances'
 * short cache lifetime is the bound on how long the old row is used (docs/capacity.md).
 */
export class DeviceChangeAnnouncer {
  private readonly logger = new Logger(DeviceChangeAnnouncer.name);

  constructor(
    private readonly redis: IORedis,
    private readonly redisPrefix: string,
  ) {}

  async announce(serial: string): Promise<void> {
    try {
      await this.redis.publish(deviceChangesChannel(this.redisPrefix), serial);
    } catch (error) {
      this.logger.warn(`ingest instances were not told that device ${serial} changed (their cache expires on its own): ${errorMessage(error)}`);
    }
  }
}

/**
 * Ingest's side: the changes console announces, on a subscriber connection of its own. `live`
 * is true only while the subscription is up: a cache must not serve while it is not, since it
 * would miss changes. Every (re)subscription is reported (`onResync`) so a cache can drop all it
 * holds: what changed while the connection was down was never heard.
 */
export class DeviceChangeFeed {
  private subscribed = false;
  /** The first subscription has been confirmed: later `ready`s are resubscriptions. */
  private started = false;
  private readonly changed: ((serial: string) => void)[] = [];
  private readonly resynced: (() => void)[] = [];

  constructor(
    private readonly subscriber: IORedis,
    redisPrefix: string,
  ) {
    const channel = deviceChangesChannel(redisPrefix);
    subscriber.on('message', (from: string, serial: string) => {
      if (from === channel) for (const listener of this.changed) listener(serial);
    });
    subscriber.on('close', () => (this.subscribed = false));
    // ioredis subscribes again after a reconnect, before it is ready.
    subscriber.on('ready', () => {
      if (!this.started || this.subscribed) return;
      for (const listener of this.resynced) listener();
      this.subscribed = subscriber.status === 'ready';
    });
    subscriber.subscribe(channel).then(
      () => {
        for (const listener of this.resynced) listener();
        this.started = true;
        this.subscribed = true;
      },
      () => undefined,
    );
  }

  get live(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  onChange(listener: (serial: string) => void): void {
    this.changed.push(listener);
  }

  onResync(listener: () => void): void {
    this.resynced.push(listener);
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
