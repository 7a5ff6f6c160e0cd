import { type IncidentStatus, type IncidentView, isOutageView, LIVE_INCIDENT_STATUSES, type Page, type Resident, type TimelineEntry } from '@app/contracts';
import { ageOn } from '@app/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { type DistrictFilter, EVERY_DISTRICT, incidentInScopeSql } from './district-filter';
import { finishOutage } from './outage-views';
import { INCIDENT_VIEW_SELECT } from './read-model.sql';
import { idsInSql } from './sql-lists';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** Nulls in the JSON mean "absent" in the contract. */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

export function withAge<R extends Omit<Resident, 'age'>>(resident: R, now = new Date()): R & { age: number } {
  return { ...resident, age: ageOn(resident.dateOfBirth, now) };
}

function finish(raw: IncidentView): IncidentView {
  const view = withoutNulls(raw);
  if (isOutageView(view)) return finishOutage(view);
  return { ...view, resident: withAge(view.resident) };
}

function encodeCursor(openedAt: Date, id: string): string {
  return Buffer.from(`${openedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: string; id: string } | undefined {
  const [openedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!openedAt || !id || Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return { openedAt, id };
}

export class InvalidCursorError extends Error {}

/** Keyset paging over incidents `i`, newest first: the condition that starts after a cursor (its two values are pushed to `params`). */
export function afterCursor(cursor: string, params: unknown[]): string {
  const after = decodeCursor(cursor);
  if (!after) throw new InvalidCursorError('invalid cursor');
  params.push(after.openedAt, after.id);
  return `(i.opened_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
}

/** A page of `limit` items from the `limit + 1` rows read: the extra row says whether there is a next page. */
export function pageOfRows<R extends { id: string; opened_at: Date }, T>(rows: readonly R[], limit: number, item: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(item), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.opened_at, last.id) } : {}) };
}

/** The read side of incidents: whole IncidentViews in one query each. */
export class IncidentViews {
  constructor(private readonly db: Queryable) {}

  /** Undefined as well when the incident is outside the reader's districts: its existence is not told. */
  async byId(id: string, scope: DistrictFilter = EVERY_DISTRICT): Promise<IncidentView | undefined> {
    const params: unknown[] = [id];
    const rows: { view: IncidentView }[] = await this.db.query(
      `${INCIDENT_VIEW_SELECT} WHERE i.id = $1 AND ${incidentInScopeSql(scope, 'i', 'res', params)}`,
      params,
    );
    return rows[0] ? finish(rows[0].view) : undefined;
  }

  /** The views of many incidents in one query (after-commit pushes); ids not found are left out, order is not kept. */
  async byIds(ids: readonly string[]): Promise<IncidentView[]> {
    if (!ids.length) return [];
    // Postgres is to keep one generic plan of this large statement (planning was most of its
    // time): one id (nearly every dispatcher push) is asked as `= $1`, several through idsInSql.
    const rows: { view: IncidentView }[] =
      ids.length === 1
        ? await this.db.query(`${INCIDENT_VIEW_SELECT} WHERE i.id = $1`, [ids[0]])
        : await this.db.query(`${INCIDENT_VIEW_SELECT} WHERE ${idsInSql('i.id', '$1')}`, [ids]);
    return rows.map((r) => finish(r.view));
  }

  /** Every incident not resolved or cancelled, newest first: the console's snapshot. */
  async live(): Promise<IncidentView[]> {
    const rows: { view: IncidentView }[] = await this.db.query(`${INCIDENT_VIEW_SELECT} WHERE i.status = ANY($1) ORDER BY i.opened_at DESC, i.id DESC`, [
      LIVE_INCIDENT_STATUSES,
    ]);
    return rows.map((r) => finish(r.view));
  }

  async page(query: { statuses?: IncidentStatus[]; limit: number; cursor?: string; scope?: DistrictFilter }): Promise<Page<IncidentView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.scope && !query.scope.all) where.push(incidentInScopeSql(query.scope, 'i', 'res', params));
    if (query.statuses?.length) {
      params.push(query.statuses);
      where.push(`i.status = ANY($${params.length})`);
    }
    if (query.cursor) where.push(afterCursor(query.cursor, params));
    params.push(query.limit + 1);
    const rows: { id: string; opened_at: Date; view: IncidentView }[] = await this.db.query(
      `${INCIDENT_VIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY i.opened_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
    return pageOfRows(rows, query.limit, (r) => finish(r.view));
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows: { entry: TimelineEntry }[] = await this.db.query(
      `SELECT json_strip_nulls(json_build_object(
          'at', hk_iso(e.at), 'kind', e.kind,
          'actor', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'username', u.username) END,
          'data', e.data)) AS entry
       FROM incident_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.incident_id = $1 ORDER BY e.id`,
      [incidentId],
    );
    return rows.map((r) => r.entry);
  }
}
