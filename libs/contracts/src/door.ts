import { z } from 'zod';
import { type EmergencyContact, type IncidentType, type Outcome, OUTCOMES } from './views';

/**
 * `GET /v1/dispatches/:id/door`: what the responder of an open dispatch needs on the way and
 * at the door, beyond the offer's facts. The alarm, where it is and how to call the centre come
 * with every open dispatch; the resident's medications, emergency contacts and the operators'
 * notes only once the responder has taken the job (accepted, en route, arrived).
 */
export interface DoorDetails {
  dispatchId: string;
  incidentId: string;
  incidentType: IncidentType;
  openedAt: string;
  pressCount: number;
  address: string;
  /** The incident's last position, when the device sent one. */
  location?: { lat: number; lng: number; accuracyM?: number };
  /** The alarm centre's number for a responder to call (config `CENTRE_PHONE`, else `HOTLINE_NUMBER`). */
  centrePhone: string;
  /** Present once the job is taken. */
  medications?: string[];
  emergencyContacts?: EmergencyContact[];
  /** The operators' notes on the incident, oldest first. */
  notes?: { at: string; text: string; by?: string }[];
}

/**
 * `POST /v1/dispatches/:id/complete` takes an optional body: the outcome the responder saw and
 * a note, both written to the incident's timeline. No body is still a valid completion.
 */
export const completeDispatchSchema = z
  .strictObject({
    outcome: z.enum(OUTCOMES).optional(),
    note: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
      .optional(),
  })
  .optional();
export type CompleteDispatchInput = { outcome?: Outcome; note?: string };
