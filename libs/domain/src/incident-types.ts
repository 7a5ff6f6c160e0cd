import type { AlarmType, IncidentType } from '@app/contracts';

/**
 * Incidents of one group fold together: a resident has at most one open emergency
 * (sos or fall: repeated presses raise its count) and at most one open technical incident.
 */
export type IncidentGroup = 'emergency' | 'technical';

export function incidentGroupOf(type: IncidentType): IncidentGroup {
  return type === 'sos' || type === 'fall' ? 'emergency' : 'technical';
}

/** An alarm opens an incident of the same type. */
export function incidentTypeForAlarm(type: AlarmType): IncidentType {
  return type;
}
