import type { IncidentHistoryItem, IncidentSearchItem, IncidentSearchQuery, Page } from '@app/contracts';
import { afterCursor, type DistrictFilter, incidentInScopeSql, pageOfRows } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { containsPattern, phoneDigitsPattern, phoneDigitsSql } from '../../common/text-search';

/** The kinds of timeline entry whose words are the incident's notes: operators' notes, closing notes, hand-over notes. */
const NOTE_KINDS = `('note', 'resolved', 'cancelled', 'handed_over')`;

/** One incident `i` (with its acknowledger `u`) as a line of history. */
const HISTORY_ITEM_JSON = `json_strip_nulls(json_build_object(
  'id', i.id, 'type', i.type, 'status', i.status, 'openedAt', hk_iso(i.opened_at), 'resolvedAt', hk_iso(i.resolved_at),
  'outcome', i.outcome, 'escalated', i.escalated, 'pressCount', i.press_count, 'acknowledgedBy', u.username,
  'notes', COALESCE((SELECT json_agg(COALESCE(e.data->>'text', e.data->>'note') ORDER BY e.id) FROM incident_events e
     WHERE e.incident_id = i.id AND e.kind IN ${NOTE_KINDS} AND COALESCE(e.data->>'text', e.data->>'note') IS NOT NULL), '[]'::json)))`;

const FROM_INCIDENTS = `FROM incidents i JOIN residents res ON res.id = i.resident_id LEFT JOIN users u ON u.id = i.acknowledged_by`;

/** Where resolved and cancelled incidents stay findable: a resident's history and the search page. */
@Injectable()
export class IncidentHistoryRepository {
  constructor(private readonly db: DataSource) {}

  /** The resident's other incidents, newest first; undefined when the incident is unknown or outside the caller's districts. */
  async previousOf(incidentId: string, scope: DistrictFilter, limit: number): Promise<IncidentHistoryItem[] | undefined> {
    const params: unknown[] = [incidentId];
    const found: unknown[] = await this.db.query(
      `SELECT 1 FROM incidents i JOIN residents res ON res.id = i.resident_id WHERE i.id = $1 AND ${incidentInScopeSql(scope, 'i', 'res', params)}`,
      params,
    );
    if (!found.length) return undefined;
    const rows: { item: IncidentHistoryItem }[] = await this.db.query(
      `SELECT ${HISTORY_ITEM_JSON} AS item ${FROM_INCIDENTS}
       WHERE i.resident_id = (SELECT resident_id FROM incidents WHERE id = $1) AND i.id <> $1
       ORDER BY i.opened_at DESC, i.id DESC LIMIT $2`,
      [incidentId, limit],
    );
    return rows.map((r) => r.item);
  }

  async search(query: IncidentSearchQuery, scope: DistrictFilter, timeZone: string): Promise<Page<IncidentSearchItem>> {
    const params: unknown[] = [];
    const where = [incidentInScopeSql(scope, 'i', 'res', params)];
    const add = (value: unknown, clause: (p: string) => string) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    // Days are the centre's days (its time zone), not UTC's: "yesterday" means the night shift too.
    if (query.from) add([query.from, timeZone], (p) => `i.opened_at >= ((${p}::text[])[1]::date::timestamp AT TIME ZONE (${p}::text[])[2])`);
    if (query.to) add([query.to, timeZone], (p) => `i.opened_at < (((${p}::text[])[1]::date + 1)::timestamp AT TIME ZONE (${p}::text[])[2])`);
    if (query.district) add(query.district, (p) => `res.district = ${p}`);
    if (query.type) add(query.type, (p) => `i.type = ${p}`);
    if (query.outcome) add(query.outcome, (p) => `i.outcome = ${p}`);
    if (query.state) add(query.state === 'closed', (p) => `(i.status IN ('resolved', 'cancelled')) = ${p}`);
    if (query.resident) {
      const digits = phoneDigitsPattern(query.resident);
      params.push(containsPattern(query.resident), digits ?? null);
      where.push(`(res.full_name ILIKE $${params.length - 1} OR ${phoneDigitsSql('res.phone')} LIKE $${params.length})`);
    }
    if (query.cursor) where.push(afterCursor(query.cursor, params));
    params.push(query.limit + 1);
    const rows: { id: string; opened_at: Date; item: IncidentSearchItem }[] = await this.db.query(
      `SELECT i.id, i.opened_at, (${HISTORY_ITEM_JSON})::jsonb || jsonb_build_object('resident',
         json_strip_nulls(json_build_object('id', res.id, 'fullName', res.full_name, 'district', res.district, 'phone', res.phone))) AS item
       ${FROM_INCIDENTS} WHERE ${where.join(' AND ')}
       ORDER BY i.opened_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
    return pageOfRows(rows, query.limit, (r) => r.item);
  }
}
