export { ObservabilityModule } from './observability.module';
export type { ObservabilityOptions } from './observability.module';
export { Metrics, LATENCY_BUCKETS_S } from './metrics';
export type { ReadinessCheck } from './health';
export { REDACT_PATHS } from './redaction';
export { AppLogger, logRequests } from './logging';
