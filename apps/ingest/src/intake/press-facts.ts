import { isClockSkewed } from '../handset-auth/handset-clock';
import type { IntakePress } from './intake-press';

/**
 * What the timeline records about one press, besides its running count (added in SQL, where
 * the count is known): the facts a protocol added, then the press's own fields. The skew is
 * recorded only when the handset clock is beyond tolerance: the alarm is accepted anyway, and
 * the operator can see that its times are not to be trusted.
 */
export function pressFacts(alarm: IntakePress, clockSkewMs: number): Record<string, unknown> {
  return {
    ...alarm.facts,
    type: alarm.type,
    eventId: alarm.eventId,
    ...(alarm.occurredAt !== undefined ? { occurredAt: alarm.occurredAt } : {}),
    ...(alarm.batteryPct !== undefined ? { batteryPct: alarm.batteryPct } : {}),
    ...(alarm.location !== undefined ? { location: alarm.location } : {}),
    ...(isClockSkewed(clockSkewMs) ? { clockSkewMs } : {}),
  };
}
