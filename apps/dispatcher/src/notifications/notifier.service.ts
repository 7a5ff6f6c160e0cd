import { APP_CONFIG, type AppConfig } from '@app/config';
import type { NotificationChannelName } from '@app/contracts';
import { appendTimeline } from '@app/database';
import { errorMessage, toError } from '@app/errors';
import { DispatchesRepository, DispatchMetrics, IncidentChanges, notificationChannelsFor } from '@app/incidents';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationChannel } from './notification-channel';
import { NotificationsRepository } from './notifications.repository';
import { SocketChannel } from './socket.channel';
import { WebhookChannel } from './webhook.channel';

/** Which attempt of the notify job this is, as BullMQ counts them. */
export interface Attempt {
  number: number;
  /** No retry follows a failure of this one. */
  last: boolean;
}

/** `recorded`: the attempt added a fact to the incident's timeline (a repeat of a recorded one adds nothing). */
type Outcome =
  | { kind: 'nothing_to_do' }
  | { kind: 'sent'; incidentId: string; recorded: boolean }
  | { kind: 'failed'; error: Error; incidentId: string; final: boolean; recorded: boolean };

/** Thrown while another run of the same notification holds its row: this job retries later and then finds it settled. */
export class NotificationBusy extends Error {}

/**
 * Delivers one offer on one channel, at most once, however often its job runs: the notification
 * row is locked for the attempt, a `sent` row is never sent again, and the attempt's outcome is
 * recorded with its timeline fact in the same transaction. A failure throws so that BullMQ
 * retries with backoff; the last failure marks the row failed and escalates the incident.
 *
 * A recorded fact then raises the incident's version and is pushed to the consoles, through
 * IncidentTransactions like every change, in a transaction of its own: this one must not wait
 * for the incident's lock while holding the notification row (and, through its foreign key,
 * a share lock on the dispatch, which writers lock after the incident): that would deadlock
 * with them, and a deadlock after a send would send again. The version rises after the fact
 * is committed, so a console that sees the new version finds the fact.
 */
@Injectable()
export class Notifier {
  private readonly logger = new Logger(Notifier.name);
  private readonly channels = new Map<NotificationChannelName, NotificationChannel>();

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
    const outcome = await this.dataSource.transaction(async (tx): Promise<Outcome> => {
      const row = await this.notifications.claim(tx, dispatchId, channelName);
      if (!row) throw new NotificationBusy(`notification of dispatch ${dispatchId} on ${channelName} is being sent by another job`);
      if (row.status !== 'pending') return { kind: 'nothing_to_do' };
      const offer = await this.dispatches.offerDetails(tx, dispatchId);
      // Answered, timed out or cancelled meanwhile: there is nothing left to offer.
      if (!offer || offer.dispatch.status !== 'offered') return { kind: 'nothing_to_do' };

      const incidentId = offer.dispatch.incidentId;
      const attempts = row.attempts + 1;
      const fact = { dispatchId, channel: channelName, responderId: offer.responder.id, attempt: attempts };
      try {
        const channel = this.channels.get(channelName);
        if (!channel) throw new Error(`channel ${channelName} is not configured in this process`);
        await channel.send({ ...offer, notificationId: row.id });
      } catch (error) {
        const failure = toError(error);
        const final = attempt.last || !this.channels.has(channelName);
        await this.notifications.markAttemptFailed(tx, row.id, attempts, failure.message, final);
        const recorded = await appendTimeline(tx, {
          incidentId,
          kind: 'notification_failed',
          data: { ...fact, error: failure.message, final },
          dedupeKey: `notify-failed-${dispatchId}-${channelName}-${attempts}`,
        });
        return { kind: 'failed', error: failure, incidentId, final, recorded };
      }
      await this.notifications.markSent(tx, row.id, attempts);
      const recorded = await appendTimeline(tx, { incidentId, kind: 'notification_sent', data: fact, dedupeKey: `notify-sent-${dispatchId}-${channelName}` });
      return { kind: 'sent', incidentId, recorded };
    });

    if (outcome.kind !== 'nothing_to_do' && outcome.recorded) await this.announce(outcome.incidentId);
    if (outcome.kind !== 'failed') return;
    this.metrics.notificationFailed(channelName);
    if (outcome.final) {
      this.logger.error(`offer ${dispatchId} could not be delivered on ${channelName}: escalating incident ${outcome.incidentId}`);
      await this.changes.escalate(outcome.incidentId, 'notification_failed');
    }
    throw outcome.error;
  }

  /** Never throws: the attempt and its fact are committed, and failing the job now would only hide what happened. */
  private async announce(incidentId: string): Promise<void> {
    try {
      await this.changes.timelineChanged(incidentId);
    } catch (error) {
      this.logger.warn(`incident ${incidentId}: notification recorded, but its version was not raised: ${errorMessage(error)}`);
    }
  }

  /** The notify job of this offer failed for good: the incident escalates (once) so an operator knows nobody was told. */
  async gaveUp(dispatchId: string): Promise<void> {
    const owner = await this.dispatches.owner(this.dataSource, dispatchId);
    if (owner) await this.changes.escalate(owner.incidentId, 'notification_failed');
  }
}
