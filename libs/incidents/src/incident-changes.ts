import { type EscalationReason, JobName, laneOfIncident, type Outcome } from '@app/contracts';
import { appendTimeline } from '@app/database';
import { applyDispatchAction, applyIncidentAction, type IncidentAction, type IncidentRefusal } from '@app/domain';
import { outboxEntry } from '@app/outbox';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DispatchesRepository } from './dispatches.repository';
import { DispatchMetrics } from './dispatch-metrics';
import { FollowUps } from './follow-ups';
import { type Commit, IncidentTransactions } from './incident-transactions';
import { IncidentsRepository, type LockedIncident } from './incidents.repository';
import { conflict, notFound } from './write-refused';

/**
 * Changes of an incident itself, made by operators (acknowledge, note, resolve, cancel) or by
 * the dispatcher (escalate). Each is decided by the domain's state machine on the locked row
 * and written with its timeline fact and follow-up jobs in one transaction.
 */
@Injectable()
export class IncidentChanges {
  constructor(
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
    private readonly dispatches: DispatchesRepository,
    private readonly metrics: DispatchMetrics,
    private readonly followUps: FollowUps,
  ) {}

  acknowledge(id: string, actorId: string): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.decide(tx, id, { kind: 'acknowledge' });
      await this.incidents.acknowledge(tx, id, incident.from, incident.to, actorId);
      await appendTimeline(tx, { incidentId: id, actorId, kind: 'acknowledged', data: { from: incident.from.status, to: incident.to.status } });
      commit.changed(id);
      commit.onCommitted(() => this.metrics.acknowledged(incident.locked.openedAt));
    });
  }

  note(id: string, actorId: string, text: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      await this.decide(tx, id, { kind: 'note' });
      await appendTimeline(tx, { incidentId: id, actorId, kind: 'note', data: { text } });
    });
  }

  /**
   * Facts their writer committed in a transaction of its own (the notifier's attempts, an
   * outage's devices) changed what consoles show: raise the versions and push
   * `incident.updated`, as every change does (one statement and one view read for all).
   */
  timelinesChanged(ids: readonly string[]): Promise<void> {
    return this.transactions.versionsChanged(ids);
  }

  resolve(id: string, actorId: string, outcome: Outcome, note?: string): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      const { locked, from } = await this.decide(tx, id, { kind: 'resolve', outcome });
      await this.incidents.resolve(tx, id, from, outcome);
      await appendTimeline(tx, { incidentId: id, actorId, kind: 'resolved', data: { from: from.status, outcome, ...(note ? { note } : {}) } });
      await this.followUps.scheduleLocked(tx, locked, actorId);
      await this.cancelOpenOffers(tx, commit, locked, actorId);
      commit.changed(id);
    });
  }

  cancel(id: string, actorId: string, note?: string): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      const { locked, from } = await this.decide(tx, id, { kind: 'cancel' });
      await this.incidents.cancel(tx, id, from);
      await appendTimeline(tx, { incidentId: id, actorId, kind: 'cancelled', data: { from: from.status, ...(note ? { note } : {}) } });
      await this.cancelOpenOffers(tx, commit, locked, actorId);
      commit.changed(id);
    });
  }

  /**
   * Closes an incident whose cause went away by itself (the device is heard again, the battery
   * charged): `reason` and `facts` say why in the timeline. False when someone closed it meanwhile.
   */
  resolveAutomatically(id: string, reason: string, facts: Record<string, unknown>): Promise<boolean> {
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, id);
      if (!incident) return false;
      const decision = applyIncidentAction(incident.state, { kind: 'resolve', outcome: 'other' });
      if (!decision.ok) return false;
      await this.incidents.resolve(tx, id, decision.from, 'other');
      await appendTimeline(tx, { incidentId: id, kind: reason, data: facts, dedupeKey: `${reason}-${id}` });
      await appendTimeline(tx, {
        incidentId: id,
        kind: 'resolved',
        data: { from: decision.from.status, outcome: 'other', automatic: true, reason },
        dedupeKey: `auto-resolved-${id}`,
      });
      await this.cancelOpenOffers(tx, commit, incident);
      commit.changed(id);
      return true;
    });
  }

  /** Escalates unless the incident is closed or escalated already; true when this call escalated it. */
  escalate(id: string, reason: EscalationReason): Promise<boolean> {
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, id);
      return incident ? this.escalateLocked(tx, commit, incident, reason) : false;
    });
  }

  /** Escalation inside a transaction that holds the incident's lock. Refused (false) once escalated: one escalation per incident. */
  async escalateLocked(tx: EntityManager, commit: Commit, incident: LockedIncident, reason: EscalationReason): Promise<boolean> {
    const decision = applyIncidentAction(incident.state, { kind: 'escalate' });
    if (!decision.ok) return false;
    await this.incidents.escalate(tx, incident.id, decision.from, reason);
    await appendTimeline(tx, { incidentId: incident.id, kind: 'escalated', data: { reason }, dedupeKey: `escalated-${incident.id}` });
    incident.state = decision.to;
    commit.changed(incident.id);
    commit.onCommitted(() => this.metrics.escalated(reason));
    return true;
  }

  /** Closing an incident voids every open offer of it; the dispatcher then tells the responders. */
  private async cancelOpenOffers(tx: EntityManager, commit: Commit, incident: LockedIncident, actorId?: string): Promise<void> {
    const incidentId = incident.id;
    const cancelled: string[] = [];
    for (const dispatch of await this.dispatches.ofIncident(tx, incidentId)) {
      const decision = applyDispatchAction(dispatch.status, 'cancel');
      if (!decision.ok) continue;
      await this.dispatches.transition(tx, dispatch.id, decision.from, decision.to);
      cancelled.push(dispatch.id);
    }
    if (!cancelled.length) return;
    await appendTimeline(tx, { incidentId, actorId, kind: 'offers_cancelled', data: { dispatchIds: cancelled } });
    commit.follow(outboxEntry(JobName.OffersCancelled, { incidentId, dispatchIds: cancelled }, { incidentId, lane: laneOfIncident(incident.type) }));
  }

  private async decide(tx: EntityManager, id: string, action: IncidentAction) {
    const locked = await this.incidents.lock(tx, id);
    if (!locked) throw notFound(`no incident ${id}`);
    const decision = applyIncidentAction(locked.state, action);
    if (!decision.ok) throw refusal(decision.reason, locked);
    return { locked, from: decision.from, to: decision.to };
  }
}

function refusal(reason: IncidentRefusal, incident: LockedIncident) {
  switch (reason) {
    case 'closed':
      return conflict('incident_closed', `the incident is ${incident.state.status}`, { status: incident.state.status });
    case 'already_acknowledged':
      return conflict('already_acknowledged', `already acknowledged by ${incident.acknowledgedBy ?? 'another operator'}`, {
        ...(incident.acknowledgedBy ? { by: incident.acknowledgedBy } : {}),
      });
    case 'already_escalated':
      return conflict('already_escalated', 'the incident is already escalated');
    case 'not_allowed':
      return conflict('incident_not_allowed', `not allowed while the incident is ${incident.state.status}`, { status: incident.state.status });
  }
}
