import { appendTimeline, type TimelineFact } from '@app/database';
import { applyIncidentAction } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentTransactions } from './incident-transactions';
import { IncidentsRepository, type LockedIncident } from './incidents.repository';
import { conflict, notFound } from './write-refused';

/** What an operator records about a live incident besides its state: a checklist tick, a call to 120, a hand-over. */
export type OperatorFact = Omit<TimelineFact, 'incidentId' | 'actorId'>;

/**
 * Operators' facts that do not move the incident's state. Allowed while the incident is live
 * (the domain decides, as for a note), written to the timeline in one transaction with
 * whatever else belongs to them (`alongside`), and pushed to the consoles after the commit.
 */
@Injectable()
export class IncidentFacts {
  constructor(
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
  ) {}

  /** True when the fact was written; false when its dedupe key was already in the timeline (nothing changed). */
  record(
    incidentId: string,
    actorId: string,
    fact: OperatorFact,
    alongside?: (tx: EntityManager, incident: LockedIncident) => Promise<void>,
  ): Promise<boolean> {
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, incidentId);
      if (!incident) throw notFound(`no incident ${incidentId}`);
      if (!applyIncidentAction(incident.state, { kind: 'note' }).ok)
        throw conflict('incident_closed', `the incident is ${incident.state.status}`, { status: incident.state.status });
      const added = await appendTimeline(tx, { ...fact, incidentId, actorId });
      if (!added) return false;
      await alongside?.(tx, incident);
      commit.changed(incidentId);
      return true;
    });
  }
}
