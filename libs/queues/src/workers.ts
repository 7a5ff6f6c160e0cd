import { JobName } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import type IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';

/**
 * What keeps BullMQ workers up through Redis outages: error listeners everywhere,
 * a readiness canary every processor lets through, a bounded graceful close, and the Redis
 * eviction policy checked at start.
 */

/**
 * The readiness canary (`JobName.Probe`): a processor completes it at once, before looking at
 * the data. The first line of every `process(job)`: `if (isProbe(job)) return;`.
 */
export function isProbe(job: { name: string }): boolean {
  return job.name === JobName.Probe;
}

/** A fresh probe job id. Like every job id here it has no ':' (BullMQ's key separator). */
export function probeJobId(): string {
  return `${JobName.Probe}-${randomUUID()}`;
}

/** Anything BullMQ that emits `error` (Queue, Worker, QueueEvents); without a listener, one outage ends the process. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
  listenerCount(event: string): number;
}

const ERROR_LOG_EVERY_MS = 5000;

/**
 * Logs the errors of a queue or worker, one line every few seconds at most while Redis is away.
 * Adds nothing when a listener is already there (a processor's `@OnWorkerEvent('error')`).
 */
export function listenForErrors(emitter: ErrorEmitter, label: string, logger = new Logger('Bull')): boolean {
  if (emitter.listenerCount('error') > 0) return false;
  let lastLogged = 0;
  emitter.on('error', (error: Error) => {
    if (Date.now() - lastLogged < ERROR_LOG_EVERY_MS) return;
    lastLogged = Date.now();
    logger.error(`${label}: ${error.message}`);
  });
  return true;
}

/**
 * Closes a worker: it takes no new job and waits for the running ones, for at most `graceMs`;
 * then it is closed by force (its jobs go back to the queue as stalled and run again elsewhere,
 * which is safe because every consumer is idempotent).
 */
export async function closeWorkerWithin(worker: Pick<Worker, 'close'>, graceMs: number): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'forced'>((resolve) => (timer = setTimeout(() => resolve('forced'), graceMs)));
  const outcome = await Promise.race([worker.close().then(() => 'drained' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'forced') await worker.close(true);
  return outcome;
}

export type EvictionPolicyCheck = { ok: true; policy: 'noeviction' } | { ok: false; policy: string; message: string } | { ok: undefined; message: string };

/**
 * BullMQ keeps jobs (our delayed timers included) as ordinary keys: any eviction policy other
 * than `noeviction` lets Redis drop them silently when memory runs short. Managed Redis often
 * disables CONFIG; then the policy cannot be known and the caller says so.
 */
export async function checkEvictionPolicy(redis: Pick<IORedis, 'config'>): Promise<EvictionPolicyCheck> {
  let reply: unknown;
  try {
    reply = await redis.config('GET', 'maxmemory-policy');
  } catch (error) {
    return { ok: undefined, message: `could not read maxmemory-policy (${errorMessage(error)}); make sure Redis runs with noeviction` };
  }
  const policy = Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
  if (policy === undefined) return { ok: undefined, message: 'Redis did not report its maxmemory-policy; make sure it runs with noeviction' };
  if (policy === 'noeviction') return { ok: true, policy };
  return {
    ok: false,
    policy,
    message: `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis may DELETE QUEUED JOBS AND TIMERS. Set maxmemory-policy noeviction.`,
  };
}
