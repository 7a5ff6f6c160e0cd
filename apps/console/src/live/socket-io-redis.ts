import { APP_CONFIG, type AppConfig } from '@app/config';
import { errorMessage } from '@app/errors';
import { createRedis } from '@app/redis';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';

/**
 * The two Redis connections of the socket.io adapter, owned by Nest so that gateways can
 * hear when the subscription comes back and so that they are closed on shutdown.
 * createRedis gives each an error listener: without one a Redis outage kills the process.
 */
@Injectable()
export class SocketIoRedis implements OnApplicationShutdown {
  readonly publisher: IORedis;
  readonly subscriber: IORedis;
  private readonly logger = new Logger(SocketIoRedis.name);
  private readonly restoredListeners = new Set<() => void>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.publisher = createRedis(config.REDIS_URL, 'publisher');
    this.subscriber = createRedis(config.REDIS_URL, 'subscriber');
    this.watchSubscription();
  }

  /** Called each time the subscriber connection is back after being lost (events may have been missed meanwhile). */
  onSubscriptionRestored(listener: () => void): () => void {
    this.restoredListeners.add(listener);
    return () => this.restoredListeners.delete(listener);
  }

  /** Waits for both connections, but never blocks start-up for long: the adapter subscribes whenever Redis comes. */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const ready = (client: IORedis) => (client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve())));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([Promise.all([ready(this.publisher), ready(this.subscriber)]).then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    this.restoredListeners.clear();
    // quit() lets the adapter's last unsubscribes get their answers instead of failing them.
    await Promise.all([this.publisher, this.subscriber].map((c) => c.quit().catch(() => c.disconnect())));
  }

  private watchSubscription(): void {
    let wasReady = false;
    let lost = false;
    this.subscriber.on('close', () => {
      if (wasReady) lost = true;
    });
    this.subscriber.on('ready', () => {
      wasReady = true;
      if (!lost) return;
      lost = false;
      this.logger.log('socket.io subscription restored');
      // ioredis re-sends the subscriptions before 'ready' fires; a PING answered after them proves they are active.
      this.subscriber.ping().then(
        () => this.restoredListeners.forEach((listener) => listener()),
        (error: unknown) => this.logger.warn(`subscription check failed: ${errorMessage(error)}`),
      );
    });
  }
}
