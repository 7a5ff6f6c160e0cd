import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS_COMMAND } from '@app/redis';
import { Global, Module } from '@nestjs/common';
import type IORedis from 'ioredis';
import { DistrictPresence } from './district-presence';
import { LivePublisher } from './live-publisher';
import { socketIoKey } from './socket-io-key';

/** The LivePublisher and DistrictPresence of a process, on its command connection; needs APP_CONFIG and RedisModule. */
@Global()
@Module({
  providers: [
    {
      provide: LivePublisher,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new LivePublisher(redis, socketIoKey(c.REDIS_PREFIX)),
    },
    {
      provide: DistrictPresence,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new DistrictPresence(redis, c.REDIS_PREFIX),
    },
  ],
  exports: [LivePublisher, DistrictPresence],
})
export class LivePublisherModule {}
