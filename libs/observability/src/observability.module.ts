import { APP_CONFIG, type AppConfig } from '@app/config';
import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from './health';
import { Metrics, MetricsController } from './metrics';
import { REDACT_PATHS } from './redaction';

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
      imports: [
        ...(options.imports ?? []),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.LOG_LEVEL,
              base: { service: options.service },
              redact: { paths: REDACT_PATHS, censor: '[redacted]' },
              // Health probes and scrapes would drown the log.
              autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
              customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
              serializers: {
                req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                  device: req.headers['x-device-id'],
                }),
              },
            },
          }),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        Metrics,
        {
          provide: READINESS_CHECKS,
          inject: options.readiness,
          useFactory: (...checks: ReadinessCheck[]) => checks,
        },
      ],
      exports: [Metrics],
    };
  }
}
