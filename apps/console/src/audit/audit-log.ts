import type { AuthUser } from '@app/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AuditRecord {
  actor: AuthUser;
  action: string;
  entityType: string;
  entityId?: string;
  address?: string;
  /** Names of what changed or was asked for; never values (no medical data in the audit log). */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string | null; username: string; role: string };
  action: string;
  entityType: string;
  entityId?: string;
  address?: string;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  limit: number;
  /** Entries older than this id (the `nextCursor` of the previous page). */
  before?: string;
}

@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Several entries in one statement (every viewer of one live snapshot): one row each, one round trip. */
  async recordMany(entries: AuditRecord[]): Promise<void> {
    if (!entries.length) return;
    const columns = 8;
    const rows = entries.map((_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`);
    await this.dataSource.query(
      `INSERT INTO audit_log (actor_id, actor_username, actor_role, action, entity_type, entity_id, address, details)
       VALUES ${rows.join(', ')}`,
      entries.flatMap((entry) => [
        entry.actor.id,
        entry.actor.username,
        entry.actor.role,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.address ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
      ]),
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
    if (query.before) add('id < ?', query.before);
    params.push(query.limit + 1);
    const rows: { id: string; entry: AuditEntry }[] = await this.dataSource.query(
      `SELECT id, json_strip_nulls(json_build_object(
          'id', id::text, 'at', hk_iso(at),
          'actor', json_build_object('id', actor_id, 'username', actor_username, 'role', actor_role),
          'action', action, 'entityType', entity_type, 'entityId', entity_id, 'address', address, 'details', details)) AS entry
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
