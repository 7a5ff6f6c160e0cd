import type { AlarmRequest } from '@app/contracts';
import { isClockSkewed } from '../handset-auth/handset-clock';

/**
 * What the timeline records about one press, besides its running count (added in SQL, where
 * the count is known). The skew is recorded only when the handset clock is beyond tolerance:
 * the alarm is accepted anyway, and the operator can see that its times are not to be trusted.
 */
export function pressFacts(alarm: AlarmRequest, clockSkewMs: number): Record<string, unknown> {
  return {
    type: alarm.type,
    eventId: alarm.eventId,
    ...(alarm.occurredAt !== undefined ? { occurredAt: alarm.occurredAt } : {}),
    ...(alarm.batteryPct !== undefined ? { batteryPct: alarm.batteryPct } : {}),
    ...(alarm.location !== undefined ? { location: alarm.location } : {}),
    ...(isClockSkewed(clockSkewMs) ? { clockSkewMs } : {}),
  };
}
