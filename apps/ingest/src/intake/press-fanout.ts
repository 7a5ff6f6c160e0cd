import { type CommittedWrite, IncidentPublisher } from '@app/incidents';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { NewPress } from './press-store';

/** How long shutdown waits for fan-outs still in flight; what is left over, the outbox relay redoes. */
const DRAIN_TIMEOUT_MS = 5000;

/** A committed press as the after-commit publisher takes it. */
function committedWriteOf(press: NewPress): CommittedWrite {
  const { job } = press;
  return {
    outbox: job
      ? [{ id: job.outboxId, jobName: job.name, incidentId: press.incidentId, payload: { incidentId: press.incidentId }, runAt: new Date(), lane: press.lane }]
      : [],
    incidents: [{ id: press.incidentId, created: press.created }],
  };
}

/**
 * What follows committed presses, off the device's critical path: the dispatch jobs and the
 * live pushes, through the one after-commit publisher of incident writes. Neither may fail a
 * press: when Redis is down the outbox rows stay unpublished for the relay, and a console that
 * missed a push re-syncs from Postgres. Takes many presses at once (presses committed together
 * are published together).
 */
@Injectable()
export class PressFanout implements BeforeApplicationShutdown {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly publisher: IncidentPublisher) {}

  /** Starts the fan-out and returns at once; it never rejects. */
  start(presses: readonly NewPress[]): void {
    const work = this.publisher.publish(presses.map(committedWriteOf));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  async beforeApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }
}
