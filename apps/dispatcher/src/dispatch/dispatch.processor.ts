import { JobName, Queue } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Metrics } from '@app/observability';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { dueAt, failedForGood, JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from '../jobs/routed-processor';
import { WORKER_RECOVERY_OPTIONS } from '../jobs/worker-options';
import { CascadeService } from './cascade.service';
import { OfferCancellations } from './offer-cancellations';

/** Thin: the use case of each dispatch job; the registry validates every job before it runs. */
@Processor(Queue.Dispatch, { concurrency: 16, ...WORKER_RECOVERY_OPTIONS })
export class DispatchProcessor extends RoutedProcessor<Queue.Dispatch> {
  private readonly logger = new Logger(DispatchProcessor.name);
  private readonly processed;

  constructor(
    registry: JobRegistry,
    private readonly cascade: CascadeService,
    cancellations: OfferCancellations,
    metrics: Metrics,
  ) {
    super(registry, Queue.Dispatch, {
      [JobName.IncidentOpened]: (data) => cascade.incidentOpened(data.incidentId),
      [JobName.IncidentPressed]: (data) => cascade.advance(data.incidentId),
      [JobName.CascadeAdvance]: (data) => cascade.advance(data.incidentId),
      [JobName.OfferTimeout]: (data, job) => cascade.offerTimedOut(data.dispatchId, dueAt(job)),
      [JobName.AckTimeout]: (data, job) => cascade.ackTimedOut(data.incidentId, dueAt(job)),
      [JobName.OffersCancelled]: (data) => cancellations.notify(data.dispatchIds),
    });
    this.processed = metrics.counter('heartkey_jobs_processed_total', 'Jobs processed by outcome', ['queue', 'name', 'outcome']);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.processed.inc({ queue: Queue.Dispatch, name: job.name, outcome: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.processed.inc({ queue: Queue.Dispatch, name: job?.name ?? 'unknown', outcome: 'failed' });
    this.logger.error(`job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`);
    if (job && failedForGood(job)) {
      const data = job.data as { incidentId?: unknown; dispatchId?: unknown };
      const ref = {
        ...(typeof data.incidentId === 'string' ? { incidentId: data.incidentId } : {}),
        ...(typeof data.dispatchId === 'string' ? { dispatchId: data.dispatchId } : {}),
      };
      this.cascade
        .jobGaveUp(ref)
        .catch((error: unknown) => this.logger.error(`job ${job.id} gave up and its incident could not be escalated: ${errorMessage(error)}`));
    }
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
