import type { Responder, ResponderInput, ResponderRole } from '@app/contracts';
import { responderJson } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class RespondersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: ResponderInput): Promise<Responder> {
    const rows: { responder: Responder }[] = await this.dataSource.query(
      `INSERT INTO responders AS r (full_name, role, phone) VALUES ($1, $2, $3) RETURNING ${responderJson('r')} AS responder`,
      [input.fullName, input.role, input.phone],
    );
    return rows[0]!.responder;
  }

  async listActive(role?: ResponderRole): Promise<Responder[]> {
    const rows: { responder: Responder }[] = await this.dataSource.query(
      `SELECT ${responderJson('r')} AS responder FROM responders r
       WHERE r.active AND ($1::text IS NULL OR r.role = $1) ORDER BY r.full_name, r.id`,
      [role ?? null],
    );
    return rows.map((r) => r.responder);
  }

  /** The roles of those of the given ids that are active responders. */
  async activeRoles(ids: string[]): Promise<Map<string, ResponderRole>> {
    if (!ids.length) return new Map();
    const rows: { id: string; role: ResponderRole }[] = await this.dataSource.query('SELECT id, role FROM responders WHERE id = ANY($1::uuid[]) AND active', [
      ids,
    ]);
    return new Map(rows.map((r) => [r.id, r.role]));
  }
}
