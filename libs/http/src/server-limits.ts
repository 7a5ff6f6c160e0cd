import type { AppConfig } from '@app/config';
import type { Server, ServerOptions } from 'node:http';

/** The Fastify server options that carry them; `http` goes to Node's createServer. */
export interface ServerTimeouts {
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
}

/**
 * Timeouts of every HTTP server, so that a client sending its request slowly (a byte every few
 * seconds) or holding sockets open cannot tie up the process: Node's defaults leave the body
 * of a request unbounded in time.
 */
export function serverTimeouts(config: AppConfig): ServerTimeouts {
  const headersTimeoutMs = config.HTTP_HEADERS_TIMEOUT_S * 1000;
  return {
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_S * 1000,
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_S * 1000,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_S * 1000,
    http: {
      headersTimeout: headersTimeoutMs,
      // Node checks the request and header deadlines on this interval (30 s by default, which
      // would let a slow request live up to 30 s past its deadline).
      connectionsCheckingInterval: Math.min(5000, Math.max(250, Math.floor(headersTimeoutMs / 4))),
    },
  };
}

/** The connection cap lives on the Node server (connections past it are closed at once). */
export function capConnections(server: Server, config: AppConfig): void {
  server.maxConnections = config.HTTP_MAX_CONNECTIONS;
}
