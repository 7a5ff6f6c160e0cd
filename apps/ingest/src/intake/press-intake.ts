import type { AlarmAccepted } from '@app/contracts';
import { GroupCommit, isDatabaseUnavailable, type ItemOutcome } from '@app/database';
import { errorMessage } from '@app/errors';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { FaultPoints } from '../testing/fault-points';
import type { IntakeDevice, IntakePress } from './intake-press';
import { IntakeMetrics } from './intake-metrics';
import { PressBatches } from './press-batches';
import { PressFanout } from './press-fanout';
import type { NewPress, PressEntry, StoredPress } from './press-store';

/**
 * Group commit of presses: at most this many in one statement, and this many statements in
 * flight (each holds a pooled connection; the rest of the pool stays for heartbeats, device
 * lookups and health checks). Two, not three: with three, bursts of 2,000 new incidents more
 * often fell into small batches, each paying its own statement, view read and fan-out (last
 * `202` median 4.4 s over twelve runs; with two 1.8 s over five, and the sustained shape no
 * slower). One would leave every press behind a single slow statement.
 */
const PRESS_BATCHES = { maxItems: 500, maxInFlight: 2 };

/** Postgres could not take the press: the device must send it again (HTTP answers 503; a TCP device gets no answer). */
export class PressNotStored extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'PressNotStored';
  }
}

/**
 * The one way a press comes in, whatever the transport: the HTTP alarms controller and the TCP
 * device listeners call `accept`. Alarms are never throttled or filtered.
 */
@Injectable()
export class PressIntake implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PressIntake.name);
  private readonly batches = new GroupCommit<PressEntry, StoredPress>((entries) => this.storeBatch(entries), PRESS_BATCHES);

  constructor(
    private readonly store: PressBatches,
    private readonly fanout: PressFanout,
    private readonly metrics: IntakeMetrics,
    private readonly faults: FaultPoints,
  ) {}

  /**
   * Stores the press durably (one statement, committed on its own, shared with the presses that
   * arrived together: group commit) and resolves once it is committed: that is the moment to answer the device (202, or a protocol's alarm answer).
   * The fan-out (dispatch job, live push) is started then and not waited for.
   *
   * - Resolves `{ incidentId, alarmId, duplicate: false }` for a new press; a repeat of the
   *   device's (serial, eventId) resolves with the first press's ids and `duplicate: true`
   *   and creates nothing.
   * - Rejects with PressNotStored when Postgres could not take it: do not answer; the device
   *   sends it again. Any other rejection is a bug (HTTP answers it 503 too).
   */
  async accept(device: IntakeDevice, press: IntakePress): Promise<AlarmAccepted> {
    const stopTimer = this.metrics.storeSeconds.startTimer();
    let stored: StoredPress;
    try {
      stored = await this.batches.add({ device, press });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`alarm ${press.eventId} of device ${device.serial} not stored, the device is to send it again: ${errorMessage(error)}`);
      throw new PressNotStored('the alarm could not be stored, send it again', { cause: error });
    } finally {
      stopTimer();
    }
    return { incidentId: stored.incidentId, alarmId: stored.alarmId, duplicate: stored.duplicate };
  }

  /** Presses still gathering or in flight are stored (and answered) before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batches.drain();
  }

  /** One batch: stored, then its new presses handed to the fan-out together, before any of them is answered. */
  private async storeBatch(entries: PressEntry[]): Promise<ItemOutcome<StoredPress>[]> {
    this.metrics.batchSize.observe(entries.length);
    const outcomes = await this.store.storeAll(entries);
    const created = outcomes.flatMap((o): NewPress[] => (o.ok && !o.value.duplicate ? [o.value] : []));
    if (created.length) {
      this.faults.reached('after-commit-before-enqueue');
      this.fanout.start(created);
    }
    return outcomes;
  }
}
