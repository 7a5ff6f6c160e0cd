import { APP_CONFIG, type AppConfig } from '@app/config';
import type { NotificationChannelName } from '@app/contracts';
import { appendTimelines, GroupCommit, type ItemOutcome, type TimelineFact } from '@app/database';
import { errorMessage, toError } from '@app/errors';
import { DispatchesRepository, DispatchMetrics, IncidentChanges, notificationChannelsFor, type OfferDetails } from '@app/incidents';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NotificationChannel } from './notification-channel';
import { type AttemptRecord, type ClaimedNotification, NotificationsRepository } from './notifications.repository';
import { SocketChannel } from './socket.channel';
import { WebhookChannel } from './webhook.channel';

/** Which attempt of the notify job this is, as BullMQ counts them. */
export interface Attempt {
  number: number;
  /** No retry follows a failure of this one. */
  last: boolean;
}

/** One notify job's request: deliver this offer on the batch's channel. */
interface Delivery {
  dispatchId: string;
  attempt: Attempt;
}

/** What one delivery came to. */
type Outcome =
  { kind: 'nothing_to_do' } | { kind: 'busy' } | { kind: 'sent'; incidentId: string } | { kind: 'failed'; error: Error; incidentId: string; final: boolean };

/** Thrown while another run of the same notification holds its row: this job retries later and then finds it settled. */
export class NotificationBusy extends Error {}

/**
 * Notify jobs running at the same time on one channel are delivered together (a burst offers to
 * hundreds of responders at once): one transaction claims their rows, reads their offers and
 * records their outcomes in a handful of statements, instead of a transaction each. At most
 * this many in one batch, and two batches of a channel at once. A slow gateway holds up only its
 * own channel's batches.
 */
const DELIVERIES = { maxItems: 32, maxInFlight: 2 };

/**
 * Delivers each offer on each channel at most once, however often its job runs: the
 * notification row is locked for the attempt, a `sent` row is never sent again, and the
 * attempt's outcome is recorded with its timeline fact in the same transaction. A failure
 * throws so that BullMQ retries with backoff; the last failure marks the row failed and
 * escalates the incident. Each job gets its own outcome, whatever its batch-mates' were.
 *
 * The recorded facts then raise their incidents' versions and are pushed to the consoles,
 * through IncidentTransactions like every change, in a statement of their own: this
 * transaction must not wait for an incident's lock while holding notification rows (and,
 * through their foreign keys, KEY SHARE locks on the dispatches): a deadlock after a send would
 * send again. Writers lock incidents and dispatches FOR NO KEY UPDATE, which those KEY SHARE
 * locks (and the timeline facts' own, on the incidents) do not conflict with; until they did
 * (FOR UPDATE), the two deadlocked under load. The versions rise after the facts are
 * committed, so a console that sees a new version finds them.
 */
@Injectable()
export class Notifier {
  private readonly logger = new Logger(Notifier.name);
  private readonly channels = new Map<NotificationChannelName, NotificationChannel>();
  private readonly batches = new Map<NotificationChannelName, GroupCommit<Delivery, Outcome>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly dispatches: DispatchesRepository,
    private readonly notifications: NotificationsRepository,
    private readonly changes: IncidentChanges,
    private readonly metrics: DispatchMetrics,
    socket: SocketChannel,
    webhook: WebhookChannel,
  ) {
    const configured = notificationChannelsFor(config);
    for (const channel of [socket, webhook]) if (configured.includes(channel.name)) this.channels.set(channel.name, channel);
  }

  async deliver(dispatchId: string, channelName: NotificationChannelName, attempt: Attempt): Promise<void> {
    const outcome = await this.batchOf(channelName).add({ dispatchId, attempt });
    if (outcome.kind === 'busy') throw new NotificationBusy(`notification of dispatch ${dispatchId} on ${channelName} is being sent by another job`);
    if (outcome.kind !== 'failed') return;
    this.metrics.notificationFailed(channelName);
    if (outcome.final) {
      this.logger.error(`offer ${dispatchId} could not be delivered on ${channelName}: escalating incident ${outcome.incidentId}`);
      await this.changes.escalate(outcome.incidentId, 'notification_failed');
    }
    throw outcome.error;
  }

  /** The notify job of this offer failed for good: the incident escalates (once) so an operator knows nobody was told. */
  async gaveUp(dispatchId: string): Promise<void> {
    const owner = await this.dispatches.owner(this.dataSource, dispatchId);
    if (owner) await this.changes.escalate(owner.incidentId, 'notification_failed');
  }

  private batchOf(channelName: NotificationChannelName): GroupCommit<Delivery, Outcome> {
    let batch = this.batches.get(channelName);
    if (!batch) {
      batch = new GroupCommit((deliveries) => this.deliverTogether(channelName, deliveries), DELIVERIES);
      this.batches.set(channelName, batch);
    }
    return batch;
  }

  /** One batch; a failure of the transaction (Postgres away) fails each of its jobs, and BullMQ retries each. */
  private async deliverTogether(channelName: NotificationChannelName, deliveries: Delivery[]): Promise<ItemOutcome<Outcome>[]> {
    const { outcomes, recorded } = await this.dataSource.transaction((tx) => this.attempt(tx, channelName, deliveries));
    if (recorded.length) await this.announce(recorded);
    return outcomes.map((value) => ({ ok: true, value }));
  }

  private async attempt(tx: EntityManager, channelName: NotificationChannelName, deliveries: Delivery[]): Promise<{ outcomes: Outcome[]; recorded: string[] }> {
    const ids = [...new Set(deliveries.map((d) => d.dispatchId))];
    const claimed = await this.notifications.claim(tx, ids, channelName);
    const pending = [...claimed.values()].filter((row) => row.status === 'pending');
    const offers = await this.dispatches.offerDetails(
      tx,
      pending.map((row) => row.dispatchId),
    );
    // A job and its repeat in one batch: the first does the work, the repeat is told the row is busy.
    const first = new Map<string, Delivery>();
    for (const delivery of deliveries) if (!first.has(delivery.dispatchId)) first.set(delivery.dispatchId, delivery);

    // Answered, timed out or cancelled meanwhile: there is nothing left to offer.
    const toSend = pending.flatMap((row) => {
      const offer = offers.get(row.dispatchId);
      return offer?.dispatch.status === 'offered' ? [{ row, offer, attempt: first.get(row.dispatchId)!.attempt }] : [];
    });
    const results = new Map((await this.sendAll(channelName, toSend)).map((r) => [r.record.id, r]));
    const recorded = await this.record(tx, [...results.values()]);

    const outcomes = deliveries.map((delivery): Outcome => {
      if (first.get(delivery.dispatchId) !== delivery) return { kind: 'busy' };
      const row = claimed.get(delivery.dispatchId);
      if (!row) return { kind: 'busy' };
      const result = results.get(row.id);
      if (!result) return { kind: 'nothing_to_do' };
      return result.outcome;
    });
    return { outcomes, recorded };
  }

  /** The batch's sends on the channel, together; never rejects: each failure is its attempt's outcome, recorded with the others. */
  private async sendAll(channelName: NotificationChannelName, sends: readonly PendingSend[]): Promise<SentOrFailed[]> {
    if (!sends.length) return [];
    const channel = this.channels.get(channelName);
    let errors: (Error | undefined)[];
    try {
      if (!channel) throw new Error(`channel ${channelName} is not configured in this process`);
      errors = await channel.sendAll(sends.map(({ row, offer }) => ({ ...offer, notificationId: row.id })));
      // One outcome per offer is the channel's contract; a missing one must never read as "sent".
      if (errors.length !== sends.length) throw new Error(`channel ${channelName} answered ${errors.length} outcomes for ${sends.length} offers`);
    } catch (error) {
      const failure = toError(error);
      errors = sends.map(() => failure);
    }
    return sends.map((send, i) => this.outcomeOf(channelName, send, errors[i], channel !== undefined));
  }

  /** What one send came to: its outcome, and what its row and its timeline get. */
  private outcomeOf(channelName: NotificationChannelName, { row, offer, attempt }: PendingSend, error: Error | undefined, configured: boolean): SentOrFailed {
    const incidentId = offer.dispatch.incidentId;
    const attempts = row.attempts + 1;
    const fact = { dispatchId: row.dispatchId, channel: channelName, responderId: offer.responder.id, attempt: attempts };
    if (error) {
      const final = attempt.last || !configured;
      return {
        outcome: { kind: 'failed', error, incidentId, final },
        record: { id: row.id, status: final ? 'failed' : 'pending', attempts, error: error.message },
        fact: {
          incidentId,
          kind: 'notification_failed',
          data: { ...fact, error: error.message, final },
          dedupeKey: `notify-failed-${row.dispatchId}-${channelName}-${attempts}`,
        },
      };
    }
    return {
      outcome: { kind: 'sent', incidentId },
      record: { id: row.id, status: 'sent', attempts, error: null },
      fact: { incidentId, kind: 'notification_sent', data: fact, dedupeKey: `notify-sent-${row.dispatchId}-${channelName}` },
    };
  }

  /** The attempts' rows and timeline facts; answers the incidents a fact was recorded for (a repeat of a recorded one adds nothing). */
  private async record(tx: EntityManager, results: readonly SentOrFailed[]): Promise<string[]> {
    await this.notifications.record(
      tx,
      results.map((r) => r.record),
    );
    return appendTimelines(
      tx,
      results.map((r) => r.fact),
    );
  }

  /** Never throws: the attempts and their facts are committed, and failing the jobs now would only hide what happened. */
  private async announce(incidentIds: string[]): Promise<void> {
    try {
      await this.changes.timelinesChanged(incidentIds);
    } catch (error) {
      this.logger.warn(`incident(s) ${incidentIds.join(', ')}: notifications recorded, but their versions were not raised: ${errorMessage(error)}`);
    }
  }
}

/** An offer of the batch still to deliver on the channel, with its claimed row and the job's attempt. */
interface PendingSend {
  row: ClaimedNotification;
  offer: OfferDetails;
  attempt: Attempt;
}

/** A send's outcome, with what its row and its timeline get. */
interface SentOrFailed {
  outcome: Extract<Outcome, { kind: 'sent' | 'failed' }>;
  record: AttemptRecord;
  fact: TimelineFact;
}
