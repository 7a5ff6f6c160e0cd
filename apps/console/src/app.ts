import type { AppConfig } from '@app/config';
import { createHttpApp } from '@app/http';
import { socketIoKey } from '@app/live';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConsoleModule } from './console.module';
import { RedisIoAdapter } from './live/redis-io.adapter';
import { SocketIoRedis } from './live/socket-io-redis';

/** The console process: REST and sockets on one port. Not listening yet. */
export async function createConsoleApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(ConsoleModule.forRoot(config), config, {
    internalPort: config.CONSOLE_METRICS_PORT,
    title: 'HeartKey console',
    description: 'Administration, operators and responders.',
    bodyLimit: 256 * 1024,
  });
  const corsOrigins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (corsOrigins.length) app.enableCors({ origin: corsOrigins, credentials: true });
  const adapter = new RedisIoAdapter(app, app.get(SocketIoRedis), socketIoKey(config.REDIS_PREFIX), corsOrigins);
  if (!(await adapter.connectToRedis())) {
    new Logger('Console').warn('Redis did not answer at start-up; live events flow once it does');
  }
  app.useWebSocketAdapter(adapter);
  return app;
}
