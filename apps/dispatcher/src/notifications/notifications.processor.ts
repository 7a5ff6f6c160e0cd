import { JobName, Queue } from '@app/contracts';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { errorMessage } from '@app/errors';
import { failedForGood, JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from '../jobs/routed-processor';
import { LANE_WORKER_OPTIONS, type NotificationsQueue } from '../jobs/lane-workers';
import { Notifier } from './notifier.service';

/**
 * Thin: delivers offers on the outside channels, on a queue of its own so that a slow gateway
 * never holds up the cascade. Attempts and backoff come with each job (QueueProducer's options for `notify`).
 * One processor per lane (below), each with its own workers.
 */
abstract class NotificationsProcessor extends RoutedProcessor<NotificationsQueue> {
  private readonly logger = new Logger(`${NotificationsProcessor.name}(${this.queue})`);

  protected constructor(
    queue: NotificationsQueue,
    registry: JobRegistry,
    private readonly notifier: Notifier,
  ) {
    super(registry, queue, {
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

/** Offers of alarms (sos, fall): never behind those of technical incidents. */
@Processor(Queue.Notifications, LANE_WORKER_OPTIONS[Queue.Notifications])
export class AlarmNotificationsProcessor extends NotificationsProcessor {
  constructor(registry: JobRegistry, notifier: Notifier) {
    super(Queue.Notifications, registry, notifier);
  }
}

/** Offers of technical incidents (made by hand): their own few workers. */
@Processor(Queue.TechnicalNotifications, LANE_WORKER_OPTIONS[Queue.TechnicalNotifications])
export class TechnicalNotificationsProcessor extends NotificationsProcessor {
  constructor(registry: JobRegistry, notifier: Notifier) {
    super(Queue.TechnicalNotifications, registry, notifier);
  }
}
