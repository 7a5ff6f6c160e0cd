import { APP_CONFIG, AppConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, PostgresHealth } from '@app/database';
import { ObservabilityModule } from '@app/observability';
import { LivePublisherModule } from '@app/live';
import { bullPrefix, QueueProducerModule } from '@app/queues';
import { redisConnectionOptions, RedisHealth, RedisModule } from '@app/redis';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DispatchModule } from './dispatch/dispatch.module';
import { JobsModule } from './jobs/jobs.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { WorkerHealth } from './maintenance/worker-health';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot('heartkey-dispatcher'),
        RedisModule,
        QueueProducerModule,
        LivePublisherModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            connection: redisConnectionOptions(c.REDIS_URL, 'worker') as ConnectionOptions,
            prefix: bullPrefix(c.REDIS_PREFIX),
          }),
          // JobsModule starts the workers once it has checked that every job has its handler.
          extraOptions: { manualRegistration: true },
        }),
        JobsModule,
        DispatchModule,
        NotificationsModule,
        MaintenanceModule,
        ObservabilityModule.forRoot({ service: 'dispatcher', readiness: [PostgresHealth, RedisHealth, WorkerHealth], imports: [MaintenanceModule] }),
      ],
    };
  }
}
