import { APP_CONFIG, type AppConfig } from '@app/config';
import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from './health';
import { Metrics, MetricsController } from './metrics';
import { AppLogger, processLogger } from './logging';

export interface ObservabilityOptions {
  service: string;
  /** Providers (already available in the app) whose check() must pass for /health/ready. */
  readiness: Type<ReadinessCheck>[];
  /** Modules that export readiness checks which are not global. */
  imports?: ModuleMetadata['imports'];
}

@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [...(options.imports ?? [])],
      controllers: [HealthController, MetricsController],
      providers: [
        Metrics,
        {
          provide: AppLogger,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => new AppLogger(processLogger(options.service, config.LOG_LEVEL)),
        },
        {
          provide: READINESS_CHECKS,
          inject: options.readiness,
          useFactory: (...checks: ReadinessCheck[]) => checks,
        },
      ],
      exports: [Metrics, AppLogger],
    };
  }
}
