import { APP_CONFIG, AppConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, PostgresHealth } from '@app/database';
import { ObservabilityModule } from '@app/observability';
import { bullPrefix, redisConnectionOptions, RealtimeModule, RedisHealth } from '@app/realtime';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DispatchModule } from './dispatch/dispatch.module';
import { WorkerHealth } from './dispatch/worker-health';

@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot('heartkey-dispatcher'),
        RealtimeModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({ connection: redisConnectionOptions(c.REDIS_URL, 'worker') as ConnectionOptions, prefix: bullPrefix(c.REDIS_PREFIX) }),
        }),
        DispatchModule,
        ObservabilityModule.forRoot({ service: 'dispatcher', readiness: [PostgresHealth, RedisHealth, WorkerHealth], imports: [DispatchModule] }),
      ],
    };
  }
}
