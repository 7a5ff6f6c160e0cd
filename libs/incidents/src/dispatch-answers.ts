import { type Dispatch, JobName, laneOfIncident, type Outcome } from '@app/contracts';
import { appendTimeline } from '@app/database';
import { applyDispatchAction, applyIncidentAction, type DispatchAction, type IncidentAction } from '@app/domain';
import { outboxEntry } from '@app/outbox';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DispatchesRepository } from './dispatches.repository';
import { DispatchMetrics } from './dispatch-metrics';
import { IncidentTransactions } from './incident-transactions';
import { IncidentsRepository } from './incidents.repository';
import { conflict, forbidden, notFound } from './write-refused';

/** What a responder can answer to a dispatch of theirs: accept, decline, arrive, complete. */
export type ResponderAnswer = Extract<DispatchAction, 'accept' | 'decline' | 'en_route' | 'arrive' | 'complete'>;

/** What a responder may add to an answer (the outcome seen and a note, when completing): written into the answer's timeline fact. */
export interface AnswerFacts {
  outcome?: Outcome;
  note?: string;
}

/** Each answer's timeline fact, and what it means for the incident. */
const EFFECTS: Record<ResponderAnswer, { fact: string; incident?: IncidentAction }> = {
  accept: { fact: 'dispatch_accepted', incident: { kind: 'dispatch_accepted' } },
  decline: { fact: 'dispatch_declined' },
  // On the way: the dispatch moves on, the incident stays `dispatched` until the responder is there.
  en_route: { fact: 'dispatch_en_route' },
  arrive: { fact: 'responder_arrived', incident: { kind: 'responder_arrived' } },
  complete: { fact: 'dispatch_completed' },
};

/**
 * A responder's answers. The incident is locked first (the order every writer keeps), then
 * the dispatch; the dispatch and the incident move together in one transaction.
 */
@Injectable()
export class DispatchAnswers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
    private readonly dispatches: DispatchesRepository,
    private readonly metrics: DispatchMetrics,
  ) {}

  async answer(dispatchId: string, answer: ResponderAnswer, by: { userId: string; responderId: string }, facts: AnswerFacts = {}): Promise<Dispatch> {
    const owner = await this.dispatches.owner(this.dataSource, dispatchId);
    if (!owner) throw notFound(`no dispatch ${dispatchId}`);
    if (owner.responderId !== by.responderId) throw forbidden('this dispatch was offered to someone else');

    await this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, owner.incidentId);
      const dispatch = await this.dispatches.lock(tx, dispatchId);
      if (!incident || !dispatch) throw notFound(`no dispatch ${dispatchId}`);
      // The timeout job may not have run yet; the offer is over all the same.
      if (answer === 'accept' && dispatch.status === 'offered' && dispatch.expired)
        throw conflict('offer_expired', 'the offer has expired', { status: 'timed_out' });
      const decision = applyDispatchAction(dispatch.status, answer);
      if (!decision.ok) throw conflict('dispatch_not_allowed', `cannot ${answer} a dispatch that is ${dispatch.status}`, { status: dispatch.status });

      const effects = EFFECTS[answer];
      await this.dispatches.transition(tx, dispatchId, decision.from, decision.to);
      await appendTimeline(tx, {
        incidentId: incident.id,
        actorId: by.userId,
        kind: effects.fact,
        data: { dispatchId, responderId: dispatch.responderId, role: dispatch.role, from: decision.from, to: decision.to, ...facts },
        dedupeKey: `${effects.fact}-${dispatchId}`,
      });
      if (effects.incident) {
        const moved = applyIncidentAction(incident.state, effects.incident);
        if (!moved.ok) throw conflict('incident_closed', `the incident is ${incident.state.status}`, { status: incident.state.status });
        if (moved.to.status !== moved.from.status) {
          await this.incidents.moveStatus(tx, incident.id, moved.from, moved.to);
          await appendTimeline(tx, { incidentId: incident.id, kind: 'status_changed', data: { from: moved.from.status, to: moved.to.status, dispatchId } });
          if (moved.to.status === 'on_scene') commit.onCommitted(() => this.metrics.onScene(incident.openedAt));
        }
      }
      if (answer === 'accept') commit.onCommitted(() => this.metrics.offerAccepted(dispatch.offeredAt));
      // A decline moves the cascade on at once (a manual offer is the operator's, not the cascade's).
      if (answer === 'decline' && !dispatch.manual)
        commit.follow(outboxEntry(JobName.CascadeAdvance, { incidentId: incident.id }, { incidentId: incident.id, lane: laneOfIncident(incident.type) }));
      commit.changed(incident.id);
    });

    const view = await this.dispatches.view(this.dataSource, dispatchId);
    if (!view) throw notFound(`no dispatch ${dispatchId}`);
    return view;
  }
}
