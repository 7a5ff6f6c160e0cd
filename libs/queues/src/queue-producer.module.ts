import { APP_CONFIG, type AppConfig } from '@app/config';
import { createRedis } from '@app/redis';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { bullPrefix } from './bull-prefix';
import { jobOptionsFor, QueueProducer } from './queue-producer';

/** The producers' own connection: it fails fast while Redis is away, so callers fall back to the outbox. */
const REDIS_PRODUCER = Symbol('REDIS_PRODUCER');

@Injectable()
class ProducerShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_PRODUCER) private readonly connection: IORedis,
    private readonly producer: QueueProducer,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.producer.close().catch(() => undefined);
    this.connection.disconnect();
  }
}

/** The QueueProducer of a process that adds jobs (every process does); needs APP_CONFIG. */
@Global()
@Module({
  providers: [
    { provide: REDIS_PRODUCER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.REDIS_URL, 'producer') },
    {
      provide: QueueProducer,
      inject: [REDIS_PRODUCER, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new QueueProducer(redis, bullPrefix(c.REDIS_PREFIX), jobOptionsFor(c)),
    },
    ProducerShutdown,
  ],
  exports: [QueueProducer],
})
export class QueueProducerModule {}
