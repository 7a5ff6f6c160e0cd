import type { AlarmType, IncidentType } from '@app/contracts';

/**
 * Incidents of one group fold together: a resident has at most one live emergency (sos or
 * fall: repeated presses raise its count), and at most one live technical incident of each
 * kind (low battery, device offline), so a flat battery never hides a silent device.
 */
export type IncidentGroup = 'emergency' | 'low_battery' | 'device_offline';

export function incidentGroupOf(type: IncidentType): IncidentGroup {
  return type === 'sos' || type === 'fall' ? 'emergency' : type;
}

/** An alarm opens an incident of the same type. */
export function incidentTypeForAlarm(type: AlarmType): IncidentType {
  return type;
}

/**
 * Only emergencies send the care team out on their own: a flat battery or a silent handset
 * goes to an operator (who can still offer it by hand), and escalates if nobody takes it.
 */
export function offersCascade(type: IncidentType): boolean {
  return incidentGroupOf(type) === 'emergency';
}
