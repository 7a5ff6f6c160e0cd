import { APP_CONFIG, type AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { REDIS_COMMAND } from '@app/redis';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type IORedis from 'ioredis';

/** A heartbeat is not worth waiting for a struggling Redis. */
const REDIS_WAIT_MS = 300;

/**
 * At most one heartbeat per device per HEARTBEAT_MIN_INTERVAL_S, shared by every ingest
 * instance through one Redis key per device that expires on its own. When Redis cannot
 * answer, heartbeats go through: a missed throttle costs a row update, a refused heartbeat
 * could raise a false device_offline.
 */
@Injectable()
export class HeartbeatThrottle {
  private readonly logger = new Logger(HeartbeatThrottle.name);
  private readonly intervalMs: number;
  private readonly keyPrefix: string;

  constructor(
    @Inject(REDIS_COMMAND) private readonly redis: IORedis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = Math.max(1, Math.round(config.HEARTBEAT_MIN_INTERVAL_S * 1000));
    this.keyPrefix = `${config.REDIS_PREFIX}-hb-`;
  }

  /** True when the device may send a heartbeat now (and starts its next interval). */
  async admit(serial: string): Promise<boolean> {
    try {
      return (await this.bounded(this.redis.set(this.key(serial), '1', 'PX', this.intervalMs, 'NX'))) === 'OK';
    } catch (error) {
      this.logger.warn(`heartbeat throttle skipped, Redis unavailable: ${errorMessage(error)}`);
      return true;
    }
  }

  /** Gives the interval back, for a heartbeat that was admitted but could not be stored, so its retry is not refused. */
  async release(serial: string): Promise<void> {
    try {
      await this.bounded(this.redis.del(this.key(serial)));
    } catch (error) {
      this.logger.warn(`heartbeat throttle of ${serial} not released: ${errorMessage(error)}`);
    }
  }

  private key(serial: string): string {
    return `${this.keyPrefix}${serial}`;
  }

  private async bounded<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_WAIT_MS} ms`)), REDIS_WAIT_MS);
    });
    // A command that answers after we gave up must not become an unhandled rejection.
    command.catch(() => undefined);
    try {
      return await Promise.race([command, giveUp]);
    } finally {
      clearTimeout(timer);
    }
  }
}
