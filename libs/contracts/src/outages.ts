import { z } from 'zod';
import type { EmergencyContact, IncidentView, LivingSituation } from './views';

/**
 * Mass events (CONTRACT "Mass events"): many devices of one district silent together are one
 * `area_outage` incident for that district, with a welfare-call list. The incident has no
 * resident of its own: its `resident` is a stand-in for the district (id = the incident's id,
 * fullName, address and district = the district's name, no dateOfBirth, age 0, empty lists),
 * so every view stays an IncidentView; its `device` is empty.
 */

/** What an operator's welfare call found: the resident answered (or someone saw them), or not. */
export const WELFARE_CALL_OUTCOMES = ['reached', 'not_reached'] as const;
export type WelfareCallOutcome = (typeof WELFARE_CALL_OUTCOMES)[number];

export interface WelfareCall {
  outcome: WelfareCallOutcome;
  note?: string;
  at: string;
  by?: { id: string; username: string };
}

/** One resident whose device fell silent in the outage, as the welfare list shows it. */
export interface OutageResident {
  id: string;
  fullName: string;
  phone?: string;
  livingSituation?: LivingSituation;
  dateOfBirth: string;
  age: number;
  address: string;
  emergencyContacts: EmergencyContact[];
  /** When every device of the resident in the outage was heard again. */
  recoveredAt?: string;
  /** Not back while most of the district is: call this one first (CONTRACT "a device still silent is called out"). */
  stillSilent: boolean;
  /** The last welfare call recorded (the history is in the timeline). */
  call?: WelfareCall;
}

export interface OutageSummary {
  district: string;
  /** Residents affected (each counted once, whatever the number of devices). */
  affected: number;
  /** Residents whose devices are all back. */
  recovered: number;
  /** Residents with a welfare call recorded: "12 of 140 called". */
  called: number;
  /** Ordered for welfare calls: living alone first, then oldest first. */
  residents: OutageResident[];
}

export type OutageIncidentView = IncidentView & { outage: OutageSummary };

export function isOutageView(view: IncidentView): view is OutageIncidentView {
  return view.type === 'area_outage' && 'outage' in view;
}

/** `POST /v1/incidents/:id/welfare-calls/:residentId`. */
export const welfareCallInputSchema = z.strictObject({
  outcome: z.enum(WELFARE_CALL_OUTCOMES),
  note: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
});
export type WelfareCallInput = z.infer<typeof welfareCallInputSchema>;

/** `GET /v1/districts/overview`: per district, devices heard in the last hour vs registered (enabled). */
export interface DistrictOverviewRow {
  district: string;
  registered: number;
  heardLastHour: number;
  /** The district's live area_outage, when there is one. */
  outageIncidentId?: string;
}
export interface DistrictOverview {
  items: DistrictOverviewRow[];
}
