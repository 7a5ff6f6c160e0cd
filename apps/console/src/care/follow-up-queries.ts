import type { FollowUp, FollowUpStatus, VisitRequest, VisitRequestStatus } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cursorRows } from '../common/csv';
import { type DistrictScope, inDistrictScope } from '../common/district-scope';

/** A list answers at most this many; the CSV export has no cap (it streams). */
const LIST_LIMIT = 500;

/** One follow-up as the API shows it ($1 status, $2 district scope). */
const FOLLOW_UPS_SQL = `
SELECT json_strip_nulls(json_build_object(
  'id', f.id, 'incidentId', f.incident_id,
  'resident', json_build_object('id', r.id, 'fullName', r.full_name, 'phone', r.phone, 'district', r.district),
  'dueAt', hk_iso(f.due_at), 'status', f.status, 'overdue', f.status = 'due' AND f.due_at < now(),
  'outcome', f.outcome, 'satisfaction', f.satisfaction, 'note', f.note, 'doneAt', hk_iso(f.done_at),
  'doneBy', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'username', u.username) END,
  'incident', json_build_object('type', i.type, 'openedAt', hk_iso(i.opened_at), 'resolvedAt', hk_iso(i.resolved_at),
     'outcome', i.outcome, 'pressCount', i.press_count,
     'resolutionNote', (SELECT e.data->>'note' FROM incident_events e WHERE e.incident_id = i.id AND e.kind = 'resolved' ORDER BY e.id DESC LIMIT 1))
)) AS view
FROM follow_ups f
JOIN residents r ON r.id = f.resident_id
JOIN incidents i ON i.id = f.incident_id
LEFT JOIN users u ON u.id = f.done_by
WHERE f.status = $1 AND ${inDistrictScope('r', 2)}
ORDER BY CASE WHEN f.status = 'due' THEN f.due_at END ASC, f.done_at DESC, f.id`;

/** One visit request ($1 status, $2 district scope, $3 a responder whose care team it must be, or null). */
const VISIT_REQUESTS_SQL = `
SELECT json_strip_nulls(json_build_object(
  'id', q.id, 'followUpId', q.follow_up_id, 'incidentId', q.incident_id, 'note', q.note, 'status', q.status,
  'createdAt', hk_iso(q.created_at), 'doneAt', hk_iso(q.done_at), 'visitId', q.visit_id,
  'resident', json_build_object('id', r.id, 'fullName', r.full_name, 'phone', r.phone, 'district', r.district, 'address', r.address)
)) AS view
FROM visit_requests q
JOIN residents r ON r.id = q.resident_id
WHERE q.status = $1 AND ${inDistrictScope('r', 2)}
  AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM care_team ct WHERE ct.resident_id = r.id AND ct.responder_id = $3::uuid))
ORDER BY q.created_at, q.id`;

/** The read side of follow-ups and visit requests, for the lists and their CSV exports. */
@Injectable()
export class FollowUpQueries {
  constructor(private readonly dataSource: DataSource) {}

  async followUps(status: FollowUpStatus, scope: DistrictScope): Promise<FollowUp[]> {
    const rows: { view: FollowUp }[] = await this.dataSource.query(`${FOLLOW_UPS_SQL} LIMIT ${LIST_LIMIT}`, [status, scope]);
    return rows.map((r) => r.view);
  }

  async *streamFollowUps(status: FollowUpStatus, scope: DistrictScope): AsyncGenerator<FollowUp> {
    for await (const row of cursorRows<{ view: FollowUp }>(this.dataSource, FOLLOW_UPS_SQL, [status, scope])) yield row.view;
  }

  async visitRequests(status: VisitRequestStatus, scope: DistrictScope, careTeamOf: string | null = null): Promise<VisitRequest[]> {
    const rows: { view: VisitRequest }[] = await this.dataSource.query(`${VISIT_REQUESTS_SQL} LIMIT ${LIST_LIMIT}`, [status, scope, careTeamOf]);
    return rows.map((r) => r.view);
  }

  async *streamVisitRequests(status: VisitRequestStatus, scope: DistrictScope): AsyncGenerator<VisitRequest> {
    for await (const row of cursorRows<{ view: VisitRequest }>(this.dataSource, VISIT_REQUESTS_SQL, [status, scope, null])) yield row.view;
  }

  /** The district of the resident a follow-up is about (undefined: no such follow-up), for the scope check before a write. */
  async districtOfFollowUp(id: string): Promise<{ district: string | null } | undefined> {
    const rows: { district: string | null }[] = await this.dataSource.query(
      `SELECT r.district FROM follow_ups f JOIN residents r ON r.id = f.resident_id WHERE f.id = $1`,
      [id],
    );
    return rows[0];
  }

  async followUp(id: string): Promise<FollowUp | undefined> {
    const rows: { view: FollowUp }[] = await this.dataSource.query(FOLLOW_UPS_SQL.replace('WHERE f.status = $1 AND', 'WHERE f.id = $1::uuid AND'), [id, null]);
    return rows[0]?.view;
  }
}
