import { Queue } from '@app/contracts';
import type { WorkerOptions } from 'bullmq';
import { WORKER_RECOVERY_OPTIONS } from './worker-options';

/** The queues of incident work, one pair per lane (`Lane` in @app/contracts). */
export type DispatchQueue = Queue.Dispatch | Queue.TechnicalDispatch;
export type NotificationsQueue = Queue.Notifications | Queue.TechnicalNotifications;

/**
 * How each lane's workers run. The alarm lane takes many jobs at once, more than the Postgres pool
 * (DATABASE_POOL_SIZE, 10 by default) has connections: the openings and the notify jobs running
 * at once are done together, a batch to a transaction (`CascadeService`, `Notifier`), so more of
 * them at once makes larger batches, not more connections, and a job that is not batched waits
 * for a connection in the pool's queue. A burst of 2,000 new incidents took its openings in
 * batches of about six with 16 at once; with 64, every first offer was committed after a median
 * 3.8 s instead of 5.1 s (six bursts each, `npm run bench -- --shape burst`). With 64 the batches
 * held about 16 openings (127 transactions of seven statements for 2,000); with 128, every first
 * offer came after 2.60-2.74 s instead of 2.89-3.29 s (four bursts each, alternating), and 50
 * new incidents a second were offered as fast as before (`npm run bench:offers`). 256 gained
 * another 80 ms or so, not enough to have twice as many jobs waiting for the pool. The technical lane
 * is the one shed first under load: few workers, so it never holds more than a few pool
 * connections while alarms need them, and a rate limit (BullMQ's limiter counts across every
 * dispatcher), so a storm of offline devices, flat batteries or reconnects queues up in Redis
 * instead of taking CPU, Redis and Postgres time from an SOS. Its jobs still all run, in order,
 * only later.
 */
export const LANE_WORKER_OPTIONS = {
  [Queue.Dispatch]: { concurrency: 128, ...WORKER_RECOVERY_OPTIONS },
  [Queue.Notifications]: { concurrency: 32, ...WORKER_RECOVERY_OPTIONS },
  [Queue.TechnicalDispatch]: { concurrency: 2, limiter: { max: 50, duration: 1000 }, ...WORKER_RECOVERY_OPTIONS },
  [Queue.TechnicalNotifications]: { concurrency: 1, limiter: { max: 20, duration: 1000 }, ...WORKER_RECOVERY_OPTIONS },
} as const satisfies Record<DispatchQueue | NotificationsQueue, Partial<WorkerOptions>>;
