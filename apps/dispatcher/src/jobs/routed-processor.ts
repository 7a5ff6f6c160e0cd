import type { Queue } from '@app/contracts';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { type JobRegistry, type JobResult, type QueueHandlers } from './job-registry';

/**
 * The one way a queue is consumed here: the processor registers a handler for every job name
 * of its queue, and each job goes through the registry (probe, payload schema, handler).
 * Subclasses are `@Processor(queue)` classes that add only their worker event listeners.
 */
export abstract class RoutedProcessor<Q extends Queue> extends WorkerHost {
  protected constructor(
    private readonly registry: JobRegistry,
    readonly queue: Q,
    handlers: QueueHandlers<Q>,
  ) {
    super();
    registry.consume(queue, handlers);
  }

  process(job: Job): Promise<JobResult> {
    return this.registry.run(this.queue, job);
  }
}
