import { type JobData, Lane, type OutboxJobName } from '@app/contracts';
import { GroupCommit } from '@app/database';
import { errorMessage } from '@app/errors';
import { type OutboxJob, QueueProducer } from '@app/queues';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** A job to run once the transaction that wrote it has committed; `runAt` in the future makes it a timer. */
export interface OutboxEntry<N extends OutboxJobName = OutboxJobName> {
  id: string;
  jobName: N;
  incidentId?: string;
  payload: Omit<JobData<N>, 'outboxId'>;
  runAt: Date;
  /**
   * The lane of the incident the job is for (`laneOfIncident`): which queue the in-line
   * publisher puts it on. The relay finds the same lane again from the row's incident.
   */
  lane: Lane;
}

export function outboxEntry<N extends OutboxJobName>(
  jobName: N,
  payload: Omit<JobData<N>, 'outboxId'>,
  options: { incidentId?: string; runAt?: Date; lane: Lane },
): OutboxEntry<N> {
  return { id: randomUUID(), jobName, payload, incidentId: options.incidentId, runAt: options.runAt ?? new Date(), lane: options.lane };
}

/**
 * Writes entries inside the caller's transaction: the fact and the job that follows from it
 * commit together or not at all (docs/architecture.md, 'Rules that keep alarms safe'). An entry
 * with a deterministic id written by an earlier run of the same job (the acknowledgement timer)
 * is left as it is, and enqueued again after the commit: a no-op thanks to its job id.
 */
export async function writeOutbox(db: Queryable, entries: OutboxEntry[]): Promise<void> {
  if (!entries.length) return;
  const insert = outboxInsert(entries, 1);
  await db.query(insert.sql, insert.params);
}

/**
 * writeOutbox's statement, its parameters numbered from `$first`, for a caller that runs it in
 * a larger statement (IncidentTransactions writes it with the version raise: one round trip).
 */
export function outboxInsert(entries: readonly OutboxEntry[], first: number): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${first + n}`;
  return {
    sql: `INSERT INTO outbox (id, incident_id, job_name, payload, run_at)
     SELECT * FROM unnest(${p(0)}::uuid[], ${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::jsonb[], ${p(4)}::timestamptz[])
     ON CONFLICT (id) DO NOTHING`,
    params: [
      entries.map((e) => e.id),
      entries.map((e) => e.incidentId ?? null),
      entries.map((e) => e.jobName),
      entries.map((e) => JSON.stringify(e.payload)),
      entries.map((e) => e.runAt.toISOString()),
    ],
  };
}

/**
 * Enqueues committed outbox entries with deterministic job ids (a repeat is a no-op) and marks
 * them published: one `addBulk` per queue and one UPDATE, however many entries. Redis being
 * down leaves them unpublished for the relay: never an error for the caller, whose fact is
 * already safe in Postgres.
 */
@Injectable()
export class OutboxPublisher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  /**
   * The marks of commits published at about the same time share one UPDATE (group commit, one
   * statement in flight): under load every commit has outbox rows to mark, and a statement each
   * was one more round trip per offer, press batch and notification.
   */
  private readonly marks = new GroupCommit<string[], void>(
    async (batches) => {
      await this.dataSource.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL', [batches.flat()]);
      return batches.map(() => ({ ok: true, value: undefined }));
    },
    { maxItems: 200, maxInFlight: 1 },
  );

  constructor(
    private readonly producer: QueueProducer,
    private readonly dataSource: DataSource,
  ) {}

  /** Marks still gathering are written before the pool closes (a lost one only makes the relay re-add no-ops). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.marks.drain();
  }

  /** Returns the ids that were enqueued (and marked published). */
  async publish(entries: readonly OutboxEntry[]): Promise<string[]> {
    if (!entries.length) return [];
    const now = Date.now();
    const { added, failed } = await this.producer.enqueueBulk(entries.map((entry) => jobOf(entry, now)));
    for (const { queue, jobs, error } of failed) {
      this.logger.warn(`${jobs.length} outbox row(s) of queue ${queue} left to the relay: ${error.message}`);
    }
    const enqueued = added.map((job) => job.data.outboxId);
    if (enqueued.length) {
      await this.marks
        .add(enqueued)
        .catch((error: unknown) =>
          this.logger.warn(`outbox rows enqueued but not marked published (the relay will re-add them as no-ops): ${errorMessage(error)}`),
        );
    }
    return enqueued;
  }
}

function jobOf(entry: OutboxEntry, now: number): OutboxJob {
  // outboxEntry() typed the payload by its job name; the pair is not followed through the union.
  return { name: entry.jobName, data: { ...entry.payload, outboxId: entry.id }, delayMs: entry.runAt.getTime() - now, lane: entry.lane } as OutboxJob;
}
