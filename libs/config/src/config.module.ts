import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './env.schema';

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class AppConfigModule {
  /** Pass a config to override the environment (tests boot apps with their own database and prefix). */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config ?? loadConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
