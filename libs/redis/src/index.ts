export { createRedis, redisOptionsFor, redisConnectionOptions } from './redis';
export type { RedisPurpose } from './redis';
export { RedisModule, RedisHealth, REDIS_COMMAND } from './redis.module';
