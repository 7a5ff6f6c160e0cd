import { JobName, Queue } from '@app/contracts';
import { isProbe } from '@app/queues';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { WORKER_RECOVERY_OPTIONS } from '../jobs/worker-options';
import { DeviceSupervision } from './device-supervision';
import { OutboxRelay } from './outbox-relay';

/**
 * The repeatable housekeeping jobs. A few at once, so a long supervision round does not keep a
 * readiness probe or the relay waiting; both jobs are safe to run concurrently.
 */
@Processor(Queue.Maintenance, { concurrency: 4, ...WORKER_RECOVERY_OPTIONS })
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly supervision: DeviceSupervision,
  ) {
    super();
  }

  /** Returns counts only: job results live in Redis, where health data never goes. */
  async process(job: Job): Promise<unknown> {
    if (isProbe(job)) return;
    switch (job.name) {
      case JobName.RelayOutbox:
        return { relayed: await this.relay.relay() };
      case JobName.SuperviseDevices:
        return this.supervision.supervise();
      default:
        throw new UnrecoverableError(`no handler for job "${job.name}" on the ${Queue.Maintenance} queue`);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error(`${job?.name ?? 'job'} ${job?.id ?? '?'} failed: ${error.message}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.error(`worker error: ${error.message}`);
  }
}
