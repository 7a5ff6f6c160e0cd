import { AppConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, PostgresHealth } from '@app/database';
import { ObservabilityModule } from '@app/observability';
import { OutboxModule } from '@app/outbox';
import { LivePublisherModule } from '@app/live';
import { QueueProducerModule } from '@app/queues';
import { RedisHealth, RedisModule } from '@app/redis';
import { DynamicModule, Module } from '@nestjs/common';
import { AlarmsModule } from './alarms/alarms.module';
import { DeviceGatewayModule } from './device-gateway/device-gateway.module';
import { HeartbeatsModule } from './heartbeats/heartbeats.module';

@Module({})
export class IngestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        AppConfigModule.forRoot(config),
        // Every ingest statement finds its rows by key: generic plans, made once per connection.
        DatabaseModule.forRoot('heartkey-ingest', { genericPlans: true }),
        RedisModule,
        QueueProducerModule,
        LivePublisherModule,
        OutboxModule,
        ObservabilityModule.forRoot({ service: 'ingest', readiness: [PostgresHealth, RedisHealth] }),
        AlarmsModule,
        HeartbeatsModule,
        DeviceGatewayModule,
      ],
    };
  }
}
