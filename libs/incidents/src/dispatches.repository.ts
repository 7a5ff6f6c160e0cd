import { type Dispatch, DISPATCH_STATUSES, type DispatchStatus, type OfferResident, type Responder, type ResponderDispatch } from '@app/contracts';
import { dispatchJson, responderJson } from '@app/database';
import { ageOn, isDispatchOpen, type OfferRecord } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { LostRace } from './incident-transactions';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** A dispatch row held (FOR NO KEY UPDATE) until the transaction ends. */
export interface LockedDispatch {
  id: string;
  incidentId: string;
  responderId: string;
  role: string;
  status: DispatchStatus;
  manual: boolean;
  offeredAt: Date;
  /** The offer's time ran out by the database clock (its timeout job may not have run yet). */
  expired: boolean;
}

/** An offer with everything a notification channel needs to deliver it. */
export interface OfferDetails {
  dispatch: Dispatch;
  responder: Responder;
  resident: OfferResident;
}

const OPEN_STATUSES = DISPATCH_STATUSES.filter(isDispatchOpen);

/** Which timestamp a transition records. */
const STAMP: Partial<Record<DispatchStatus, string>> = {
  accepted: 'responded_at',
  declined: 'responded_at',
  timed_out: 'responded_at',
  arrived: 'arrived_at',
  completed: 'completed_at',
};

/** `Dispatch` (`libs/contracts`) of row `d` joined with its responder `r`. */
const DISPATCH_JSON = `(${dispatchJson('d', 'r')}::jsonb || jsonb_build_object('incidentId', d.incident_id, 'role', d.role, 'manual', d.manual)) AS dispatch`;

/** The resident facts a responder needs at the door, and no more, of resident row `res`. */
const OFFER_RESIDENT = `json_strip_nulls(json_build_object(
  'fullName', res.full_name, 'dateOfBirth', to_char(res.date_of_birth, 'YYYY-MM-DD'), 'phone', res.phone,
  'address', res.address, 'accessNotes', res.access_notes,
  'medicalHistory', res.medical_history, 'allergies', res.allergies)) AS resident`;

type RawResident = Omit<OfferResident, 'age'> & { dateOfBirth: string };
const withAge = ({ dateOfBirth, ...resident }: RawResident): OfferResident => ({ ...resident, age: ageOn(dateOfBirth, new Date()) });

/** The write and read side of dispatches (offers to responders), one method per question. */
@Injectable()
export class DispatchesRepository {
  /** The incident and responder of a dispatch: they never change, so no lock is needed to learn them. */
  async owner(db: Queryable, id: string): Promise<{ incidentId: string; responderId: string } | undefined> {
    return (await this.owners(db, [id])).get(id);
  }

  /** `owner` of several dispatches in one read, by dispatch id (one that does not exist is absent). */
  async owners(db: Queryable, ids: readonly string[]): Promise<Map<string, { incidentId: string; responderId: string }>> {
    const rows: { id: string; incident_id: string; responder_id: string }[] = await db.query(
      'SELECT id, incident_id, responder_id FROM dispatches WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { incidentId: r.incident_id, responderId: r.responder_id }]));
  }

  /** Call with the incident already locked (IncidentsRepository.lock, which says why FOR NO KEY UPDATE). */
  async lock(tx: EntityManager, id: string): Promise<LockedDispatch | undefined> {
    return (await this.lockMany(tx, [id]))[0];
  }

  /** `lock` of several dispatches in one statement, in id order (so two batches that share dispatches cannot deadlock). */
  async lockMany(tx: EntityManager, ids: readonly string[]): Promise<LockedDispatch[]> {
    const rows: {
      id: string;
      incident_id: string;
      responder_id: string;
      role: string;
      status: DispatchStatus;
      manual: boolean;
      offered_at: Date;
      expired: boolean;
    }[] = await tx.query(
      `SELECT id, incident_id, responder_id, role, status, manual, offered_at, expires_at <= now() AS expired
       FROM dispatches WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      incidentId: row.incident_id,
      responderId: row.responder_id,
      role: row.role,
      status: row.status,
      manual: row.manual,
      offeredAt: row.offered_at,
      expired: row.expired,
    }));
  }

  async ofIncident(tx: EntityManager, incidentId: string): Promise<(OfferRecord & { id: string })[]> {
    const rows: { id: string; responder_id: string; status: DispatchStatus; manual: boolean }[] = await tx.query(
      'SELECT id, responder_id, status, manual FROM dispatches WHERE incident_id = $1 ORDER BY offered_at, id',
      [incidentId],
    );
    return rows.map((r) => ({ id: r.id, responderId: r.responder_id, status: r.status, manual: r.manual }));
  }

  /** Inserts offers in one statement; answers each one's offered and expiry times, by id. */
  async insertOffers(
    tx: EntityManager,
    offers: readonly { id: string; incidentId: string; responderId: string; role: string; manual: boolean; timeoutS: number }[],
  ): Promise<Map<string, { offeredAt: Date; expiresAt: Date }>> {
    if (!offers.length) return new Map();
    const rows: { id: string; offered_at: Date; expires_at: Date }[] = await tx.query(
      `INSERT INTO dispatches (id, incident_id, responder_id, role, manual, offered_at, expires_at)
       SELECT o.id, o.incident_id, o.responder_id, o.role, o.manual, now(), now() + make_interval(secs => o.timeout_s)
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::boolean[], $6::double precision[])
            AS o(id, incident_id, responder_id, role, manual, timeout_s)
       RETURNING id, offered_at, expires_at`,
      [
        offers.map((o) => o.id),
        offers.map((o) => o.incidentId),
        offers.map((o) => o.responderId),
        offers.map((o) => o.role),
        offers.map((o) => o.manual),
        offers.map((o) => o.timeoutS),
      ],
    );
    return new Map(rows.map((r) => [r.id, { offeredAt: r.offered_at, expiresAt: r.expires_at }]));
  }

  /** The guarded write of a transition the dispatch state machine allowed. */
  async transition(tx: EntityManager, id: string, from: DispatchStatus, to: DispatchStatus): Promise<void> {
    const stamp = STAMP[to];
    const [rows]: [unknown[], number] = await tx.query(
      `UPDATE dispatches SET status = $3${stamp ? `, ${stamp} = now()` : ''} WHERE id = $1 AND status = $2 RETURNING id`,
      [id, from, to],
    );
    if (rows.length !== 1) throw new LostRace(`dispatch ${id}`);
  }

  /** Active responders only: an operator cannot offer to someone who left. */
  async activeResponder(db: Queryable, id: string): Promise<Responder | undefined> {
    const rows: { responder: Responder }[] = await db.query(`SELECT ${responderJson('r')} AS responder FROM responders r WHERE r.id = $1 AND r.active`, [id]);
    return rows[0]?.responder;
  }

  async view(db: Queryable, id: string): Promise<Dispatch | undefined> {
    const rows: { dispatch: Dispatch }[] = await db.query(
      `SELECT ${DISPATCH_JSON} FROM dispatches d JOIN responders r ON r.id = d.responder_id WHERE d.id = $1`,
      [id],
    );
    return rows[0]?.dispatch;
  }

  /** A responder's open dispatches (offered or under way), oldest first, with the resident facts for the door. */
  async openForResponder(db: Queryable, responderId: string): Promise<ResponderDispatch[]> {
    const rows: { dispatch: Dispatch; resident: RawResident }[] = await db.query(
      `SELECT ${DISPATCH_JSON},
              ${OFFER_RESIDENT}
       FROM dispatches d JOIN responders r ON r.id = d.responder_id
       JOIN incidents i ON i.id = d.incident_id JOIN residents res ON res.id = i.resident_id
       WHERE d.responder_id = $1 AND d.status = ANY($2) ORDER BY d.offered_at, d.id`,
      [responderId, OPEN_STATUSES],
    );
    return rows.map((r) => ({ ...r.dispatch, resident: withAge(r.resident) }));
  }

  /** The offers of these dispatches, by dispatch id, with what their notifications carry (offers notified together are read together). */
  async offerDetails(db: Queryable, ids: readonly string[]): Promise<Map<string, OfferDetails>> {
    const rows: { dispatch: Dispatch & { responder: Responder }; resident: RawResident }[] = ids.length
      ? await db.query(
          `SELECT ${DISPATCH_JSON},
                  ${OFFER_RESIDENT}
           FROM dispatches d JOIN responders r ON r.id = d.responder_id
           JOIN incidents i ON i.id = d.incident_id JOIN residents res ON res.id = i.resident_id
           WHERE d.id = ANY($1::uuid[])`,
          [ids],
        )
      : [];
    return new Map(rows.map((row) => [row.dispatch.id, { dispatch: row.dispatch, responder: row.dispatch.responder, resident: withAge(row.resident) }]));
  }

  /** The responders of the given dispatches (to tell them an offer is void). */
  async responders(db: Queryable, ids: string[]): Promise<{ dispatchId: string; responderId: string }[]> {
    const rows: { id: string; responder_id: string }[] = await db.query('SELECT id, responder_id FROM dispatches WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => ({ dispatchId: r.id, responderId: r.responder_id }));
  }
}
