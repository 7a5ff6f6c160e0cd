import { JobName, Queue } from '@app/contracts';
import { isProbe } from '@app/queues';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobRegistry } from '../jobs/job-registry';
import { WORKER_RECOVERY_OPTIONS } from '../jobs/worker-options';
import { Notifier } from './notifier.service';

/**
 * Thin: delivers offers on the outside channels, on a queue of its own so that a slow gateway
 * never holds up the cascade. Attempts and backoff come with each job (QueueProducer's options for `notify`).
 */
@Processor(Queue.Notifications, { concurrency: 4, ...WORKER_RECOVERY_OPTIONS })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly registry: JobRegistry,
    notifier: Notifier,
  ) {
    super();
    registry.handle(JobName.Notify, (data, job) =>
      notifier.deliver(data.dispatchId, data.channel, { number: job.attemptsMade + 1, last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    );
  }

  async process(job: Job): Promise<void> {
    if (isProbe(job)) return;
    await this.registry.run(Queue.Notifications, job);
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
