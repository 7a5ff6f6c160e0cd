import { JobName, Queue } from '@app/contracts';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from '../jobs/routed-processor';
import { WORKER_RECOVERY_OPTIONS } from '../jobs/worker-options';
import { Notifier } from './notifier.service';

/**
 * Thin: delivers offers on the outside channels, on a queue of its own so that a slow gateway
 * never holds up the cascade. Attempts and backoff come with each job (QueueProducer's options for `notify`).
 */
@Processor(Queue.Notifications, { concurrency: 4, ...WORKER_RECOVERY_OPTIONS })
export class NotificationsProcessor extends RoutedProcessor<Queue.Notifications> {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(registry: JobRegistry, notifier: Notifier) {
    super(registry, Queue.Notifications, {
      [JobName.Notify]: (data, job) =>
        notifier.deliver(data.dispatchId, data.channel, { number: job.attemptsMade + 1, last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`notification job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'} of ${job?.opts.attempts ?? '?'}): ${error.message}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
