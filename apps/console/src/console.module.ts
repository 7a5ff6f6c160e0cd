import { AppConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, PostgresHealth } from '@app/database';
import { ObservabilityModule } from '@app/observability';
import { OutboxModule } from '@app/outbox';
import { LivePublisherModule } from '@app/live';
import { QueueProducerModule } from '@app/queues';
import { RedisHealth, RedisModule } from '@app/redis';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CareModule } from './care/care.module';
import { DevicesModule } from './devices/devices.module';
import { DispatchesModule } from './dispatches/dispatches.module';
import { DistrictsModule } from './districts/districts.module';
import { IncidentsModule } from './incidents/incidents.module';
import { LiveModule } from './live/live.module';
import { QueuesModule } from './queues/queues.module';
import { ResidentsModule } from './residents/residents.module';
import { RespondersModule } from './responders/responders.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

/** The operators', responders' and admins' process: REST with JWT, and the /console and /responders sockets. */
@Module({})
export class ConsoleModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot('heartkey-console'),
        RedisModule,
        QueueProducerModule,
        LivePublisherModule,
        OutboxModule,
        ObservabilityModule.forRoot({ service: 'console', readiness: [PostgresHealth, RedisHealth] }),
        AuthModule,
        AuditModule,
        DistrictsModule,
        UsersModule,
        RespondersModule,
        ResidentsModule,
        DevicesModule,
        IncidentsModule,
        DispatchesModule,
        CareModule,
        LiveModule,
        QueuesModule,
        WebModule,
      ],
    };
  }
}
