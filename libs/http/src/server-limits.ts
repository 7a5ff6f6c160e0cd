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

/**
 * Connections the kernel queues for a listening socket before the process accepts them (the
 * kernel caps it at net.core.somaxconn). A burst of presses or a reconnect storm of handsets
 * arrives faster than one accept loop takes it; with Node's default of 511 the queue overflows
 * and each client left out waits for a SYN retry (1 s, then 3 s) before it is even heard.
 */
export const LISTEN_BACKLOG = 4096;
