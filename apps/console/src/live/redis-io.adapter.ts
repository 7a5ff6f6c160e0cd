import { IoAdapter } from '@nestjs/platform-socket.io';
import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { SocketIoRedis } from './socket-io-redis';

/**
 * socket.io over the Redis adapter, so that every console instance delivers what any
 * instance (or another process, through the emitter) broadcasts.
 * Connect it before `app.useWebSocketAdapter` (Nest sample 02-gateways).
 */
export class RedisIoAdapter extends IoAdapter {
  private adapterConstructor?: ReturnType<typeof createAdapter>;

  constructor(
    app: INestApplicationContext,
    private readonly redis: SocketIoRedis,
    private readonly key: string,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  /** Resolves false when Redis did not answer in time; the adapter still subscribes once it does. */
  async connectToRedis(timeoutMs = 5000): Promise<boolean> {
    const ready = await this.redis.waitUntilReady(timeoutMs);
    this.adapterConstructor = createAdapter(this.redis.publisher, this.redis.subscriber, { key: this.key });
    return ready;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    if (!this.adapterConstructor) throw new Error('RedisIoAdapter: call connectToRedis() before using the adapter');
    const server = super.createIOServer(port, {
      ...options,
      ...(this.corsOrigins.length ? { cors: { origin: this.corsOrigins, credentials: true } } : {}),
    } as ServerOptions) as Server;
    server.adapter(this.adapterConstructor);
    return server;
  }
}
