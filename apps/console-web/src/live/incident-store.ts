import { type IncidentView, isLiveStatus } from '@app/contracts';

/**
 * The console's picture of live incidents, fed by `incident.snapshot`, `incident.created` and
 * `incident.updated`. Events may arrive out of order (several processes emit them through
 * Redis), so each incident keeps the view with the highest `version`.
 */

interface Entry {
  view: IncidentView;
  /** Local time this entry last changed; decides what a snapshot may drop. */
  receivedAt: number;
}

export interface LiveIncidents {
  readonly entries: ReadonlyMap<string, Entry>;
}

export type LiveChange =
  | { kind: 'upsert'; view: IncidentView; at: number }
  /** `connectedAt`: when the socket (re)connected; anything received since then is newer than the snapshot may know. */
  | {
      kind: 'snapshot';
      items: readonly IncidentView[];
      at: number;
      connectedAt: number;
    };

export const EMPTY_LIVE: LiveIncidents = { entries: new Map() };

export function isClosed(view: Pick<IncidentView, 'status'>): boolean {
  return !isLiveStatus(view.status);
}

export function isUnacknowledged(view: Pick<IncidentView, 'status' | 'acknowledgedAt'>): boolean {
  return !view.acknowledgedAt && !isClosed(view);
}

export function applyLiveChange(state: LiveIncidents, change: LiveChange): LiveIncidents {
  if (change.kind === 'upsert') {
    const current = state.entries.get(change.view.id);
    if (current && current.view.version >= change.view.version) return state;
    const entries = new Map(state.entries);
    // Closed incidents stay as tombstones so that a late, older update cannot bring them back.
    entries.set(change.view.id, { view: change.view, receivedAt: change.at });
    return { entries };
  }
  const entries = new Map<string, Entry>();
  const inSnapshot = new Set(change.items.map((v) => v.id));
  for (const [id, entry] of state.entries) {
    // Absent from the snapshot and older than the connection: closed while we were away.
    if (!inSnapshot.has(id) && entry.receivedAt < change.connectedAt) continue;
    entries.set(id, entry);
  }
  let next: LiveIncidents = { entries };
  for (const view of change.items) next = applyLiveChange(next, { kind: 'upsert', view, at: change.at });
  return next;
}

/** Every incident not closed, in no particular order (the queue's order is queue-order.ts). */
export function openIncidents(state: LiveIncidents): IncidentView[] {
  return [...state.entries.values()].map((e) => e.view).filter((v) => !isClosed(v));
}
