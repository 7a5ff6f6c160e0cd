import { JobName, Queue } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Metrics } from '@app/observability';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { dueAt, failedForGood, JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from '../jobs/routed-processor';
import { type DispatchQueue, LANE_WORKER_OPTIONS } from '../jobs/lane-workers';
import { CascadeService } from './cascade.service';
import { OfferCancellations } from './offer-cancellations';

/**
 * Thin: the use case of each dispatch job; the registry validates every job before it runs.
 * One processor per lane (below), the same use cases, each lane with its own workers.
 */
abstract class DispatchProcessor extends RoutedProcessor<DispatchQueue> {
  private readonly logger = new Logger(`${DispatchProcessor.name}(${this.queue})`);
  private readonly processed;

  protected constructor(
    queue: DispatchQueue,
    registry: JobRegistry,
    private readonly cascade: CascadeService,
    cancellations: OfferCancellations,
    metrics: Metrics,
  ) {
    super(registry, queue, {
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
    this.processed.inc({ queue: this.queue, name: job.name, outcome: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.processed.inc({ queue: this.queue, name: job?.name ?? 'unknown', outcome: 'failed' });
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

/** The alarm lane (sos, fall): never behind technical work. */
@Processor(Queue.Dispatch, LANE_WORKER_OPTIONS[Queue.Dispatch])
export class AlarmDispatchProcessor extends DispatchProcessor {
  constructor(registry: JobRegistry, cascade: CascadeService, cancellations: OfferCancellations, metrics: Metrics) {
    super(Queue.Dispatch, registry, cascade, cancellations, metrics);
  }
}

/** The technical lane: the same work for technical incidents, fewer workers and a rate limit. */
@Processor(Queue.TechnicalDispatch, LANE_WORKER_OPTIONS[Queue.TechnicalDispatch])
export class TechnicalDispatchProcessor extends DispatchProcessor {
  constructor(registry: JobRegistry, cascade: CascadeService, cancellations: OfferCancellations, metrics: Metrics) {
    super(Queue.TechnicalDispatch, registry, cascade, cancellations, metrics);
  }
}
