import { JobName, Queue } from '@app/contracts';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from '../jobs/routed-processor';
import { WORKER_RECOVERY_OPTIONS } from '../jobs/worker-options';
import { DeviceSupervision } from './device-supervision';
import { OutboxRelay } from './outbox-relay';

/**
 * The repeatable housekeeping jobs. A few at once, so a long supervision round does not keep a
 * readiness probe or the relay waiting; both jobs are safe to run concurrently. Their results
 * are counts only: job results live in Redis, where health data never goes.
 */
@Processor(Queue.Maintenance, { concurrency: 4, ...WORKER_RECOVERY_OPTIONS })
export class MaintenanceProcessor extends RoutedProcessor<Queue.Maintenance> {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(registry: JobRegistry, relay: OutboxRelay, supervision: DeviceSupervision) {
    super(registry, Queue.Maintenance, {
      [JobName.RelayOutbox]: async () => ({ relayed: await relay.relay() }),
      [JobName.SuperviseDevices]: () => supervision.supervise(),
    });
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
