import { type JobData, JobName, QUEUE_OF_JOB, Queue } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { JOB_DATA_SCHEMAS } from './job-data';

export type JobHandler<N extends JobName> = (data: JobData<N>, job: Job) => Promise<void>;

/**
 * Which use case runs each job. Processors register their handlers when they are built and
 * hand every job here; the app refuses to start when a job of a queue it consumes has no
 * handler, or one has two (Immich's job repository `setup()`).
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  handle<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job "${name}" has two handlers`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  /** Job names of these queues that nobody handles (`except`: those another module takes care of). */
  unhandled(queues: readonly Queue[], except: readonly JobName[] = []): JobName[] {
    return Object.values(JobName).filter((name) => queues.includes(QUEUE_OF_JOB[name]) && !except.includes(name) && !this.handlers.has(name));
  }

  /** Validates the job and runs its handler; errors propagate so that BullMQ retries with backoff. */
  async run(queue: Queue, job: Job): Promise<void> {
    const name = job.name as JobName;
    const handler = this.handlers.get(name);
    if (!handler || QUEUE_OF_JOB[name] !== queue) throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${queue}`);
    const parsed = JOB_DATA_SCHEMAS[name].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job ${job.id} (${job.name}) carries invalid data: ${parsed.error.message}`);
    await handler(parsed.data, job);
  }
}

/** When a delayed job was due: its creation plus its delay (a timer's lateness is measured against it). */
export function dueAt(job: Job): Date {
  return new Date(job.timestamp + (job.opts.delay ?? 0));
}
