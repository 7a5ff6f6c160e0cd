import { APP_CONFIG, type AppConfig } from '@app/config';
import type { CompleteFollowUpRequest, FollowUpStatus } from '@app/contracts';
import { appendTimeline } from '@app/database';
import { applyFollowUpAction, needsFollowUpCall } from '@app/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentTransactions } from './incident-transactions';
import { IncidentsRepository, type LockedIncident } from './incidents.repository';
import { conflict, notFound } from './write-refused';

/**
 * The follow-up call (回访) after an emergency: scheduled in the transaction that resolves the
 * incident, completed once by an operator. Both land in the incident's timeline, so whoever
 * opens the incident sees that the resident was called back and what came of it.
 */
@Injectable()
export class FollowUps {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: IncidentTransactions,
    private readonly incidents: IncidentsRepository,
  ) {}

  /**
   * Inside the resolving transaction, the incident locked. One follow-up per incident (its
   * unique key): a resolve run again after a lost race schedules nothing twice.
   */
  async scheduleLocked(tx: EntityManager, incident: LockedIncident, actorId?: string): Promise<void> {
    if (!needsFollowUpCall(incident.type)) return;
    const rows: { id: string; due_at: string }[] = await tx.query(
      `INSERT INTO follow_ups (incident_id, resident_id, due_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (incident_id) DO NOTHING RETURNING id, hk_iso(due_at) AS due_at`,
      [incident.id, incident.residentId, this.config.FOLLOW_UP_AFTER_H * 3600],
    );
    const created = rows[0];
    if (!created) return;
    await appendTimeline(tx, {
      incidentId: incident.id,
      actorId,
      kind: 'follow_up_scheduled',
      data: { followUpId: created.id, dueAt: created.due_at },
      dedupeKey: `follow-up-scheduled-${incident.id}`,
    });
  }

  /**
   * Records the call: refused (conflict) when it was recorded already. `needs_visit` opens a
   * visit request for the care team in the same transaction. Returns the visit request's id.
   */
  complete(id: string, actorId: string, input: CompleteFollowUpRequest): Promise<{ visitRequestId?: string }> {
    return this.transactions.run(async (tx, commit) => {
      const incidentId = await this.incidentOf(tx, id);
      // The incident's lock first, as every transaction touching an incident takes it: one order, no deadlock.
      await this.incidents.lock(tx, incidentId);
      const [row]: { status: FollowUpStatus; resident_id: string }[] = await tx.query(`SELECT status, resident_id FROM follow_ups WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
      const decision = applyFollowUpAction(row!.status, 'complete');
      if (!decision.ok) throw conflict('follow_up_done', 'the follow-up call is already recorded');
      await tx.query(
        `UPDATE follow_ups SET status = $2, outcome = $3, satisfaction = $4, note = $5, done_at = now(), done_by = $6 WHERE id = $1 AND status = $7`,
        [id, decision.to, input.outcome, input.satisfaction ?? null, input.note ?? null, actorId, decision.from],
      );
      await appendTimeline(tx, {
        incidentId,
        actorId,
        kind: 'follow_up_completed',
        data: {
          followUpId: id,
          outcome: input.outcome,
          ...(input.satisfaction ? { satisfaction: input.satisfaction } : {}),
          ...(input.note ? { note: input.note } : {}),
        },
      });
      let visitRequestId: string | undefined;
      if (input.outcome === 'needs_visit') {
        const [request]: { id: string }[] = await tx.query(
          `INSERT INTO visit_requests (follow_up_id, resident_id, incident_id, note) VALUES ($1, $2, $3, $4) RETURNING id`,
          [id, row!.resident_id, incidentId, input.note ?? null],
        );
        visitRequestId = request!.id;
        await appendTimeline(tx, { incidentId, actorId, kind: 'visit_requested', data: { followUpId: id, visitRequestId } });
      }
      commit.changed(incidentId);
      return visitRequestId ? { visitRequestId } : {};
    });
  }

  private async incidentOf(tx: EntityManager, id: string): Promise<string> {
    const rows: { incident_id: string }[] = await tx.query(`SELECT incident_id FROM follow_ups WHERE id = $1`, [id]);
    if (!rows[0]) throw notFound(`no follow-up ${id}`);
    return rows[0].incident_id;
  }
}
