import type { EscalationReason, IncidentStatus, IncidentType, Outcome } from '@app/contracts';
import { idsInSql } from '@app/database';
import type { CareTeamRole, IncidentState, OfferRecord } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LostRace } from './incident-transactions';

/** An incident row held (FOR NO KEY UPDATE) until the transaction ends: every decision on it is made on this state. */
export interface LockedIncident {
  id: string;
  type: IncidentType;
  residentId: string;
  state: IncidentState;
  openedAt: Date;
  /** Who took the call, for the refusal message of a second acknowledgement. */
  acknowledgedBy?: string;
}

/** An incident's dispatches and care team, as the cascade reads them under the incident's lock. */
export interface CascadeFacts {
  dispatches: (OfferRecord & { id: string })[];
  /** Role → responder id, active responders only. */
  careTeam: Partial<Record<CareTeamRole, string>>;
  /** Responder id → full name, for the care team's members. */
  names: Map<string, string>;
}

type Queryable = Pick<EntityManager, 'query'>;

const LOCKED_COLUMNS = `i.id, i.type, i.resident_id, i.status, i.escalated, i.acknowledged_by IS NOT NULL AS acknowledged, i.opened_at,
       (SELECT u.username FROM users u WHERE u.id = i.acknowledged_by) AS acknowledged_by`;

interface LockedRow {
  id: string;
  type: IncidentType;
  resident_id: string;
  status: IncidentStatus;
  escalated: boolean;
  acknowledged: boolean;
  opened_at: Date;
  acknowledged_by: string | null;
}

function lockedOf(row: LockedRow): LockedIncident {
  return {
    id: row.id,
    type: row.type,
    residentId: row.resident_id,
    state: { status: row.status, acknowledged: row.acknowledged, escalated: row.escalated },
    openedAt: row.opened_at,
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
  };
}

interface CascadeFactsRow {
  dispatches: (OfferRecord & { id: string })[];
  team: { role: CareTeamRole; id: string; fullName: string }[];
}

/** The select list of the cascade's facts, for the incident and resident the two expressions name. */
const cascadeFactsSql = (incidentId: string, residentId: string) =>
  `COALESCE((SELECT json_agg(json_build_object('id', d.id, 'responderId', d.responder_id, 'status', d.status, 'manual', d.manual)
                             ORDER BY d.offered_at, d.id)
             FROM dispatches d WHERE d.incident_id = ${incidentId}), '[]'::json) AS dispatches,
   COALESCE((SELECT json_agg(json_build_object('role', ct.role, 'id', r.id, 'fullName', r.full_name))
             FROM care_team ct JOIN responders r ON r.id = ct.responder_id AND r.active
             WHERE ct.resident_id = ${residentId}), '[]'::json) AS team`;

function cascadeFactsOf(row: CascadeFactsRow | undefined): CascadeFacts {
  const { dispatches = [], team = [] } = row ?? {};
  return {
    dispatches,
    careTeam: Object.fromEntries(team.map((m) => [m.role, m.id])),
    names: new Map(team.map((m) => [m.id, m.fullName])),
  };
}

/**
 * Every write is guarded by the whole state it was decided on (status, acknowledgement,
 * escalation). The row is locked first, so the guard holds unless the code is wrong; a write
 * that still matches nothing throws LostRace and the transaction is decided again.
 */
const UNCHANGED = `id = $1 AND status = $2 AND (acknowledged_by IS NOT NULL) = $3 AND escalated = $4`;
const unchanged = (id: string, from: IncidentState) => [id, from.status, from.acknowledged, from.escalated];

/** The write side of incidents, one method per kind of change. Versions are raised by IncidentTransactions. */
@Injectable()
export class IncidentsRepository {
  /**
   * Locks the incident for the rest of the transaction. Every transaction that changes an
   * incident or its dispatches takes this lock first, so they queue up per incident in one
   * order and never deadlock.
   *
   * FOR NO KEY UPDATE, not FOR UPDATE (and so for the dispatch after it, DispatchesRepository.lock):
   * the writers still exclude each other (and ingest's press statement, whose upsert takes the
   * same lock), but a transaction that only inserts rows pointing at the incident or its
   * dispatches (the notifier's notification rows and timeline facts, whose foreign keys take KEY
   * SHARE locks) neither waits for them nor makes them wait. With FOR UPDATE the two deadlocked:
   * the notifier, holding share locks on dispatches while it sent their offers, waited for the
   * incident; a writer holding the incident waited for one of those dispatches.
   */
  async lock(tx: EntityManager, id: string): Promise<LockedIncident | undefined> {
    const rows: LockedRow[] = await tx.query(`SELECT ${LOCKED_COLUMNS} FROM incidents i WHERE i.id = $1 FOR NO KEY UPDATE`, [id]);
    return rows[0] ? lockedOf(rows[0]) : undefined;
  }

  /**
   * Locks several incidents in one statement, in resident order, the order ingest's press
   * statement takes them in (press-store.ts): transactions that lock several incidents then
   * lock alike and do not deadlock on each other. Ids not found are left out.
   */
  async lockMany(tx: EntityManager, ids: readonly string[]): Promise<LockedIncident[]> {
    const rows: LockedRow[] = await tx.query(
      `SELECT ${LOCKED_COLUMNS} FROM incidents i WHERE i.id = ANY($1::uuid[]) ORDER BY i.resident_id, i.id FOR NO KEY UPDATE`,
      [ids],
    );
    return rows.map(lockedOf);
  }

  acknowledge(tx: EntityManager, id: string, from: IncidentState, to: IncidentState, userId: string): Promise<void> {
    return this.guarded(tx, `SET status = $5, acknowledged_at = now(), acknowledged_by = $6`, id, from, [to.status, userId]);
  }

  resolve(tx: EntityManager, id: string, from: IncidentState, outcome: Outcome): Promise<void> {
    return this.guarded(tx, `SET status = 'resolved', outcome = $5, resolved_at = now()`, id, from, [outcome]);
  }

  /** A cancelled incident is closed too: resolved_at records when. */
  cancel(tx: EntityManager, id: string, from: IncidentState): Promise<void> {
    return this.guarded(tx, `SET status = 'cancelled', resolved_at = now()`, id, from, []);
  }

  /** Forward moves driven by responders (dispatched, on_scene). */
  moveStatus(tx: EntityManager, id: string, from: IncidentState, to: IncidentState): Promise<void> {
    return this.guarded(tx, `SET status = $5`, id, from, [to.status]);
  }

  escalate(tx: EntityManager, id: string, from: IncidentState, reason: EscalationReason): Promise<void> {
    return this.guarded(tx, `SET escalated = true, escalated_at = now(), escalation_reason = $5`, id, from, [reason]);
  }

  /**
   * What the cascade decides on, for incidents the transaction has locked, in one statement:
   * each one's dispatches (oldest first) and its resident's care team of active responders, with
   * their names for the offer's timeline fact. By incident id (idsInSql: with `unnest($1)` the
   * statement was planned again for every batch, and planning cost three times the read).
   */
  async cascadeFacts(tx: EntityManager, incidents: readonly Pick<LockedIncident, 'id'>[]): Promise<Map<string, CascadeFacts>> {
    if (!incidents.length) return new Map();
    const rows: (CascadeFactsRow & { id: string })[] = await tx.query(
      `SELECT i.id, ${cascadeFactsSql('i.id', 'i.resident_id')} FROM incidents i WHERE ${idsInSql('i.id', '$1')}`,
      [incidents.map((i) => i.id)],
    );
    return new Map(rows.map((row) => [row.id, cascadeFactsOf(row)]));
  }

  /**
   * The same facts and the incident's type and status, without a lock: enough to see that a
   * cascade has nothing to do (an offer waits, someone took the job, the incident is closed).
   * Undefined if there is no such incident.
   */
  async peekCascade(db: Queryable, incidentId: string): Promise<(CascadeFacts & { type: IncidentType; status: IncidentStatus }) | undefined> {
    const rows: (CascadeFactsRow & { type: IncidentType; status: IncidentStatus })[] = await db.query(
      `SELECT i.type, i.status, ${cascadeFactsSql('i.id', 'i.resident_id')} FROM incidents i WHERE i.id = $1`,
      [incidentId],
    );
    const row = rows[0];
    return row ? { type: row.type, status: row.status, ...cascadeFactsOf(row) } : undefined;
  }

  private async guarded(tx: EntityManager, set: string, id: string, from: IncidentState, params: unknown[]): Promise<void> {
    const [rows]: [unknown[], number] = await tx.query(`UPDATE incidents ${set} WHERE ${UNCHANGED} RETURNING id`, [...unchanged(id, from), ...params]);
    if (rows.length !== 1) throw new LostRace(`incident ${id}`);
  }
}
