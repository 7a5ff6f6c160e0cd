export const ROLES = ['admin', 'supervisor', 'operator', 'responder'] as const;
export type Role = (typeof ROLES)[number];
export const CONSOLE_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];

export const RESPONDER_ROLES = ['carer', 'cadre', 'doctor', 'volunteer'] as const;
export type ResponderRole = (typeof RESPONDER_ROLES)[number];

export const LIVING_SITUATIONS = ['alone', 'with_spouse', 'with_family', 'care_home'] as const;
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];

export const ALARM_TYPES = ['sos', 'fall', 'low_battery'] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export const INCIDENT_TYPES = ['sos', 'fall', 'low_battery', 'device_offline'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/**
 * The statuses of an incident still being handled, in the forward order an incident moves
 * through them. The one list of them: the partial unique index `incidents_one_live_per_group`
 * (one live incident per resident and group) was created from the same list, and a test
 * compares the two.
 */
export const LIVE_INCIDENT_STATUSES = ['open', 'acknowledged', 'dispatched', 'on_scene'] as const;
export type LiveIncidentStatus = (typeof LIVE_INCIDENT_STATUSES)[number];
/** The end of an incident: nothing changes it any more. */
export const CLOSED_INCIDENT_STATUSES = ['resolved', 'cancelled'] as const;
export type ClosedIncidentStatus = (typeof CLOSED_INCIDENT_STATUSES)[number];
export const INCIDENT_STATUSES = [...LIVE_INCIDENT_STATUSES, ...CLOSED_INCIDENT_STATUSES] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export function isLiveStatus(status: string): status is LiveIncidentStatus {
  return (LIVE_INCIDENT_STATUSES as readonly string[]).includes(status);
}

export const OUTCOMES = ['assisted', 'false_alarm', 'hospitalised', 'no_access', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DISPATCH_STATUSES = ['offered', 'accepted', 'en_route', 'arrived', 'completed', 'declined', 'timed_out', 'cancelled'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

export interface EmergencyContact {
  name: string;
  relation: string;
  phone: string;
}

export interface Resident {
  id: string;
  fullName: string;
  dateOfBirth: string;
  age: number;
  gender?: string;
  phone?: string;
  address: string;
  district?: string;
  livingSituation?: LivingSituation;
  medicalHistory: string[];
  medications: string[];
  allergies: string[];
  emergencyContacts: EmergencyContact[];
  accessNotes?: string;
}

export interface Responder {
  id: string;
  fullName: string;
  role: ResponderRole;
  phone: string;
}

export interface CareTeam {
  carer?: Responder;
  cadre?: Responder;
  doctor?: Responder;
}

export interface UserView {
  id: string;
  username: string;
  role: Role;
  responderId?: string;
}

/** A registered handset as an admin sees it: never its secret. */
export interface DeviceListing {
  serial: string;
  residentId: string;
  enabled: boolean;
  batteryPct?: number;
  lastSeenAt?: string;
}

export interface DispatchView {
  id: string;
  responder: Responder;
  status: DispatchStatus;
  offeredAt: string;
  expiresAt: string;
  respondedAt?: string;
  arrivedAt?: string;
  completedAt?: string;
}

/** A dispatch as its REST answers show it (CONTRACT §4 `Dispatch`): the offer plus its incident. */
export interface Dispatch extends DispatchView {
  incidentId: string;
  /** The care-team role the offer was made for ('volunteer' for a manual offer to one). */
  role: string;
  /** Made by an operator rather than by the cascade. */
  manual: boolean;
}

/** What a responder needs at the door, and no more (CONTRACT §4): the same facts as `dispatch.offered`. */
export interface OfferResident {
  fullName: string;
  age: number;
  phone?: string;
  address: string;
  accessNotes?: string;
  medicalHistory: string[];
  allergies: string[];
}

/** One entry of `GET /v1/dispatches/mine`. */
export interface ResponderDispatch extends Dispatch {
  resident: OfferResident;
}

/** Why an incident was escalated to a human (`job_failed`: a dispatch job gave up after its last retry). */
export const ESCALATION_REASONS = ['cascade_exhausted', 'not_acknowledged', 'notification_failed', 'job_failed'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export interface IncidentView {
  id: string;
  type: IncidentType;
  status: IncidentStatus;
  escalated: boolean;
  /** When and why the incident was escalated to a human (set together with `escalated`). */
  escalatedAt?: string;
  escalationReason?: EscalationReason;
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: { id: string; username: string };
  resolvedAt?: string;
  outcome?: Outcome;
  pressCount: number;
  lastPressAt: string;
  /** Rises with every change; a client keeps the view with the highest version. */
  version: number;
  resident: Resident;
  careTeam: CareTeam;
  device: { serial: string; batteryPct?: number; lastSeenAt?: string };
  location?: { lat: number; lng: number; accuracyM?: number };
  dispatches: DispatchView[];
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actor?: { id: string; username: string };
  data?: Record<string, unknown>;
}

export interface IncidentDetail extends IncidentView {
  timeline: TimelineEntry[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface AlarmAccepted {
  incidentId: string;
  alarmId: string;
  duplicate: boolean;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
}
