import { APP_CONFIG, type AppConfig } from '@app/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { LivePublisher } from './console-publisher';
import { jobOptionsFor, QueueProducer } from './queue-producer';
import { bullPrefix, createRedis, socketIoKey } from './redis';

export const REDIS_COMMAND = Symbol('REDIS_COMMAND');
export const REDIS_PRODUCER = Symbol('REDIS_PRODUCER');

/** Redis readiness: it answers PING. */
@Injectable()
export class RedisHealth {
  readonly name = 'redis';
  constructor(@Inject(REDIS_COMMAND) private readonly redis: IORedis) {}
  async check(): Promise<void> {
    await this.redis.ping();
  }
}

@Injectable()
class RealtimeShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_COMMAND) private readonly command: IORedis,
    @Inject(REDIS_PRODUCER) private readonly producerConnection: IORedis,
    private readonly producer: QueueProducer,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.producer.close().catch(() => undefined);
    this.command.disconnect();
    this.producerConnection.disconnect();
  }
}

@Global()
@Module({
  providers: [
    { provide: REDIS_COMMAND, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.REDIS_URL, 'command') },
    { provide: REDIS_PRODUCER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.REDIS_URL, 'producer') },
    {
      provide: LivePublisher,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new LivePublisher(redis, socketIoKey(c.REDIS_PREFIX)),
    },
    {
      provide: QueueProducer,
      inject: [REDIS_PRODUCER, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new QueueProducer(redis, bullPrefix(c.REDIS_PREFIX), jobOptionsFor(c)),
    },
    RedisHealth,
    RealtimeShutdown,
  ],
  exports: [REDIS_COMMAND, LivePublisher, QueueProducer, RedisHealth],
})
export class RealtimeModule {}
