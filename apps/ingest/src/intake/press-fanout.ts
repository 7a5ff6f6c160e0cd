import { IncidentViews } from '@app/database';
import { OutboxPublisher } from '@app/outbox';
import { LivePublisher } from '@app/live';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { NewPress } from './alarm-store';

/** How long shutdown waits for fan-outs still in flight; what is left over, the outbox relay redoes. */
const DRAIN_TIMEOUT_MS = 5000;

/**
 * What follows a committed press, off the handset's critical path: the dispatch job (through
 * the outbox publisher, which marks the row published) and the live push to the consoles. Neither may fail the
 * press: when Redis is down the outbox row stays unpublished for the relay, and a console
 * that missed a push re-syncs from Postgres.
 */
@Injectable()
export class PressFanout implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PressFanout.name);
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly outbox: OutboxPublisher,
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
    await this.outbox.publish([
      { id: press.outboxId, jobName: press.jobName, incidentId: press.incidentId, payload: { incidentId: press.incidentId }, runAt: new Date() },
    ]);
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
