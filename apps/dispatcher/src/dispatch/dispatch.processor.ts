import { JobName, type JobPayload, Queue } from '@app/contracts';
import { Metrics } from '@app/observability';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DispatchService } from './dispatch.service';

type Handlers = Partial<{ [N in JobName]: (data: Extract<JobPayload, { name: N }>['data']) => Promise<void> }>;

/** Thin: checks the job, hands it to the use case, lets errors throw so BullMQ retries with backoff. */
@Processor(Queue.Dispatch, { concurrency: 16 })
export class DispatchProcessor extends WorkerHost {
  private readonly logger = new Logger(DispatchProcessor.name);
  private readonly handlers: Handlers;
  private readonly processed;

  constructor(
    private readonly dispatch: DispatchService,
    metrics: Metrics,
  ) {
    super();
    this.handlers = {
      [JobName.IncidentOpened]: (data) => this.dispatch.incidentOpened(data.incidentId, data.outboxId),
      [JobName.IncidentPressed]: (data) => this.dispatch.incidentPressed(data.incidentId, data.outboxId),
    };
    this.processed = metrics.counter('heartkey_jobs_processed_total', 'Jobs processed by outcome', ['queue', 'name', 'outcome']);
  }

  async process(job: Job): Promise<void> {
    const handler = this.handlers[job.name as JobName] as ((data: unknown) => Promise<void>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const data = job.data as { incidentId?: unknown; outboxId?: unknown };
    if (typeof data?.incidentId !== 'string' || typeof data?.outboxId !== 'string') {
      throw new UnrecoverableError(`job ${job.id} carries no incidentId/outboxId`);
    }
    await handler(data);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.processed.inc({ queue: Queue.Dispatch, name: job.name, outcome: 'completed' });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.processed.inc({ queue: Queue.Dispatch, name: job?.name ?? 'unknown', outcome: 'failed' });
    this.logger.error(`job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
