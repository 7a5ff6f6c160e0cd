import type { ShiftHandover } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type DistrictFilter, incidentInScopeSql } from '@app/database';

const HANDOVER_JSON = `json_build_object('id', h.id, 'author', json_build_object('id', u.id, 'username', u.username), 'text', h.text, 'createdAt', hk_iso(h.created_at))`;

/** Who works the console, who holds which incident, and the notes one shift leaves the next. */
@Injectable()
export class ShiftRepository {
  constructor(private readonly db: DataSource) {}

  /** Every enabled console user (operators, supervisors, admins), by role then name. */
  async consoleUsers(): Promise<{ id: string; username: string; role: string }[]> {
    return this.db.query(
      `SELECT id, username, role FROM users WHERE role IN ('operator', 'supervisor', 'admin') AND NOT disabled
       ORDER BY array_position(ARRAY['operator', 'supervisor', 'admin'], role), lower(username)`,
    );
  }

  async consoleUser(id: string): Promise<{ id: string; username: string } | undefined> {
    const rows: { id: string; username: string }[] = await this.db.query(
      `SELECT id, username FROM users WHERE id = $1 AND role IN ('operator', 'supervisor', 'admin') AND NOT disabled`,
      [id],
    );
    return rows[0];
  }

  /** The live incidents a user holds: handed to them, or acknowledged by them and never handed on. Oldest first. */
  async liveIncidentIdsOf(userId: string, scope: DistrictFilter): Promise<string[]> {
    const params: unknown[] = [userId];
    const rows: { id: string }[] = await this.db.query(
      `SELECT i.id FROM incidents i JOIN residents res ON res.id = i.resident_id
       LEFT JOIN incident_assignments a ON a.incident_id = i.id
       WHERE i.status NOT IN ('resolved', 'cancelled') AND COALESCE(a.user_id, i.acknowledged_by) = $1 AND ${incidentInScopeSql(scope, 'i', 'res', params)}
       ORDER BY i.opened_at, i.id`,
      params,
    );
    return rows.map((r) => r.id);
  }

  async assign(tx: EntityManager, incidentId: string, userId: string): Promise<void> {
    await tx.query(
      `INSERT INTO incident_assignments (incident_id, user_id) VALUES ($1, $2)
       ON CONFLICT (incident_id) DO UPDATE SET user_id = EXCLUDED.user_id, assigned_at = now()`,
      [incidentId, userId],
    );
  }

  async handovers(limit: number): Promise<ShiftHandover[]> {
    const rows: { note: ShiftHandover }[] = await this.db.query(
      `SELECT ${HANDOVER_JSON} AS note FROM shift_handovers h JOIN users u ON u.id = h.author_id ORDER BY h.created_at DESC, h.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.note);
  }

  async addHandover(authorId: string, text: string): Promise<ShiftHandover> {
    const rows: { note: ShiftHandover }[] = await this.db.query(
      `WITH h AS (INSERT INTO shift_handovers (author_id, text) VALUES ($1, $2) RETURNING *)
       SELECT ${HANDOVER_JSON} AS note FROM h JOIN users u ON u.id = h.author_id`,
      [authorId, text],
    );
    return rows[0]!.note;
  }
}
