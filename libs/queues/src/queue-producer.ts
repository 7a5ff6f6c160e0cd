import { coalescingKeyOf, type JobData, JobName, jobIdFor, type Lane, type OutboxJobName, Queue as QueueName, queueOf } from '@app/contracts';
import { toError } from '@app/errors';
import { Logger } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import type IORedis from 'ioredis';

/** Bounded history: enough to debug, never enough to fill Redis (it runs with noeviction). */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 500 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};

/** Options a job name needs beyond the queue defaults (keyed by job name, so every producer agrees). */
export type JobOptionsByName = Partial<Record<JobName, Pick<JobsOptions, 'attempts' | 'backoff'>>>;

/**
 * Notifications retry on their own schedule: a gateway that is down for a minute should not
 * burn every attempt at once, and the last failure escalates the incident.
 */
export function jobOptionsFor(config: { NOTIFY_ATTEMPTS: number; NOTIFY_RETRY_BASE_MS: number }): JobOptionsByName {
  return {
    [JobName.Notify]: { attempts: config.NOTIFY_ATTEMPTS, backoff: { type: 'exponential', delay: config.NOTIFY_RETRY_BASE_MS } },
  };
}

/** One job for an outbox row: its name, its data (with the row's id), how long until it is due and its incident's lane. */
export type OutboxJob = { [N in OutboxJobName]: { name: N; data: JobData<N>; delayMs?: number; lane: Lane } }[OutboxJobName];

/** What a bulk enqueue did: the jobs Redis took, and per queue the jobs it did not take and why. */
export interface BulkEnqueued<J extends OutboxJob> {
  added: J[];
  failed: { queue: QueueName; jobs: J[]; error: Error }[];
}

/** Adds jobs with deterministic ids. One BullMQ Queue per queue name, sharing one connection. */
export class QueueProducer {
  private readonly logger = new Logger('QueueProducer');
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: IORedis,
    private readonly prefix: string,
    private readonly jobOptions: JobOptionsByName = {},
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', (e: Error) => this.logger.warn(`queue ${name}: ${e.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Enqueues an outbox row's job. The id comes from the outbox row, so a retry (or the relay
   * racing the original producer) adds nothing new.
   */
  async enqueue<N extends JobName>(name: N, data: JobData<N> & { outboxId: string }, lane: Lane, delayMs = 0): Promise<void> {
    await this.queue(queueOf(name, lane)).add(name, data, this.optionsFor(name, data, delayMs));
  }

  /**
   * Enqueues many outbox rows' jobs with one `addBulk` (one Redis transaction) per queue, with
   * the same deterministic ids and delays as `enqueue`. Never rejects: a queue whose batch
   * Redis refused is reported in `failed`, and its rows stay for the outbox relay.
   */
  async enqueueBulk<J extends OutboxJob>(jobs: readonly J[]): Promise<BulkEnqueued<J>> {
    const byQueue = new Map<QueueName, J[]>();
    for (const job of jobs) {
      const queue = queueOf(job.name, job.lane);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
    }
    const result: BulkEnqueued<J> = { added: [], failed: [] };
    await Promise.all(
      [...byQueue].map(async ([queue, batch]) => {
        try {
          await this.queue(queue).addBulk(batch.map((job) => ({ name: job.name, data: job.data, opts: this.optionsFor(job.name, job.data, job.delayMs) })));
          result.added.push(...batch);
        } catch (error) {
          result.failed.push({ queue, jobs: batch, error: toError(error) });
        }
      }),
    );
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private optionsFor(name: JobName, data: { outboxId: string }, delayMs = 0): JobsOptions {
    const coalescing = coalescingKeyOf({ name, data });
    return {
      ...this.jobOptions[name],
      jobId: jobIdFor(name, data.outboxId),
      ...(delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}),
      // keepLastIfActive: one more runs after the one running (see coalescingKeyOf).
      ...(coalescing ? { deduplication: { id: coalescing, keepLastIfActive: true } } : {}),
    };
  }
}
