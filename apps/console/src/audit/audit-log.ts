import type { AuditEntryView } from '@app/contracts';
import type { Role } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditedEntity } from './audited.decorator';

/** Who did it: a user, or for a failed login to no account, the username as typed. */
export interface AuditActor {
  id?: string;
  username: string;
  role: Role | 'unknown';
}

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  entityType: AuditedEntity;
  entityId?: string;
  address?: string;
  /**
   * Names of what changed or was asked for, and the ids of what was shown (`ids`, of
   * `entityType`); never values (no medical data in the audit log).
   */
  details?: { ids?: string[] } & Record<string, unknown>;
  /** Residents the row concerns besides those its ids resolve to (AuditAlsoConcerns). */
  alsoConcerns?: string[];
}

/** One row as `GET /v1/audit` answers it (the shape is the contracts', shared with the audit page). */
export type AuditEntry = AuditEntryView;

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Every row that concerns this resident, by whichever path (views, searches, incidents, pushes). */
  residentId?: string;
  limit: number;
  /** Entries older than this id (the `nextCursor` of the previous page). */
  before?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The residents a row concerns, from the ids it names, resolved in the same statement as the
 * insert: a resident's own id, or the resident of an incident, a dispatch, a device, a follow-up,
 * a care visit or a visit request, and the residents the route named as concerned as well. Every
 * audited path goes through here, so none can forget to fill the column. The arguments are the
 * row's parameter numbers: its entity type, the uuids it names, every id it names, and the
 * residents named as concerned as well.
 */
const concernedResidents = (type: string, uuids: string, ids: string, also: string): string => `ARRAY(SELECT DISTINCT r FROM (
    SELECT id AS r FROM residents WHERE ${type} = 'resident' AND id = ANY(${uuids}::uuid[])
    UNION ALL SELECT id FROM residents WHERE id = ANY(${also}::uuid[])
    UNION ALL SELECT resident_id FROM incidents WHERE ${type} = 'incident' AND id = ANY(${uuids}::uuid[]) AND resident_id IS NOT NULL
    UNION ALL SELECT resident_id FROM outage_devices WHERE ${type} = 'incident' AND incident_id = ANY(${uuids}::uuid[])
    UNION ALL SELECT i.resident_id FROM dispatches d JOIN incidents i ON i.id = d.incident_id WHERE ${type} = 'dispatch' AND d.id = ANY(${uuids}::uuid[])
    UNION ALL SELECT resident_id FROM devices WHERE ${type} = 'device' AND serial = ANY(${ids}::text[])
    UNION ALL SELECT resident_id FROM follow_ups WHERE ${type} = 'follow_up' AND id = ANY(${uuids}::uuid[])
    UNION ALL SELECT resident_id FROM care_visits WHERE ${type} = 'visit' AND id = ANY(${uuids}::uuid[])
    UNION ALL SELECT resident_id FROM visit_requests WHERE ${type} = 'visit_request' AND id = ANY(${uuids}::uuid[])
  ) concerned)`;

/** Parameters per row: the eight columns, then the uuids and the ids the row names, then the residents it also concerns. */
const PARAMS_PER_ROW = 11;

@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Several entries in one statement (every viewer of one live snapshot): one row each, one round trip. */
  async recordMany(entries: AuditRecord[]): Promise<void> {
    if (!entries.length) return;
    const rows = entries.map((_, row) => {
      const p = (column: number) => `$${row * PARAMS_PER_ROW + column}`;
      return `(${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')}, ${concernedResidents(p(5), p(9), p(10), p(11))})`;
    });
    await this.dataSource.query(
      `INSERT INTO audit_log (actor_id, actor_username, actor_role, action, entity_type, entity_id, address, details, resident_ids)
       VALUES ${rows.join(', ')}`,
      entries.flatMap((entry) => {
        const named = [...(entry.entityId ? [entry.entityId] : []), ...(entry.details?.ids ?? [])];
        return [
          entry.actor.id ?? null,
          entry.actor.username,
          entry.actor.role,
          entry.action,
          entry.entityType,
          entry.entityId ?? null,
          entry.address ?? null,
          entry.details ? JSON.stringify(entry.details) : null,
          named.filter((id) => UUID.test(id)),
          named,
          (entry.alsoConcerns ?? []).filter((id) => UUID.test(id)),
        ];
      }),
    );
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.actorId) add('actor_id = ?', query.actorId);
    // Containment, so that the GIN index on resident_ids answers it.
    if (query.residentId) add('resident_ids @> ARRAY[?::uuid]', query.residentId);
    if (query.before) add('id < ?', query.before);
    params.push(query.limit + 1);
    const rows: { id: string; entry: AuditEntry }[] = await this.dataSource.query(
      `SELECT id, json_strip_nulls(json_build_object(
          'id', id::text, 'at', hk_iso(at),
          'actor', json_build_object('id', actor_id, 'username', actor_username, 'role', actor_role),
          'action', action, 'entityType', entity_type, 'entityId', entity_id, 'address', address, 'details', details,
          'residentIds', resident_ids)) AS entry
       FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, query.limit);
    return {
      items: items.map((r) => r.entry),
      ...(rows.length > query.limit ? { nextCursor: items[items.length - 1]!.id } : {}),
    };
  }
}
