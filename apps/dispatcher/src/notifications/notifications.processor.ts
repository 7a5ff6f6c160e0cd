import { JobName, Queue } from '@app/contracts';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { errorMessage } from '@app/errors';
import { failedForGood, JobRegistry } from '../jobs/job-registry';
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

  constructor(
    registry: JobRegistry,
    private readonly notifier: Notifier,
  ) {
    super(registry, Queue.Notifications, {
      [JobName.Notify]: (data, job) =>
        notifier.deliver(data.dispatchId, data.channel, { number: job.attemptsMade + 1, last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`notification job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'} of ${job?.opts.attempts ?? '?'}): ${error.message}`);
    // Whatever the reason (the channel, Postgres away on the last attempt, invalid data), an offer
    // that will not be delivered reaches a human. Escalating twice is refused, so this is safe
    // after the notifier escalated a final channel failure itself.
    const dispatchId = (job?.data as { dispatchId?: unknown } | undefined)?.dispatchId;
    if (job && failedForGood(job) && typeof dispatchId === 'string') {
      this.notifier
        .gaveUp(dispatchId)
        .catch((e: unknown) => this.logger.error(`notification ${job.id} gave up and its incident could not be escalated: ${errorMessage(e)}`));
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
