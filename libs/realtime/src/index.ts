export { createRedis, redisOptionsFor, redisConnectionOptions, bullPrefix, socketIoKey } from './redis';
export type { RedisPurpose } from './redis';
export { LivePublisher, responderRoom } from './console-publisher';
export { QueueProducer, DEFAULT_JOB_OPTIONS, jobOptionsFor } from './queue-producer';
export type { JobOptionsByName } from './queue-producer';
export { RealtimeModule, RedisHealth, REDIS_COMMAND } from './realtime.module';
export { isProbe, probeJobId, listenForErrors, closeWorkerWithin, checkEvictionPolicy } from './workers';
export type { ErrorEmitter, EvictionPolicyCheck } from './workers';
