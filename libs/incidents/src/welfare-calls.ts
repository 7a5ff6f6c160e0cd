import type { WelfareCallInput } from '@app/contracts';
import { appendTimeline } from '@app/database';
import { Injectable } from '@nestjs/common';
import { IncidentTransactions } from './incident-transactions';
import { IncidentsRepository } from './incidents.repository';
import { notFound } from './write-refused';

/**
 * Welfare calls of an area outage: an operator records that a resident of the outage was
 * reached or not, with a note. The last outcome per resident is kept (the list shows it), every
 * call is a timeline fact, and the view is pushed (incident.updated), as every change is.
 * Calls may still be recorded once the outage is over: people are called back after it.
 */
@Injectable()
export class WelfareCalls {
  constructor(
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
  ) {}

  record(incidentId: string, residentId: string, actorId: string, call: WelfareCallInput): Promise<void> {
    return this.transactions.run(async (tx, commit) => {
      const incident = await this.incidents.lock(tx, incidentId);
      if (!incident || incident.type !== 'area_outage') throw notFound(`no area outage ${incidentId}`);
      const rows: unknown[] = await tx.query(
        `INSERT INTO welfare_calls (incident_id, resident_id, outcome, note, called_by)
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM outage_devices WHERE incident_id = $1 AND resident_id = $2)
         ON CONFLICT (incident_id, resident_id) DO UPDATE
           SET outcome = EXCLUDED.outcome, note = EXCLUDED.note, called_by = EXCLUDED.called_by, called_at = now()
         RETURNING resident_id`,
        [incidentId, residentId, call.outcome, call.note ?? null, actorId],
      );
      if (!rows.length) throw notFound(`resident ${residentId} is not in this outage`);
      await appendTimeline(tx, {
        incidentId,
        actorId,
        kind: 'welfare_call',
        data: { residentId, outcome: call.outcome, ...(call.note ? { note: call.note } : {}) },
      });
      commit.changed(incidentId);
    });
  }
}
