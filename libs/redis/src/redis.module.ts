import { APP_CONFIG, type AppConfig } from '@app/config';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { createRedis } from './redis';

/** The app's general-purpose Redis connection (short commands: throttles, live pushes). */
export const REDIS_COMMAND = Symbol('REDIS_COMMAND');

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
class CommandConnectionShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS_COMMAND) private readonly command: IORedis) {}
  onApplicationShutdown(): void {
    this.command.disconnect();
  }
}

/** The command connection and its readiness check, for every process; needs APP_CONFIG. */
@Global()
@Module({
  providers: [
    { provide: REDIS_COMMAND, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.REDIS_URL, 'command') },
    RedisHealth,
    CommandConnectionShutdown,
  ],
  exports: [REDIS_COMMAND, RedisHealth],
})
export class RedisModule {}
