import { APP_CONFIG, type AppConfig } from '@app/config';
import { type Dispatch, JobName, laneOfIncident, NOTIFICATION_CHANNELS, type NotificationChannelName } from '@app/contracts';
import { appendTimelines, type TimelineFact } from '@app/database';
import { isClosed, isDispatchOpen } from '@app/domain';
import { outboxEntry } from '@app/outbox';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DispatchesRepository } from './dispatches.repository';
import { DispatchMetrics } from './dispatch-metrics';
import { type Commit, IncidentTransactions } from './incident-transactions';
import { IncidentsRepository, type LockedIncident } from './incidents.repository';
import { conflict, notFound } from './write-refused';

/** The channels an offer goes out on: the socket always, the webhook when one is configured. */
export function notificationChannelsFor(config: Pick<AppConfig, 'NOTIFY_WEBHOOK_URL'>): NotificationChannelName[] {
  return NOTIFICATION_CHANNELS.filter((channel) => channel !== 'webhook' || Boolean(config.NOTIFY_WEBHOOK_URL));
}

export interface OfferTo {
  responderId: string;
  /** The care-team role asked for, or the responder's own role for a manual offer. */
  role: string;
  manual: boolean;
  /** The operator who offered by hand. */
  actorId?: string;
  responderName: string;
}

/** One offer to write: to whom, for which locked incident, and the incident's dispatches read under the lock. */
export interface OfferToMake {
  incident: LockedIncident;
  to: OfferTo;
  earlier: readonly unknown[];
}

/** Making offers: by the cascade (dispatcher) and by operators (console), the same way. */
@Injectable()
export class Offers {
  private readonly channels: NotificationChannelName[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
    private readonly dispatches: DispatchesRepository,
    private readonly metrics: DispatchMetrics,
  ) {
    this.channels = notificationChannelsFor(config);
  }

  /**
   * Writes an offer inside a transaction that holds the incident's lock: the dispatch, its
   * timeline fact, its timeout (a timer in the outbox) and one notification job per channel.
   * `earlier` is the incident's dispatches as the caller read them under the same lock (one
   * read less on the offer path).
   */
  async offerLocked(tx: EntityManager, commit: Commit, incident: LockedIncident, to: OfferTo, earlier: readonly unknown[]): Promise<string> {
    const [id] = await this.offerManyLocked(tx, commit, [{ incident, to, earlier }]);
    return id!;
  }

  /**
   * The same for offers of several incidents, all locked by the caller's transaction, in two
   * statements whatever their number (the first offers of incidents opened together). Answers
   * the new dispatches' ids, in order.
   */
  async offerManyLocked(tx: EntityManager, commit: Commit, offers: readonly OfferToMake[]): Promise<string[]> {
    if (!offers.length) return [];
    const made = offers.map((offer) => ({ ...offer, id: randomUUID() }));
    const times = await this.dispatches.insertOffers(
      tx,
      made.map(({ id, incident, to }) => ({
        id,
        incidentId: incident.id,
        responderId: to.responderId,
        role: to.role,
        manual: to.manual,
        timeoutS: this.config.DISPATCH_OFFER_TIMEOUT_S,
      })),
    );
    const facts: TimelineFact[] = [];
    for (const { id, incident, to, earlier } of made) {
      const { offeredAt, expiresAt } = times.get(id)!;
      facts.push({
        incidentId: incident.id,
        kind: 'offered',
        ...(to.actorId ? { actorId: to.actorId } : {}),
        data: {
          dispatchId: id,
          responderId: to.responderId,
          responder: to.responderName,
          role: to.role,
          manual: to.manual,
          expiresAt: expiresAt.toISOString(),
        },
        dedupeKey: `offer-${id}`,
      });
      const lane = laneOfIncident(incident.type);
      commit.follow(
        outboxEntry(JobName.OfferTimeout, { dispatchId: id }, { incidentId: incident.id, runAt: expiresAt, lane }),
        ...this.channels.map((channel) => outboxEntry(JobName.Notify, { dispatchId: id, channel }, { incidentId: incident.id, lane })),
      );
      commit.changed(incident.id);
      const first = earlier.length === 0;
      commit.onCommitted(() => this.metrics.offerMade(to.role, to.manual, incident.openedAt, offeredAt, first));
    }
    await appendTimelines(tx, facts);
    return made.map((m) => m.id);
  }

  /** An operator's offer to any active responder, volunteers included. */
  async offerManually(incidentId: string, responderId: string, actorId: string): Promise<Dispatch> {
    const id = await this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, incidentId);
      if (!incident) throw notFound(`no incident ${incidentId}`);
      if (isClosed(incident.state.status)) throw conflict('incident_closed', `the incident is ${incident.state.status}`, { status: incident.state.status });
      const responder = await this.dispatches.activeResponder(tx, responderId);
      if (!responder) throw notFound(`no active responder ${responderId}`);
      const earlier = await this.dispatches.ofIncident(tx, incidentId);
      if (earlier.some((d) => d.responderId === responderId && isDispatchOpen(d.status)))
        throw conflict('offer_already_held', `${responder.fullName} already has an open dispatch for this incident`, { by: responder.fullName });
      return this.offerLocked(tx, commit, incident, { responderId, role: responder.role, manual: true, actorId, responderName: responder.fullName }, earlier);
    });
    const view = await this.dispatches.view(this.dataSource, id);
    if (!view) throw notFound(`no dispatch ${id}`);
    return view;
  }
}
