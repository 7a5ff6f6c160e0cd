import { z } from 'zod';
import { INCIDENT_TYPES, type IncidentStatus, type IncidentType, type Outcome, OUTCOMES } from './views';

/**
 * What an alarm-receiving centre works with beyond the live queue: a resident's history, the
 * incident search, checklists per kind of alarm, calls to the emergency services, shift work,
 * the map and reports. Shared by the console process and the web app.
 */

const trimmed = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const isoDate = z.iso.date();

// ---------- history and search ----------

/** One earlier (or found) incident as a line of history: what happened and how it ended. */
export interface IncidentHistoryItem {
  id: string;
  type: IncidentType;
  status: IncidentStatus;
  openedAt: string;
  resolvedAt?: string;
  outcome?: Outcome;
  escalated: boolean;
  pressCount: number;
  acknowledgedBy?: string;
  /** The operators' notes and closing notes, oldest first. */
  notes: string[];
}

/** `GET /v1/incidents/:id/history`: the same resident's other incidents, newest first. */
export interface IncidentHistory {
  items: IncidentHistoryItem[];
}

export interface IncidentSearchItem extends IncidentHistoryItem {
  resident: { id: string; fullName: string; district?: string; phone?: string };
}

/** `GET /v1/incident-search`: every filter optional; dates are days (from inclusive, to inclusive). */
export const incidentSearchQuerySchema = z
  .strictObject({
    from: isoDate.optional(),
    to: isoDate.optional(),
    district: trimmed(100).optional(),
    type: z.enum(INCIDENT_TYPES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    /** `closed`: resolved or cancelled only; `live`: still being handled. */
    state: z.enum(['live', 'closed']).optional(),
    /** A resident's name (any part) or phone number (spaces ignored). */
    resident: trimmed(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/)
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type IncidentSearchQuery = z.infer<typeof incidentSearchQuerySchema>;

// ---------- protocols (checklists per kind of alarm) ----------

/** `no_answer`: the resident does not answer the call-back, whatever the alarm. */
export const PROTOCOL_KINDS = ['sos', 'fall', 'no_answer', 'technical'] as const;
export type ProtocolKind = (typeof PROTOCOL_KINDS)[number];

/** The checklists that apply to an incident: its own kind's, then the one for a resident who does not answer. */
export function protocolKindsFor(type: IncidentType): ProtocolKind[] {
  const own: ProtocolKind = type === 'sos' ? 'sos' : type === 'fall' ? 'fall' : 'technical';
  return [own, 'no_answer'];
}

export interface ProtocolStep {
  id: string;
  text: string;
}

export interface AlarmProtocol {
  kind: ProtocolKind;
  steps: ProtocolStep[];
  updatedAt: string;
}

/** A step of an incident's checklist, with who ticked it and when. */
export interface ChecklistStep extends ProtocolStep {
  done?: { at: string; by?: string };
}

/** `GET /v1/incidents/:id/protocols`. */
export interface IncidentChecklists {
  items: { kind: ProtocolKind; steps: ChecklistStep[] }[];
}

export const protocolKindParamSchema = z.enum(PROTOCOL_KINDS);

/** `PUT /v1/protocols/:kind` (admins). Step ids are stable slugs, so a tick keeps its meaning when the text is edited. */
export const protocolInputSchema = z.strictObject({
  steps: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and - only'), text: trimmed(200) }))
    .min(1)
    .max(12)
    .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'step ids must be unique'),
});
export type ProtocolInput = z.infer<typeof protocolInputSchema>;

/** `POST /v1/incidents/:id/protocols`: one step ticked off. */
export const protocolTickSchema = z.strictObject({ kind: z.enum(PROTOCOL_KINDS), stepId: z.string().regex(/^[a-z0-9-]{1,40}$/) });
export type ProtocolTick = z.infer<typeof protocolTickSchema>;

// ---------- emergency services ----------

/** 120 ambulance, 110 police, 119 fire (mainland China). */
export const EMERGENCY_SERVICES = ['120', '110', '119'] as const;
export type EmergencyService = (typeof EMERGENCY_SERVICES)[number];

/** `POST /v1/incidents/:id/emergency-calls`: recorded in the timeline as `emergency_called`. */
export const emergencyCallSchema = z.strictObject({
  service: z.enum(EMERGENCY_SERVICES),
  reference: trimmed(64).optional(),
  /** When the call was made, if not just now. */
  calledAt: z.iso.datetime({ offset: true }).optional(),
});
export type EmergencyCallInput = z.infer<typeof emergencyCallSchema>;

// ---------- shift work ----------

/** A console user and whether a console of theirs is connected now. */
export interface ShiftMember {
  id: string;
  username: string;
  role: string;
  connected: boolean;
}

export interface ShiftHandover {
  id: string;
  author: { id: string; username: string };
  text: string;
  createdAt: string;
}

/** `POST /v1/incidents/:id/hand-over`: the incident becomes the colleague's (timeline `handed_over`). */
export const handOverSchema = z.strictObject({ toUserId: z.uuid(), note: trimmed(1000).optional() });
export type HandOverInput = z.infer<typeof handOverSchema>;

export const handoverNoteSchema = z.strictObject({ text: trimmed(4000) });

// ---------- reports ----------

export const REPORT_GROUPINGS = ['district', 'operator'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** `GET /v1/reports/incidents.csv?from=&to=&by=`: one row per district or operator. */
export const incidentReportQuerySchema = z
  .strictObject({ from: isoDate, to: isoDate, by: z.enum(REPORT_GROUPINGS).default('district') })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type IncidentReportQuery = z.infer<typeof incidentReportQuerySchema>;

// ---------- settings the web app reads ----------

/** `GET /v1/centre/settings`: the map's tile server (`{z}/{x}/{y}` template) when one is configured. */
export interface CentreSettings {
  mapTileUrl?: string;
  mapAttribution?: string;
}

// ---------- audit log page ----------

/** One row of `GET /v1/audit` (admins), newest first. */
export interface AuditEntryView {
  id: string;
  at: string;
  actor: { id: string | null; username: string; role: string };
  action: string;
  entityType: string;
  entityId?: string;
  address?: string;
  details?: Record<string, unknown>;
  /** The residents whose data the action showed or touched. */
  residentIds: string[];
}
