import { z } from 'zod';
import type { IncidentType, Outcome, ResponderRole } from './views';

/**
 * The care model around incidents (CONTRACT "Follow-up calls" and "Care visits and service
 * hours"): follow-up calls after an emergency, visit requests, carers' visits and the weekly
 * service hours, each resident's alarm pattern, and the CSV exports of all of them.
 */

export const FOLLOW_UP_STATUSES = ['due', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const FOLLOW_UP_OUTCOMES = ['well', 'needs_visit', 'unreachable', 'hospitalised', 'other'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const VISIT_REQUEST_STATUSES = ['open', 'done'] as const;
export type VisitRequestStatus = (typeof VISIT_REQUEST_STATUSES)[number];

/** A visit longer than this is a typing mistake (a forgotten end), not care given. */
export const VISIT_MAX_HOURS = 12;

/** What the patterns flag: alarms rising sharply, or many false alarms (check the handset, retrain the resident). */
export const PATTERN_FLAGS = ['rising', 'false_alarms'] as const;
export type PatternFlag = (typeof PATTERN_FLAGS)[number];

export interface UserRef {
  id: string;
  username: string;
}

export interface CareResidentRef {
  id: string;
  fullName: string;
  phone?: string;
  district?: string;
}

/** The incident a follow-up call is about, in the few facts the caller needs. */
export interface FollowUpIncident {
  type: IncidentType;
  openedAt: string;
  resolvedAt?: string;
  outcome?: Outcome;
  pressCount: number;
  /** The note the operator left when resolving, if any. */
  resolutionNote?: string;
}

export interface FollowUp {
  id: string;
  incidentId: string;
  resident: CareResidentRef;
  dueAt: string;
  status: FollowUpStatus;
  /** Still due and its time has passed. */
  overdue: boolean;
  outcome?: FollowUpOutcome;
  satisfaction?: number;
  note?: string;
  doneAt?: string;
  doneBy?: UserRef;
  incident: FollowUpIncident;
}

/** A follow-up that found the resident needs someone at the door: the care team's to-do. */
export interface VisitRequest {
  id: string;
  resident: CareResidentRef & { address: string };
  followUpId: string;
  incidentId: string;
  note?: string;
  status: VisitRequestStatus;
  createdAt: string;
  doneAt?: string;
  /** The visit that answered it. */
  visitId?: string;
}

/** One entry of the configurable list of services a visit can give (admins edit it). */
export interface CareService {
  code: string;
  label: string;
  active: boolean;
}

export interface Visit {
  id: string;
  residentId: string;
  responder: { id: string; fullName: string; role: ResponderRole };
  startedAt: string;
  endedAt: string;
  hours: number;
  services: string[];
  note?: string;
  recordedBy?: UserRef;
  visitRequestId?: string;
}

export interface CareHoursRow {
  resident: { id: string; fullName: string; district?: string };
  targetHours?: number;
  hours: number;
  shortfallHours: number;
  /** Hours of the week before, to see a shortfall that lasts. */
  previousWeekHours: number;
  /** Below target in this week and in the one before: flagged on the supervisor view. */
  belowTargetTwoWeeks: boolean;
}

export interface CareHoursReport {
  week: string;
  /** The week's bounds (Monday 00:00 to the next Monday, in CARE_TIME_ZONE), as UTC instants. */
  from: string;
  to: string;
  items: CareHoursRow[];
}

export interface AlarmMonth {
  /** `2026-11` in CARE_TIME_ZONE. */
  month: string;
  alarms: number;
  falseAlarms: number;
}

/** A resident's emergency alarms (sos and fall incidents) over the last twelve months. */
export interface AlarmPattern {
  resident: { id: string; fullName: string; district?: string };
  months: AlarmMonth[];
  /** Alarms by local hour of the day, 0-23. */
  byHour: number[];
  total: number;
  falseAlarms: number;
  /** falseAlarms / total (0 without alarms). */
  falseAlarmShare: number;
  last14Days: number;
  previous60Days: number;
  flags: PatternFlag[];
}

/** What the supervisor view shows of the care model at a glance. */
export interface CareWatch {
  dueFollowUps: number;
  overdueFollowUps: number;
  openVisitRequests: number;
  /** The last complete week (the one the shortfall flags are about). */
  week: string;
  belowTargetTwoWeeks: CareHoursRow[];
  flaggedPatterns: AlarmPattern[];
}

const trimmedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const districtFilter = trimmedText(120).optional();
const instant = z.iso.datetime({ offset: true });

/** `2026-W48`: an ISO week (Monday first; week 1 holds the year's first Thursday). */
export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'week is an ISO week like 2026-W48');

export const listFollowUpsQuerySchema = z.strictObject({
  status: z.enum(FOLLOW_UP_STATUSES).default('due'),
  district: districtFilter,
});
export type ListFollowUpsQuery = z.infer<typeof listFollowUpsQuerySchema>;

export const completeFollowUpSchema = z.strictObject({
  outcome: z.enum(FOLLOW_UP_OUTCOMES),
  satisfaction: z.number().int().min(1).max(5).optional(),
  note: trimmedText(2000).optional(),
});
export type CompleteFollowUpRequest = z.infer<typeof completeFollowUpSchema>;

export const listVisitRequestsQuerySchema = z.strictObject({
  status: z.enum(VISIT_REQUEST_STATUSES).default('open'),
  district: districtFilter,
});
export type ListVisitRequestsQuery = z.infer<typeof listVisitRequestsQuerySchema>;

/** A few minutes of slack for a phone whose clock runs a little ahead. */
const FUTURE_SLACK_MS = 5 * 60_000;

export const visitInputSchema = z
  .strictObject({
    residentId: z.uuid(),
    /** Operators and admins name the responder; a responder records its own visits and may leave it out. */
    responderId: z.uuid().optional(),
    startedAt: instant,
    endedAt: instant,
    services: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a service is a code like meals'))
      .min(1)
      .max(20),
    note: trimmedText(2000).optional(),
    visitRequestId: z.uuid().optional(),
  })
  .superRefine((v, ctx) => {
    const start = Date.parse(v.startedAt);
    const end = Date.parse(v.endedAt);
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt must be after startedAt' });
    if (end - start > VISIT_MAX_HOURS * 3600_000)
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `a visit lasts at most ${VISIT_MAX_HOURS} hours` });
    if (end > Date.now() + FUTURE_SLACK_MS) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'a visit cannot end in the future' });
    if (new Set(v.services).size !== v.services.length) ctx.addIssue({ code: 'custom', path: ['services'], message: 'a service is listed once' });
  });
export type VisitInput = z.infer<typeof visitInputSchema>;

export const visitRangeQuerySchema = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), 'from must be before to');
export type VisitRangeQuery = z.infer<typeof visitRangeQuerySchema>;

export const careServicesInputSchema = z
  .strictObject({
    services: z
      .array(z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a code is 2-40 characters of a-z, 0-9 and _'), label: trimmedText(60) }))
      .min(1)
      .max(50),
  })
  .refine((b) => new Set(b.services.map((s) => s.code)).size === b.services.length, 'each code once');
export type CareServicesInput = z.infer<typeof careServicesInputSchema>;

export const careHoursQuerySchema = z.strictObject({ week: isoWeekSchema.optional(), district: districtFilter });
export type CareHoursQuery = z.infer<typeof careHoursQuerySchema>;

export const alarmPatternsQuerySchema = z.strictObject({
  district: districtFilter,
  /** `true`: only residents with a flag (the supervisor list). */
  flagged: z.enum(['true', 'false']).default('false'),
});
export type AlarmPatternsQuery = z.infer<typeof alarmPatternsQuerySchema>;

export const careWatchQuerySchema = z.strictObject({ district: districtFilter });
