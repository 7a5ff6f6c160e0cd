import type { IncidentView } from '@app/contracts';
import { isUnacknowledged } from './incident-store';

/** Unacknowledged this long, an alarm's counter turns amber, then red. */
export const SLA_AMBER_MS = 60_000;
export const SLA_RED_MS = 180_000;

export type SlaLevel = 'ok' | 'amber' | 'red' | 'handled';

export function slaLevel(view: Pick<IncidentView, 'status' | 'acknowledgedAt' | 'openedAt'>, nowMs: number): SlaLevel {
  if (!isUnacknowledged(view)) return 'handled';
  const waited = nowMs - Date.parse(view.openedAt);
  if (waited >= SLA_RED_MS) return 'red';
  if (waited >= SLA_AMBER_MS) return 'amber';
  return 'ok';
}

/** `m:ss`, or `h:mm:ss` past an hour. Never negative (a clock a little behind the server's shows 0:00). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Overdue: unacknowledged past the amber threshold. */
export function isOverdue(view: Pick<IncidentView, 'status' | 'acknowledgedAt' | 'openedAt'>, nowMs: number): boolean {
  const level = slaLevel(view, nowMs);
  return level === 'amber' || level === 'red';
}
