import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobName, laneOfIncident } from '@app/contracts';
import { appendTimelines, GroupCommit, type ItemOutcome, type TimelineFact } from '@app/database';
import { applyDispatchAction, isClosed, nextCascadeStep, offersCascade } from '@app/domain';
import {
  type CascadeFacts,
  type Commit,
  deterministicUuid,
  DispatchesRepository,
  DispatchMetrics,
  IncidentChanges,
  IncidentsRepository,
  IncidentTransactions,
  type LockedIncident,
  Offers,
  type OfferToMake,
} from '@app/incidents';
import type { OutboxEntry } from '@app/outbox';
import { type EndedOffer, LivePublisher } from '@app/live';
import { errorMessage } from '@app/errors';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordCascadeExhausted } from './cascade-exhaustion';

/**
 * Openings started together: at most this many in one transaction (each holds its incident's
 * lock until it commits), and four such transactions at once (with two, a slot is held through
 * the after-commit pushes too, and at 50 openings a second the first offers queued: p99 0.1-0.4 s
 * instead of 26 ms in `npm run bench:offers`).
 */
const OPENINGS = { maxItems: 50, maxInFlight: 4 };

/**
 * Offer timeouts handled together, as openings are: at 50 new incidents a second with short
 * offers, a timeout is due every few milliseconds, each a transaction of its own until then.
 */
const TIMEOUTS = { maxItems: 50, maxInFlight: 4 };

/**
 * Acknowledgement timeouts handled together too: in a storm nobody can answer (a power cut, a
 * burst of 2,000 new incidents), their timers run out together, and each escalation was a
 * transaction and a push of its own just when the supervisors need to see them all.
 */
const ACK_TIMEOUTS = { maxItems: 50, maxInFlight: 2 };

/** Whether the incident's cascade can still move: open, and of a type that offers to the care team. */
function cascades(incident: LockedIncident): boolean {
  return !isClosed(incident.state.status) && offersCascade(incident.type);
}

/**
 * The care-team cascade: one offer at a time, carer → cadre → doctor (doctor first after a
 * fall); a timeout or a decline moves it on; when nobody is left, or no operator
 * acknowledged in time, the incident escalates. Every step locks the incident first, so two
 * jobs of one incident (a press and a timeout, a job and its repeat) decide one after the other.
 */
@Injectable()
export class CascadeService {
  private readonly logger = new Logger(CascadeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
    private readonly dispatches: DispatchesRepository,
    private readonly changes: IncidentChanges,
    private readonly offers: Offers,
    private readonly metrics: DispatchMetrics,
    private readonly live: LivePublisher,
  ) {}

  /**
   * Starts the acknowledgement timer (once, however often the job runs) and the cascade.
   * Incidents opened together (a burst: every worker holds an `incident-opened` job) are
   * started together, by group commit: one transaction locks them all, reads their facts and
   * writes their first offers in a handful of statements, instead of a transaction each.
   */
  incidentOpened(incidentId: string): Promise<void> {
    return this.openings.add(incidentId);
  }

  private readonly openings = new GroupCommit<string, void>((ids) => this.togetherOrAlone('openings', ids, (batch) => this.open(batch)), OPENINGS);

  /**
   * One batch of a group commit (distinct ids); if it fails, each is tried alone, so one
   * incident's or offer's fault fails only its own job.
   */
  private async togetherOrAlone(what: string, ids: string[], run: (batch: string[]) => Promise<void>): Promise<ItemOutcome<void>[]> {
    const done: ItemOutcome<void> = { ok: true, value: undefined };
    try {
      await run([...new Set(ids)]);
      return ids.map(() => done);
    } catch (error) {
      if (ids.length === 1) return [{ ok: false, error }];
      this.logger.warn(`${ids.length} ${what} together failed, each is tried alone: ${errorMessage(error)}`);
      const alone = new Map<string, Promise<ItemOutcome<void>>>();
      for (const id of new Set(ids))
        alone.set(
          id,
          run([id]).then(
            () => done,
            (failure: unknown) => ({ ok: false, error: failure }),
          ),
        );
      return Promise.all(ids.map((id) => alone.get(id)!));
    }
  }

  private open(ids: string[]): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      const incidents = await this.incidents.lockMany(tx, ids);
      for (const id of ids) if (!incidents.some((i) => i.id === id)) this.logger.warn(`incident ${id} not found`);
      for (const incident of incidents) this.startAckTimer(commit, incident);
      await this.advanceManyLocked(tx, commit, incidents);
    });
  }

  /**
   * A press, a decline: offer to the next one unless an offer is waiting or someone took the job.
   * Most presses come while an offer waits: a look without the lock shows there is nothing to
   * decide, and the lock is not taken (it would hold up the press writes of the same incident).
   * What ends the wait (a timeout, a decline, a release) advances the cascade itself, under the
   * lock, so a look that saw an offer waiting never leaves the cascade stuck.
   */
  async advance(incidentId: string): Promise<void> {
    const peek = await this.incidents.peekCascade(this.dataSource, incidentId);
    if (!peek || isClosed(peek.status) || !offersCascade(peek.type) || nextCascadeStep(peek.type, peek.careTeam, peek.dispatches).kind === 'wait') return;
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, incidentId);
      if (incident) await this.advanceManyLocked(tx, commit, [incident]);
    });
  }

  /**
   * An offer's time is up: it times out (unless answered meanwhile) and the cascade moves on in
   * the same transaction. Timeouts due together are handled together (`timeOut`).
   */
  async offerTimedOut(dispatchId: string, due: Date): Promise<void> {
    this.metrics.timerStarted(JobName.OfferTimeout, due);
    return this.timeouts.add(dispatchId);
  }

  private readonly timeouts = new GroupCommit<string, void>((ids) => this.togetherOrAlone('offer timeouts', ids, (batch) => this.timeOut(batch)), TIMEOUTS);

  /**
   * Timeouts of several offers in one transaction: their incidents locked in one statement (in
   * resident order, as everywhere), then their dispatches (in id order); each dispatch the state
   * machine lets time out is written, with its timeline fact; then the cascades of the
   * incidents whose automatic offer timed out move on together, as openings do.
   */
  private async timeOut(dispatchIds: string[]): Promise<void> {
    const owners = await this.dispatches.owners(this.dataSource, dispatchIds);
    for (const id of dispatchIds) if (!owners.has(id)) this.logger.warn(`dispatch ${id} not found`);
    if (!owners.size) return;
    await this.transactions.run(async (tx, commit) => {
      const incidents = new Map((await this.incidents.lockMany(tx, [...new Set([...owners.values()].map((o) => o.incidentId))])).map((i) => [i.id, i]));
      const moved = new Map<string, LockedIncident>();
      const facts: TimelineFact[] = [];
      const timedOut: EndedOffer[] = [];
      for (const dispatch of await this.dispatches.lockMany(tx, [...owners.keys()])) {
        const incident = incidents.get(dispatch.incidentId);
        const decision = applyDispatchAction(dispatch.status, 'time_out');
        if (!incident || !decision.ok) continue; // answered, or a repeat of this job
        await this.dispatches.transition(tx, dispatch.id, decision.from, decision.to);
        facts.push({
          incidentId: incident.id,
          kind: 'offer_timed_out',
          data: { dispatchId: dispatch.id, responderId: dispatch.responderId, role: dispatch.role, manual: dispatch.manual },
          dedupeKey: `timeout-${dispatch.id}`,
        });
        commit.changed(incident.id);
        timedOut.push({ responderId: dispatch.responderId, dispatchId: dispatch.id });
        // A manual offer is the operator's own: its timeout does not move the cascade.
        if (!dispatch.manual) moved.set(incident.id, incident);
      }
      await appendTimelines(tx, facts);
      commit.onCommitted(() => this.tellRespondersTimedOut(timedOut));
      await this.advanceManyLocked(tx, commit, [...moved.values()]);
    });
  }

  /**
   * The phones show their offers as expired at once (a batch's timeouts in one Redis pipeline).
   * At most once, like every socket push: the phone also expires the offer by its own clock from
   * `expiresAt`, and reloads its offers on reconnection.
   */
  private tellRespondersTimedOut(timedOut: readonly EndedOffer[]): void {
    this.live.dispatchesTimedOut(timedOut).catch((error: unknown) => {
      this.logger.warn(`could not tell ${timedOut.length} responder(s) that their offers timed out: ${errorMessage(error)}`);
    });
  }

  /**
   * Nobody acknowledged in time: escalate to a human, unless closed, acknowledged or escalated
   * already. Timers due together escalate together (`ackTimeOut`).
   */
  async ackTimedOut(incidentId: string, due: Date): Promise<void> {
    this.metrics.timerStarted(JobName.AckTimeout, due);
    return this.ackTimeouts.add(incidentId);
  }

  private readonly ackTimeouts = new GroupCommit<string, void>(
    (ids) => this.togetherOrAlone('acknowledgement timeouts', ids, (batch) => this.ackTimeOut(batch)),
    ACK_TIMEOUTS,
  );

  /** One transaction for several incidents' acknowledgement timeouts: locked in one statement (resident order), each escalated that is still waiting for an operator. */
  private ackTimeOut(incidentIds: string[]): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      for (const incident of await this.incidents.lockMany(tx, incidentIds)) {
        if (isClosed(incident.state.status) || incident.state.acknowledged) continue;
        await this.changes.escalateLocked(tx, commit, incident, 'not_acknowledged');
      }
    });
  }

  /** A dispatch job gave up after its last retry: a human takes over (failed work is never left unseen). */
  async jobGaveUp(ref: { incidentId?: string; dispatchId?: string }): Promise<void> {
    const incidentId = ref.incidentId ?? (ref.dispatchId ? (await this.dispatches.owner(this.dataSource, ref.dispatchId))?.incidentId : undefined);
    if (incidentId) await this.changes.escalate(incidentId, 'job_failed');
  }

  /** Moves the cascades of locked incidents on: their facts read in one statement, their offers written together. */
  private async advanceManyLocked(tx: EntityManager, commit: Commit, incidents: readonly LockedIncident[]): Promise<void> {
    const cascading = incidents.filter(cascades);
    const facts = await this.incidents.cascadeFacts(tx, cascading);
    const offers: OfferToMake[] = [];
    for (const incident of cascading) {
      const offer = await this.decideLocked(tx, commit, incident, facts.get(incident.id)!);
      if (offer) offers.push(offer);
    }
    await this.offers.offerManyLocked(tx, commit, offers);
  }

  /**
   * The cascade's step for a locked incident, from its facts: nothing while an offer waits; an
   * exhausted cascade is recorded and escalated here; the offer to make next is answered, for
   * the caller to write (alone or with others).
   */
  private async decideLocked(tx: EntityManager, commit: Commit, incident: LockedIncident, facts: CascadeFacts): Promise<OfferToMake | undefined> {
    const step = nextCascadeStep(incident.type, facts.careTeam, facts.dispatches);
    switch (step.kind) {
      case 'wait':
        return undefined;
      case 'exhausted':
        await recordCascadeExhausted(tx, commit, incident.id);
        await this.changes.escalateLocked(tx, commit, incident, 'cascade_exhausted');
        return undefined;
      case 'offer': {
        const responderName = facts.names.get(step.responderId) ?? step.responderId;
        return { incident, to: { responderId: step.responderId, role: step.role, manual: false, responderName }, earlier: facts.dispatches };
      }
    }
  }

  /**
   * The acknowledgement timer is an outbox row with a deterministic id: a repeated
   * incident-opened job writes nothing new (writeOutbox skips an id it has) and enqueues it
   * again, a no-op thanks to its job id. No read first: one round trip less on every incident.
   */
  private startAckTimer(commit: Commit, incident: LockedIncident): void {
    const timer: OutboxEntry<JobName.AckTimeout> = {
      id: deterministicUuid(`${JobName.AckTimeout}/${incident.id}`),
      jobName: JobName.AckTimeout,
      incidentId: incident.id,
      payload: { incidentId: incident.id },
      runAt: new Date(incident.openedAt.getTime() + this.config.ACK_TIMEOUT_S * 1000),
      lane: laneOfIncident(incident.type),
    };
    commit.follow(timer);
  }
}
