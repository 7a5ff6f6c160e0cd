import { type IncidentView, isTechnical } from '@app/contracts';
import { isUnacknowledged } from './incident-store';
import { isOverdue } from './sla';

/**
 * The order of the night shift's queue (issue 12, defect 3), one pure function for the
 * operator's and the supervisor's view:
 * 1. Emergencies (sos, fall) that need an operator now: unacknowledged, or pressed again after
 *    they were acknowledged and nobody has seen it yet. Escalated and overdue ones first, then
 *    the oldest first (the one waiting longest is the one to take).
 * 2. The other emergencies, being handled: those nobody of the care team is coming to
 *    (cascade exhausted) and escalated ones first, then the oldest.
 * 3. Technical incidents, in a section of their own below every emergency: unacknowledged
 *    first, then the oldest.
 */
export interface OrderedQueue {
  emergencies: IncidentView[];
  technical: IncidentView[];
}

export interface QueueOrderContext {
  nowMs: number;
  /** A repeat press on an acknowledged incident nobody has noticed yet (repeat-press.ts). */
  hasUnseenRepeat: (view: IncidentView) => boolean;
}

export function orderQueue(views: readonly IncidentView[], context: QueueOrderContext): OrderedQueue {
  const needsOperator = (v: IncidentView) => isUnacknowledged(v) || context.hasUnseenRepeat(v);
  const urgent = (v: IncidentView) => v.escalated || v.cascadeExhaustedAt !== undefined || isOverdue(v, context.nowMs);
  const key = (v: IncidentView): number[] => {
    const tier = needsOperator(v) ? 0 : 1;
    return [tier, urgent(v) ? 0 : 1];
  };
  const emergencies = views.filter((v) => !isTechnical(v.type)).sort((a, b) => compareKeys(key(a), key(b)) || oldestFirst(a, b));
  const technical = views.filter((v) => isTechnical(v.type)).sort((a, b) => Number(needsOperator(b)) - Number(needsOperator(a)) || oldestFirst(a, b));
  return { emergencies, technical };
}

/** Both sections as one list, emergencies first: what the keyboard shortcut and the counts go by. */
export function flatQueue(queue: OrderedQueue): IncidentView[] {
  return [...queue.emergencies, ...queue.technical];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d) return d;
  }
  return 0;
}

function oldestFirst(a: IncidentView, b: IncidentView): number {
  return Date.parse(a.openedAt) - Date.parse(b.openedAt) || a.id.localeCompare(b.id);
}
