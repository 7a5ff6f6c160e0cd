import { APP_CONFIG, type AppConfig } from '@app/config';
import { type IncidentType, type JobData, JobName, Lane, laneOfIncident, type OutboxJobName, QUEUE_OF_JOB } from '@app/contracts';
import { errorMessage } from '@app/errors';
import { Metrics } from '@app/observability';
import { QueueProducer } from '@app/queues';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, type Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';

interface UnpublishedRow {
  id: string;
  job_name: string;
  payload: Record<string, unknown>;
  run_at: Date;
  /** The type of the row's incident, which decides its lane (null for a row of no incident). */
  incident_type: IncidentType | null;
}

/** Jobs that never come from an outbox row; every other job name does. */
const NOT_FROM_OUTBOX: Record<Exclude<JobName, OutboxJobName>, true> = {
  [JobName.RelayOutbox]: true,
  [JobName.SuperviseDevices]: true,
  [JobName.Probe]: true,
};

function isOutboxJob(name: string): name is OutboxJobName {
  return Object.hasOwn(QUEUE_OF_JOB, name) && !Object.hasOwn(NOT_FROM_OUTBOX, name);
}

export const RELAY_BATCH_SIZE = 200;
/** One run relays at most this many batches, so a huge backlog cannot hold one job for long. */
const MAX_BATCHES_PER_RUN = 25;

/**
 * Re-enqueues outbox rows the in-line publisher left unpublished (a crash between commit and
 * enqueue, Redis down at that moment), so that Redis being away only delays dispatch. Rows are
 * taken in batches with FOR UPDATE SKIP LOCKED, so several dispatchers relaying at once split
 * the rows between them; each is enqueued with its deterministic job id (an enqueue that did
 * happen makes this a no-op) and the delay left until its run_at, then marked published in the
 * same transaction. A row's queue follows from its incident's type (`laneOfIncident`), as it did
 * for the in-line publisher: rows written before lanes existed go to their lane too. Only the
 * outbox rows are locked, never the incidents (the cascade locks those).
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly relayed: Counter<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.relayed = metrics.counter('heartkey_outbox_relayed_total', 'Outbox rows the relay enqueued (the in-line publisher had not)', ['job']);
    if (!metrics.registry.getSingleMetric('heartkey_outbox_unpublished')) {
      const countWaiting = (): Promise<number> => this.countUnpublished();
      new Gauge({
        name: 'heartkey_outbox_unpublished',
        help: 'Outbox rows not yet enqueued (timers waiting for their time included)',
        registers: [metrics.registry],
        // Counted at scrape time, so the gauge tells the truth even when the relay itself is stuck.
        async collect() {
          const waiting = await countWaiting().catch(() => undefined);
          if (waiting !== undefined) this.set(waiting);
        },
      });
    }
  }

  /** Relays everything that is due for relaying; returns how many rows were enqueued. */
  async relay(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const { taken, enqueued } = await this.relayBatch();
      total += enqueued;
      // A short batch means the backlog is done; a failed enqueue means Redis is in trouble: try next run.
      if (taken < RELAY_BATCH_SIZE || enqueued < taken) break;
    }
    return total;
  }

  private relayBatch(): Promise<{ taken: number; enqueued: number }> {
    return this.dataSource.transaction(async (tx) => {
      const rows: UnpublishedRow[] = await tx.query(
        `SELECT o.id, o.job_name, o.payload, o.run_at, i.type AS incident_type
         FROM outbox o LEFT JOIN incidents i ON i.id = o.incident_id
         WHERE o.published_at IS NULL AND o.created_at < now() - make_interval(secs => $1::double precision / 1000)
         ORDER BY o.created_at
         LIMIT $2
         FOR UPDATE OF o SKIP LOCKED`,
        [this.config.OUTBOX_RELAY_GRACE_MS, RELAY_BATCH_SIZE],
      );
      if (!rows.length) return { taken: 0, enqueued: 0 };
      const enqueued = await this.enqueue(rows);
      await this.markPublished(tx, enqueued);
      this.report(rows, enqueued);
      return { taken: rows.length, enqueued: enqueued.length };
    });
  }

  private async enqueue(rows: UnpublishedRow[]): Promise<UnpublishedRow[]> {
    const now = Date.now();
    const outcomes = await Promise.allSettled(
      rows.map(async (row) => {
        if (!isOutboxJob(row.job_name)) throw new Error(`unknown job name "${row.job_name}"`);
        const data = { ...row.payload, outboxId: row.id } as JobData<OutboxJobName> & { outboxId: string };
        // A row of no incident is housekeeping or unknown: the alarm lane never leaves anything behind.
        const lane = row.incident_type ? laneOfIncident(row.incident_type) : Lane.Alarm;
        await this.producer.enqueue(row.job_name, data, lane, new Date(row.run_at).getTime() - now);
        return row;
      }),
    );
    const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${rows[i]!.id}: ${errorMessage(o.reason)}`] : []));
    if (failures.length) {
      this.logger.error(`outbox relay could not enqueue ${failures.length} row(s), left for the next run: ${failures.slice(0, 5).join('; ')}`);
    }
    return outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  }

  private async markPublished(tx: EntityManager, rows: UnpublishedRow[]): Promise<void> {
    if (!rows.length) return;
    await tx.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
  }

  /** A relayed row means something went wrong earlier (a crash, Redis away): say so. */
  private report(taken: UnpublishedRow[], enqueued: UnpublishedRow[]): void {
    const byJob = new Map<string, number>();
    for (const row of enqueued) byJob.set(row.job_name, (byJob.get(row.job_name) ?? 0) + 1);
    for (const [job, n] of byJob) this.relayed.inc({ job }, n);
    if (enqueued.length) {
      const what = [...byJob].map(([job, n]) => `${n} ${job}`).join(', ');
      this.logger.warn(`relayed ${enqueued.length} of ${taken.length} outbox row(s) the in-line publisher had left (${what})`);
    }
  }

  private async countUnpublished(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
    return Number(rows[0]?.n ?? 0);
  }
}
