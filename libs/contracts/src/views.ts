import type { ShownBecause } from './districts';

export const ROLES = ['admin', 'supervisor', 'operator', 'responder'] as const;
export type Role = (typeof ROLES)[number];
export const CONSOLE_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];

export const RESPONDER_ROLES = ['carer', 'cadre', 'doctor', 'volunteer'] as const;
export type ResponderRole = (typeof RESPONDER_ROLES)[number];

export const LIVING_SITUATIONS = ['alone', 'with_spouse', 'with_family', 'care_home'] as const;
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];

/** The alarm types the signed HTTP API accepts: nothing else is asked of a handset there. */
export const ALARM_TYPES = ['sos', 'fall', 'low_battery'] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

/**
 * Every alarm type a handset can raise, whatever its protocol: the TCP protocols also decode a
 * watch taken off the wrist (`device_removed`) and an alarm frame with no flag this system
 * recognises (`device_alarm`: shown to operators, never silence).
 */
export const DEVICE_ALARM_TYPES = [...ALARM_TYPES, 'device_removed', 'device_alarm'] as const;
export type DeviceAlarmType = (typeof DEVICE_ALARM_TYPES)[number];

/** `area_outage` is opened by supervision for a district, never by an alarm. */
export const INCIDENT_TYPES = ['sos', 'fall', 'low_battery', 'device_offline', 'device_removed', 'device_alarm', 'area_outage'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** How a handset talks to ingest: `http` the signed JSON API, `watch` and `gt06` device protocols over TCP. */
export const DEVICE_PROTOCOLS = ['http', 'watch', 'gt06'] as const;
export type DeviceProtocolName = (typeof DEVICE_PROTOCOLS)[number];
/** The protocols whose devices hold a TCP connection to an ingest instance, and so can be sent commands. */
export type TcpDeviceProtocolName = Exclude<DeviceProtocolName, 'http'>;

/** Where a device's last position came from: its own GPS fix, or an estimate from the cell towers or Wi-Fi it heard. */
export const POSITION_SOURCES = ['gps', 'cell', 'wifi'] as const;
export type PositionSource = (typeof POSITION_SOURCES)[number];

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
  /** Hours of care a week the resident is owed. */
  weeklyCareHoursTarget?: number;
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
  /** The districts the user works in: an operator or supervisor sees only these (empty: every district). */
  districts: string[];
  /** A disabled user can neither log in nor use any token it still holds. */
  disabled: boolean;
}

/** A registered handset as an admin sees it: never its secret. */
export interface DeviceListing {
  serial: string;
  residentId: string;
  protocol: DeviceProtocolName;
  enabled: boolean;
  batteryPct?: number;
  lastSeenAt?: string;
  /**
   * TCP devices only: whether an ingest instance holds its connection now. Absent for `http`
   * handsets (they never hold one) and when the connection registry could not be asked (unknown).
   */
  connected?: boolean;
  /** The numbers its SOS key dials, once set (TCP devices). */
  sosNumbers?: string[];
}

/** `POST /v1/devices`: only an `http` handset gets a secret, shown this once. */
export type ProvisionedDevice =
  { serial: string; residentId: string; secret: string } | { serial: string; residentId: string; protocol: TcpDeviceProtocolName };

/** A device id heard on a TCP listener that is not provisioned (or is disabled): an admin may register it. */
export interface UnregisteredDevice {
  serial: string;
  protocol: TcpDeviceProtocolName;
  firstHeardAt: string;
  lastHeardAt: string;
  /** Frames heard from it (a count, which can pass 2^53 only in theory). */
  frames: number;
  remoteAddress?: string;
}

/** `PUT /v1/devices/:serial/sos-numbers`: stored always; `delivered` when it was written to the connected device now. */
export interface SosNumbersResult {
  serial: string;
  sosNumbers: string[];
  delivered: boolean;
}

/** The device's last known position, with its time (its age matters as much as the place). */
export interface DevicePosition {
  lat: number;
  lng: number;
  accuracyM?: number;
  at: string;
  source: PositionSource;
}

/** The device of an incident as an operator sees it. */
export interface IncidentDevice {
  serial: string;
  protocol: DeviceProtocolName;
  batteryPct?: number;
  lastSeenAt?: string;
  /**
   * TCP devices: whether an ingest instance holds its connection. Filled in REST answers from
   * the connection registry; absent in socket pushes and whenever it is unknown.
   */
  connected?: boolean;
  position?: DevicePosition;
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

/** A dispatch as its REST answers show it: the offer plus its incident. */
export interface Dispatch extends DispatchView {
  incidentId: string;
  /** The care-team role the offer was made for ('volunteer' for a manual offer to one). */
  role: string;
  /** Made by an operator rather than by the cascade. */
  manual: boolean;
}

/** What a responder needs at the door, and no more: the same facts as `dispatch.offered`. */
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
  device: IncidentDevice;
  location?: { lat: number; lng: number; accuracyM?: number };
  dispatches: DispatchView[];
  /** Present when the incident is shown to a user outside its district, and why (libs/contracts/src/districts.ts). */
  shownBecause?: ShownBecause;
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
