import type { IncidentStatus, Outcome } from '@app/contracts';
import type { IncidentState } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../common/returned-rows';

export interface CurrentIncident {
  state: IncidentState;
  /** Who took the call, for the refusal message of a second acknowledgement. */
  acknowledgedBy?: string;
}

/**
 * Every write is guarded by the whole state it was decided on: if anyone (another operator,
 * a worker, a press) changed the status, the acknowledgement or the escalation meanwhile, the
 * write matches nothing and the caller decides again from the fresh state.
 */
const UNCHANGED = `id = $1 AND status = $2 AND (acknowledged_by IS NOT NULL) = $3 AND escalated = $4`;
const unchanged = (id: string, from: IncidentState) => [id, from.status, from.acknowledged, from.escalated];

/** The write side of incident changes made by people, one method per kind of change. */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findState(id: string): Promise<CurrentIncident | undefined> {
    const rows: { status: IncidentStatus; escalated: boolean; acknowledged: boolean; acknowledged_by: string | null }[] =
      await this.dataSource.query(
        `SELECT i.status, i.escalated, i.acknowledged_by IS NOT NULL AS acknowledged, u.username AS acknowledged_by
         FROM incidents i LEFT JOIN users u ON u.id = i.acknowledged_by WHERE i.id = $1`,
        [id],
      );
    const row = rows[0];
    if (!row) return undefined;
    return {
      state: { status: row.status, acknowledged: row.acknowledged, escalated: row.escalated },
      ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    };
  }

  async acknowledge(tx: EntityManager, id: string, from: IncidentState, to: IncidentState, userId: string): Promise<boolean> {
    return this.guarded(
      tx,
      `SET status = $5, acknowledged_at = now(), acknowledged_by = $6, version = version + 1, updated_at = now()`,
      id,
      from,
      [to.status, userId],
    );
  }

  async resolve(tx: EntityManager, id: string, from: IncidentState, outcome: Outcome): Promise<boolean> {
    return this.guarded(
      tx,
      `SET status = 'resolved', outcome = $5, resolved_at = now(), version = version + 1, updated_at = now()`,
      id,
      from,
      [outcome],
    );
  }

  /** A cancelled incident is closed too: resolved_at records when. */
  async cancel(tx: EntityManager, id: string, from: IncidentState): Promise<boolean> {
    return this.guarded(tx, `SET status = 'cancelled', resolved_at = now(), version = version + 1, updated_at = now()`, id, from, []);
  }

  /**
   * For facts that change nothing on the incident (a note): holds the row as decided on until
   * the transaction ends, so the incident cannot close between the decision and the write.
   */
  async holdUnchanged(tx: EntityManager, id: string, from: IncidentState): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM incidents WHERE ${UNCHANGED} FOR SHARE`, unchanged(id, from));
    return rows.length === 1;
  }

  private async guarded(tx: EntityManager, set: string, id: string, from: IncidentState, params: unknown[]): Promise<boolean> {
    const result: unknown = await tx.query(`UPDATE incidents ${set} WHERE ${UNCHANGED} RETURNING id`, [...unchanged(id, from), ...params]);
    return returnedRows(result).length === 1;
  }
}
