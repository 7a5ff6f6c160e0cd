import { type JobData, jobLivesOn, JobName, type JobNameOn, Queue } from '@app/contracts';
import { isProbe } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { JOB_DATA_SCHEMAS } from './job-data';

/** What a job may leave in Redis as its result: counts at most, never health data. */
export type JobResult = void | Record<string, number>;

export type JobHandler<N extends JobName> = (data: JobData<N>, job: Job) => Promise<JobResult>;

/** A handler for every job name of queue `Q` (the compiler checks that none is missing); the probe is answered by the registry. */
export type QueueHandlers<Q extends Queue> = { [N in Exclude<JobNameOn<Q>, JobName.Probe>]: JobHandler<N> };

/**
 * Which use case runs each job, for every queue this process consumes. Processors register
 * the handlers of their queue when they are built and hand every job here, which validates
 * its data against the job's schema first; the app refuses to start when a job name of a
 * consumed queue has no handler, or two (Immich's job repository `setup()`).
 */
@Injectable()
export class JobRegistry {
  /** Per queue: a job name of each lane has its queues, so one job name can be handled on several (same use case, other workers). */
  private readonly handlers = new Map<Queue, Map<JobName, JobHandler<JobName>[]>>();

  consume<Q extends Queue>(queue: Q, handlers: QueueHandlers<Q>): void {
    const onQueue = this.handlers.get(queue) ?? new Map<JobName, JobHandler<JobName>[]>();
    this.handlers.set(queue, onQueue);
    for (const name of Object.keys(handlers) as (keyof QueueHandlers<Q>)[]) {
      // Stored by name, which the type system cannot follow (handlers take different data):
      // run() only ever calls a handler with data that its own name's schema parsed.
      onQueue.set(name, [...(onQueue.get(name) ?? []), handlers[name] as unknown as JobHandler<JobName>]);
    }
  }

  /** The queues some processor of this process consumes through the registry. */
  consumedQueues(): Queue[] {
    return [...this.handlers.keys()];
  }

  /** Why this process must not start: a job of a consumed queue with no handler or two, a handler for a job that does not live on its queue. */
  problems(): string[] {
    const problems: string[] = [];
    for (const [queue, onQueue] of this.handlers) {
      for (const name of Object.values(JobName)) {
        if (name === JobName.Probe) continue;
        const count = onQueue.get(name)?.length ?? 0;
        const lives = jobLivesOn(name, queue);
        if (lives && count === 0) problems.push(`no handler for job "${name}" of queue ${queue}`);
        if (count > 1) problems.push(`job "${name}" has ${count} handlers on queue ${queue}`);
        if (count > 0 && !lives) problems.push(`job "${name}" has a handler on queue ${queue}, where it does not live`);
      }
    }
    return problems;
  }

  /** Answers the probe, validates the job and runs its handler; errors propagate so that BullMQ retries with backoff. */
  async run(queue: Queue, job: Job): Promise<JobResult> {
    if (isProbe(job)) return;
    const name = job.name as JobName;
    const [handler, ...others] = this.handlers.get(queue)?.get(name) ?? [];
    if (!handler || others.length) throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${queue}`);
    const parsed = JOB_DATA_SCHEMAS[name].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job ${job.id} (${job.name}) carries invalid data: ${parsed.error.message}`);
    return handler(parsed.data, job);
  }
}

/** When a delayed job was due: its creation plus its delay (a timer's lateness is measured against it). */
export function dueAt(job: Job): Date {
  return new Date(job.timestamp + (job.opts.delay ?? 0));
}

/**
 * Whether a failed job has failed for good: BullMQ retries no more. That is when its
 * attempts ran out, but also at once when it threw an UnrecoverableError (invalid data, no
 * handler): counting attempts would miss those, and their incident would never reach a human.
 * BullMQ sets `finishedOn` exactly when it moves the job to the failed set.
 */
export function failedForGood(job: Pick<Job, 'finishedOn' | 'attemptsMade' | 'opts'>): boolean {
  return job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1);
}
