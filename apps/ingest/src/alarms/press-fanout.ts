import { IncidentViews } from '@app/database';
import { LivePublisher, QueueProducer } from '@app/realtime';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NewPress } from './alarm-store';

/** How long shutdown waits for fan-outs still in flight; what is left over, the outbox relay redoes. */
const DRAIN_TIMEOUT_MS = 5000;

/**
 * What follows a committed press, off the handset's critical path: the dispatch job (then the
 * outbox row is marked published) and the live push to the consoles. Neither may fail the
 * press: when Redis is down the outbox row stays unpublished for the relay, and a console
 * that missed a push re-syncs from Postgres.
 */
@Injectable()
export class PressFanout implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PressFanout.name);
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueProducer,
    private readonly views: IncidentViews,
    private readonly live: LivePublisher,
  ) {}

  /** Starts the fan-out and returns at once; it never rejects. */
  start(press: NewPress): void {
    const work = Promise.allSettled([this.enqueue(press), this.push(press)]);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  async beforeApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  private async enqueue(press: NewPress): Promise<void> {
    try {
      await this.queue.enqueue(press.jobName, { incidentId: press.incidentId, outboxId: press.outboxId });
    } catch (error) {
      this.logger.warn(`job for incident ${press.incidentId} not enqueued, outbox ${press.outboxId} left to the relay: ${message(error)}`);
      return;
    }
    try {
      await this.dataSource.query('UPDATE outbox SET published_at = now() WHERE id = $1 AND published_at IS NULL', [press.outboxId]);
    } catch (error) {
      // The job is in the queue; the relay may enqueue it again, which its deterministic id makes a no-op.
      this.logger.warn(`outbox ${press.outboxId} enqueued but not marked published: ${message(error)}`);
    }
  }

  private async push(press: NewPress): Promise<void> {
    try {
      const view = await this.views.byId(press.incidentId);
      if (!view) throw new Error('incident not found');
      await this.live.incident(view, press.created);
    } catch (error) {
      this.logger.warn(`live push of incident ${press.incidentId} failed: ${message(error)}`);
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
