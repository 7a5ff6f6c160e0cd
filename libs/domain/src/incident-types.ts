import type { DeviceAlarmType, IncidentType } from '@app/contracts';

/**
 * Incidents of one group fold together: a resident has at most one live emergency (sos or
 * fall: repeated presses raise its count), and at most one live technical incident of each
 * kind (low battery, device offline, watch taken off, unrecognised device alarm, area outage),
 * so a flat battery never hides a silent device, nor a watch left on the table a fall.
 */
export type IncidentGroup = 'emergency' | Exclude<IncidentType, 'sos' | 'fall'>;

export function incidentGroupOf(type: IncidentType): IncidentGroup {
  return type === 'sos' || type === 'fall' ? 'emergency' : type;
}

/** An alarm opens an incident of the same type (whatever protocol raised it). */
export function incidentTypeForAlarm(type: DeviceAlarmType): IncidentType {
  return type;
}

/**
 * Only emergencies send the care team out on their own: a flat battery, a silent handset, a
 * watch taken off or an alarm nobody can read goes to an operator (who can still offer it by
 * hand), and escalates if nobody takes it.
 */
export function offersCascade(type: IncidentType): boolean {
  return incidentGroupOf(type) === 'emergency';
}
