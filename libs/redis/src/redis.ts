import { Logger } from '@nestjs/common';
import IORedis, { type RedisOptions } from 'ioredis';

/**
 * What a connection is for decides how it behaves while Redis is away:
 * - `worker`: blocking BullMQ commands; must retry forever (`maxRetriesPerRequest: null`).
 * - `producer`: queue adds fail fast, so the caller falls back to the outbox instead of hanging.
 * - `publisher`: live pushes wait a little for a reconnect, then give up (a console re-syncs on reconnect).
 * - `subscriber`: pub/sub for the socket.io adapter.
 */
export type RedisPurpose = 'worker' | 'producer' | 'publisher' | 'subscriber' | 'command';

const logger = new Logger('Redis');

export function redisOptionsFor(purpose: RedisPurpose): RedisOptions {
  const base: RedisOptions = {
    connectionName: `heartkey-${purpose}`,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // Auto-pipelining slowed BullMQ workers in public benchmarks; keep it off.
    enableAutoPipelining: false,
  };
  switch (purpose) {
    case 'worker':
    case 'subscriber':
      return { ...base, maxRetriesPerRequest: null };
    case 'producer':
      return { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false };
    case 'publisher':
    case 'command':
      return { ...base, maxRetriesPerRequest: 2 };
  }
}

/** Connection options from a redis:// URL, for libraries (BullMQ) that own and close their connections. */
export function redisConnectionOptions(url: string, purpose: RedisPurpose): RedisOptions {
  const u = new URL(url);
  return {
    ...redisOptionsFor(purpose),
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** A Redis connection with an error listener: without one, an outage kills the process. */
export function createRedis(url: string, purpose: RedisPurpose): IORedis {
  const client = new IORedis(url, redisOptionsFor(purpose));
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    // One line every few seconds is enough while Redis is down.
    if (Date.now() - lastLogged > 5000) {
      lastLogged = Date.now();
      logger.warn(`${purpose} connection: ${error.message}`);
    }
  });
  return client;
}
