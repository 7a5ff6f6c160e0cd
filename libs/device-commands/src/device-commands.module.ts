import { APP_CONFIG, type AppConfig } from '@app/config';
import { createRedis, REDIS_COMMAND } from '@app/redis';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { DeviceCommandBus } from './command-bus';
import { connectionTtlSeconds, DeviceConnectionRegistry } from './connection-registry';

@Injectable()
class DeviceCommandsShutdown implements OnApplicationShutdown {
  constructor(@Inject(DeviceCommandBus) private readonly bus: DeviceCommandBus) {}
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/**
 * The connection registry and the command bus, from validated config, on the process's shared
 * Redis command connection (RealtimeModule). The bus opens its own subscriber and blocking
 * connections, and closes them at shutdown.
 */
@Module({
  providers: [
    {
      provide: DeviceConnectionRegistry,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) => new DeviceConnectionRegistry(redis, c.REDIS_PREFIX, connectionTtlSeconds(c.DEVICE_IDLE_TIMEOUT_S)),
    },
    {
      provide: DeviceCommandBus,
      inject: [REDIS_COMMAND, APP_CONFIG],
      useFactory: (redis: IORedis, c: AppConfig) =>
        new DeviceCommandBus({
          redisPrefix: c.REDIS_PREFIX,
          timeoutMs: c.DEVICE_COMMAND_TIMEOUT_MS,
          publisher: redis,
          connect: (purpose) => createRedis(c.REDIS_URL, purpose),
        }),
    },
    DeviceCommandsShutdown,
  ],
  exports: [DeviceConnectionRegistry, DeviceCommandBus],
})
export class DeviceCommandsModule {}
