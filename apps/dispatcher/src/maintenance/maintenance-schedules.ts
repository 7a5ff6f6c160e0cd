import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, Queue } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { QueueProducer } from '@app/queues';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/** Device supervision runs about six times per heartbeat timeout, but not more than once a second nor less than once a minute. */
export function supervisionIntervalMs(config: Pick<AppConfig, 'HEARTBEAT_TIMEOUT_S' | 'SUPERVISION_INTERVAL_MS'>): number {
  if (config.SUPERVISION_INTERVAL_MS !== undefined) return config.SUPERVISION_INTERVAL_MS;
  return Math.min(60_000, Math.max(1000, Math.round((config.HEARTBEAT_TIMEOUT_S * 1000) / 6)));
}

/** What runs on the maintenance queue by itself. The scheduler ids are fixed: every replica upserts the same two. */
export function maintenanceSchedules(config: AppConfig): { id: string; name: JobName; everyMs: number }[] {
  return [
    { id: JobName.RelayOutbox, name: JobName.RelayOutbox, everyMs: config.OUTBOX_RELAY_INTERVAL_MS },
    { id: JobName.SuperviseDevices, name: JobName.SuperviseDevices, everyMs: supervisionIntervalMs(config) },
  ];
}

const RETRY_MS = 5000;

/**
 * Registers the repeatable maintenance jobs with BullMQ job schedulers. Upserting a scheduler
 * id that exists only updates it, so restarts and several dispatchers leave exactly one
 * schedule each. Redis may be away at start: the dispatcher then starts anyway and keeps trying.
 */
@Injectable()
export class MaintenanceSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceSchedules.name);
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.register();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async register(): Promise<void> {
    const queue = this.producer.queue(Queue.Maintenance);
    try {
      for (const schedule of maintenanceSchedules(this.config)) {
        await queue.upsertJobScheduler(
          schedule.id,
          { every: schedule.everyMs },
          // A failed run is simply followed by the next one; keep a short history only.
          { name: schedule.name, data: {}, opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } } },
        );
      }
      this.logger.log(
        `maintenance scheduled: ${maintenanceSchedules(this.config)
          .map((s) => `${s.name} every ${s.everyMs} ms`)
          .join(', ')}`,
      );
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`could not schedule maintenance jobs yet (${errorMessage(error)}); retrying in ${RETRY_MS / 1000} s`);
      this.retry = setTimeout(() => void this.register(), RETRY_MS);
    }
  }
}

/**
 * Ingest writes device contacts by group commit: a contact waits at most behind one statement
 * in flight before it is in the database. Supervision allows that much before it calls a device
 * silent, so a heartbeat on its way never makes a live device look silent.
 */
export const CONTACT_WRITE_GRACE_S = 1;

/** How long a device must be silent before supervision calls it offline. */
export function silenceThresholdS(config: Pick<AppConfig, 'HEARTBEAT_TIMEOUT_S'>): number {
  return config.HEARTBEAT_TIMEOUT_S + CONTACT_WRITE_GRACE_S;
}
