import type { AppConfig } from '@app/config';
import { createHttpApp } from '@app/http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DispatcherModule } from './dispatcher.module';

/** The dispatcher: BullMQ workers, plus health and metrics over HTTP. Not listening yet. */
export function createDispatcherApp(config: AppConfig): Promise<NestFastifyApplication> {
  return createHttpApp(DispatcherModule.forRoot(config), config, {
    internalPort: config.DISPATCHER_METRICS_PORT,
    title: 'HeartKey dispatcher',
    description: 'Workers only; health and metrics.',
    bodyLimit: 1024,
  });
}
