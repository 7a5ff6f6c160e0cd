export { bullPrefix } from './bull-prefix';
export { QueueProducer, DEFAULT_JOB_OPTIONS, jobOptionsFor } from './queue-producer';
export type { BulkEnqueued, JobOptionsByName, OutboxJob } from './queue-producer';
export { QueueProducerModule } from './queue-producer.module';
export { isProbe, probeJobId, listenForErrors, closeWorkerWithin, checkEvictionPolicy } from './workers';
export type { ErrorEmitter, EvictionPolicyCheck } from './workers';
