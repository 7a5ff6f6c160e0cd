import { type IncidentStatus, isLiveStatus, LIVE_INCIDENT_STATUSES, type Outcome } from '@app/contracts';

/**
 * The one place that decides how an incident may change. Pure: callers persist the result
 * with a guarded update (`WHERE status = <from> ...`) so that a concurrent change makes the
 * write match nothing instead of overwriting someone else's decision.
 */
export interface IncidentState {
  status: IncidentStatus;
  acknowledged: boolean;
  escalated: boolean;
}

export type IncidentAction =
  | { kind: 'press' }
  | { kind: 'acknowledge' }
  | { kind: 'dispatch_accepted' }
  | { kind: 'responder_arrived' }
  | { kind: 'escalate' }
  | { kind: 'note' }
  | { kind: 'resolve'; outcome: Outcome }
  | { kind: 'cancel' };

export type IncidentRefusal = 'closed' | 'already_acknowledged' | 'already_escalated' | 'not_allowed';

export type IncidentTransition = { ok: true; from: IncidentState; to: IncidentState } | { ok: false; reason: IncidentRefusal; from: IncidentState };

export function isClosed(status: IncidentStatus): boolean {
  return !isLiveStatus(status);
}

/** The live statuses are listed in forward order; a status never moves backwards in it. */
function forwardTo(current: IncidentStatus, target: IncidentStatus): IncidentStatus {
  const order: readonly IncidentStatus[] = LIVE_INCIDENT_STATUSES;
  return order.indexOf(target) > order.indexOf(current) ? target : current;
}

export function applyIncidentAction(from: IncidentState, action: IncidentAction): IncidentTransition {
  if (isClosed(from.status)) return { ok: false, reason: 'closed', from };
  const to = (patch: Partial<IncidentState>): IncidentTransition => ({ ok: true, from, to: { ...from, ...patch } });
  switch (action.kind) {
    case 'press':
    case 'note':
      return to({});
    case 'acknowledge':
      if (from.acknowledged) return { ok: false, reason: 'already_acknowledged', from };
      return to({ acknowledged: true, status: forwardTo(from.status, 'acknowledged') });
    case 'dispatch_accepted':
      return to({ status: forwardTo(from.status, 'dispatched') });
    case 'responder_arrived':
      return to({ status: forwardTo(from.status, 'on_scene') });
    case 'escalate':
      if (from.escalated) return { ok: false, reason: 'already_escalated', from };
      return to({ escalated: true });
    case 'resolve':
      return to({ status: 'resolved' });
    case 'cancel':
      return to({ status: 'cancelled' });
  }
}
