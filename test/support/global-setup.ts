import { join } from 'node:path';
import { findOrStartPostgres, findOrStartRedis } from '../../apps/launcher/src/services';

/**
 * Finds (or starts) Postgres and Redis the same way `npm start` does and hands their
 * addresses to every test worker. Each suite then makes its own database and key prefix.
 */
export default async function globalSetup(): Promise<void> {
  const env = { DATABASE_URL: process.env.TEST_DATABASE_URL, REDIS_URL: process.env.TEST_REDIS_URL };
  const postgres = await findOrStartPostgres(env, { database: 'postgres', dataDir: join(__dirname, '../../.data/pg-test') });
  const redis = await findOrStartRedis(env);
  process.env.TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.TEST_REDIS_URL = redis.url;
  (globalThis as { __heartkeyServices?: unknown }).__heartkeyServices = [postgres, redis];
}
