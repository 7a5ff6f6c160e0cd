import type { AlarmProtocol, ProtocolKind, ProtocolStep } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const PROTOCOL_JSON = `json_build_object('kind', p.kind, 'steps', p.steps, 'updatedAt', hk_iso(p.updated_at))`;

/** The checklists per kind of alarm (the migration seeds one of each; admins replace them). */
@Injectable()
export class ProtocolsRepository {
  constructor(private readonly db: DataSource) {}

  async all(): Promise<AlarmProtocol[]> {
    const rows: { protocol: AlarmProtocol }[] = await this.db.query(`SELECT ${PROTOCOL_JSON} AS protocol FROM alarm_protocols p ORDER BY p.kind`);
    return rows.map((r) => r.protocol);
  }

  async ofKinds(kinds: readonly ProtocolKind[]): Promise<AlarmProtocol[]> {
    const rows: { protocol: AlarmProtocol }[] = await this.db.query(`SELECT ${PROTOCOL_JSON} AS protocol FROM alarm_protocols p WHERE p.kind = ANY($1)`, [
      kinds,
    ]);
    const byKind = new Map(rows.map((r) => [r.protocol.kind, r.protocol]));
    return kinds.map((kind) => byKind.get(kind)).filter((p): p is AlarmProtocol => p !== undefined);
  }

  async replace(kind: ProtocolKind, steps: ProtocolStep[], actorId: string): Promise<AlarmProtocol> {
    const rows: { protocol: AlarmProtocol }[] = await this.db.query(
      `INSERT INTO alarm_protocols AS p (kind, steps, updated_at, updated_by) VALUES ($1, $2::jsonb, now(), $3)
       ON CONFLICT (kind) DO UPDATE SET steps = EXCLUDED.steps, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING ${PROTOCOL_JSON} AS protocol`,
      [kind, JSON.stringify(steps), actorId],
    );
    return rows[0]!.protocol;
  }

  /** The ticks of an incident's checklists, from its timeline: `kind/stepId` → when and by whom. */
  async ticks(incidentId: string): Promise<Map<string, { at: string; by?: string }>> {
    const rows: { kind: string; step_id: string; at: string; by: string | null }[] = await this.db.query(
      `SELECT e.data->>'protocol' AS kind, e.data->>'stepId' AS step_id, hk_iso(e.at) AS at, u.username AS by
       FROM incident_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.incident_id = $1 AND e.kind = 'protocol_step_done' ORDER BY e.id`,
      [incidentId],
    );
    return new Map(rows.map((r) => [`${r.kind}/${r.step_id}`, { at: r.at, ...(r.by ? { by: r.by } : {}) }]));
  }
}
