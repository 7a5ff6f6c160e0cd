import { Queue } from '@app/contracts';
import type { WorkerOptions } from 'bullmq';
import { WORKER_RECOVERY_OPTIONS } from './worker-options';

/** The queues of incident work, one pair per lane (`Lane` in @app/contracts). */
export type DispatchQueue = Queue.Dispatch | Queue.TechnicalDispatch;
export type NotificationsQueue = Queue.Notifications | Queue.TechnicalNotifications;

/**
 * How each lane's workers run. The alarm lane takes as many jobs at once as the Postgres pool
 * serves well (DATABASE_POOL_SIZE, 10 by default). Its notify jobs can be many more: those running
 * at once are delivered together, a batch to a transaction (two per channel, `Notifier`), so more
 * of them at once makes larger batches, not more connections. The technical lane is the one shed first
 * under load: few workers, so it never holds more than a few pool connections while alarms
 * need them, and a rate limit (BullMQ's limiter counts across every dispatcher), so a storm of
 * offline devices, flat batteries or reconnects queues up in Redis instead of taking CPU,
 * Redis and Postgres time from an SOS. Its jobs still all run, in order, only later.
 */
export const LANE_WORKER_OPTIONS = {
  [Queue.Dispatch]: { concurrency: 16, ...WORKER_RECOVERY_OPTIONS },
  [Queue.Notifications]: { concurrency: 32, ...WORKER_RECOVERY_OPTIONS },
  [Queue.TechnicalDispatch]: { concurrency: 2, limiter: { max: 50, duration: 1000 }, ...WORKER_RECOVERY_OPTIONS },
  [Queue.TechnicalNotifications]: { concurrency: 1, limiter: { max: 20, duration: 1000 }, ...WORKER_RECOVERY_OPTIONS },
} as const satisfies Record<DispatchQueue | NotificationsQueue, Partial<WorkerOptions>>;
