import { socketIoParser } from '@app/live';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { SocketIoRedis } from './socket-io-redis';

/**
 * The largest message a client may send. Clients send only their handshake (a token) and
 * pings; socket.io's 1 MB default let a client make the process parse megabytes for nothing.
 * A bigger message closes that client's connection and nothing else.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** What a client asking for the default namespace gets (socket.io's own words for a namespace that does not exist). */
export const INVALID_NAMESPACE = 'Invalid namespace';

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
    this.adapterConstructor = createAdapter(this.redis.publisher, this.redis.subscriber, { key: this.key, parser: socketIoParser });
    return ready;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    if (!this.adapterConstructor) throw new Error('RedisIoAdapter: call connectToRedis() before using the adapter');
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      ...(this.corsOrigins.length ? { cors: { origin: this.corsOrigins, credentials: true } } : {}),
    } as ServerOptions) as Server;
    server.adapter(this.adapterConstructor);
    refuseDefaultNamespace(server);
    return server;
  }
}

/**
 * socket.io always serves `/`, where anyone would be admitted without a token. Only `/console`
 * and `/responders` exist for clients: `/` is refused, and the connection that asked for it is
 * closed once the refusal is sent (no client of ours ever asks for it).
 */
function refuseDefaultNamespace(server: Server): void {
  server.of('/').use((socket, next) => {
    next(new Error(INVALID_NAMESPACE));
    // socket.io writes the refusal on a later tick; closing after it lets the packet go out first.
    setImmediate(() => socket.conn.close());
  });
}
