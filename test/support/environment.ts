import { type AppConfig, loadConfig } from '@app/config';
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { withDatabase } from '../../apps/launcher/src/services';

/**
 * One suite's private world: its own Postgres database and Redis key prefix, so suites run
 * in parallel against the shared servers and leave nothing behind.
 */
export interface SuiteEnvironment {
  config: AppConfig;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** Builds a config for one more process of this suite (another port, other settings). */
  configWith(overrides: Record<string, string>): AppConfig;
  destroy(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is unset: run the suites through jest (npm test), whose global setup finds Postgres');
  return url;
}

/** The Redis the suites share (global-setup found or started it). */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export async function createSuiteEnvironment(suite: string, overrides: Record<string, string> = {}): Promise<SuiteEnvironment> {
  const id = `${suite
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const database = `hkt_${id}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl(), database);
  const redisUrl = testRedisUrl();
  const redisPrefix = `hkt-${id}`;
  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEVICE_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BOOTSTRAP_ADMIN_USERNAME: 'admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'admin-password-1',
    INGEST_PORT: '0',
    CONSOLE_PORT: '0',
    DISPATCHER_PORT: '0',
    // The device listeners are off unless a suite asks for them (fixed ports would collide between suites).
    WATCH_PORT: '0',
    GT06_PORT: '0',
    HOST: '127.0.0.1',
    // Every suite logs in from 127.0.0.1; the throttling suite sets its own limits.
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    // Suites run in parallel and some start real dispatcher processes: at the deployed nice 10
    // such a process waits behind every other suite's work (a SIGTERM drain once took over 15 s).
    // dispatch-restart checks the deployed default.
    DISPATCHER_NICENESS: '0',
    ...overrides,
  };
  const configWith = (more: Record<string, string>) => loadConfig({ ...baseEnv, ...more });
  return {
    config: configWith({}),
    databaseUrl,
    redisUrl,
    redisPrefix,
    configWith,
    destroy: async () => {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.end();
      await deleteRedisKeys(redisUrl, redisPrefix);
    },
  };
}

export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * How many transactions on `db`'s database Postgres has broken off as deadlocked. A backend
 * reports its counts when it exits (or idles, at most every 10 s), so this first waits until
 * every other connection to the database is gone: close the suite's apps before asking.
 */
export async function deadlocksOnceAllDisconnected(db: Client): Promise<number> {
  for (let waited = 0; ; waited += 100) {
    const others = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (others.rows[0]!.n === 0) break;
    if (waited > 15_000) throw new Error(`${others.rows[0]!.n} connection(s) to the database still open: close every app first`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await db.query('SELECT pg_stat_clear_snapshot()');
  const row = await db.query<{ deadlocks: string }>(`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`);
  return Number(row.rows[0]!.deadlocks);
}
