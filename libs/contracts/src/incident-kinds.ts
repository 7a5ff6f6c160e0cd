import type { IncidentType } from './views';

/**
 * What kind of call an incident is, as every screen must tell it apart: a life-safety alarm
 * (someone may be hurt: `sos`, `fall`) or a technical one (the equipment needs attention:
 * battery, silence, a watch taken off, an unreadable alarm, an area outage). A technical
 * incident never sorts above an emergency, sounds quieter and is not offered to the care team.
 */
export const LIFE_SAFETY_TYPES = ['sos', 'fall'] as const satisfies readonly IncidentType[];

export function isLifeSafety(type: IncidentType): boolean {
  return (LIFE_SAFETY_TYPES as readonly IncidentType[]).includes(type);
}

export function isTechnical(type: IncidentType): boolean {
  return !isLifeSafety(type);
}
