import type { ApiError } from './views';

/**
 * Why a request was refused with `409`: each conflict has its own code, so that a person is
 * told what happened in their language (the `message` stays, in English, for logs and tools).
 * Add, never rename: clients switch on these.
 */
export const CONFLICT_REASONS = [
  /** The incident is resolved or cancelled (`status`). */
  'incident_closed',
  /** Another operator took the call first (`by`: their username). */
  'already_acknowledged',
  'already_escalated',
  /** The incident's state does not allow this (`status`). */
  'incident_not_allowed',
  /** The responder already holds an open offer or job for this incident (`by`: their name). */
  'offer_already_held',
  /** The offer's time ran out before the answer came. */
  'offer_expired',
  /** The dispatch's state does not allow this answer (`status`: the dispatch's status). */
  'dispatch_not_allowed',
  /** A handset with this serial is provisioned already. */
  'duplicate_serial',
  'username_taken',
  /** The change would leave no enabled admin. */
  'last_admin',
  /** The device speaks a TCP protocol: it has no secret to rotate. */
  'device_has_no_secret',
  /** The device holds no connection right now. */
  'device_not_connected',
  /** An HTTP handset holds no connection and takes no commands. */
  'device_takes_no_commands',
  /** The follow-up call is recorded already. */
  'follow_up_done',
  /** A handset is given to another resident only while it is disabled (no press can land between the two). */
  'device_enabled',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** The facts a conflict names, besides its reason. */
export interface ConflictFacts {
  /** The incident's or dispatch's status at the time of the refusal. */
  status?: string;
  /** Who acted first, or who holds the offer. */
  by?: string;
}

/** The body of every `409`: the contract's error shape plus the reason and its facts. */
export interface ConflictError extends ApiError, ConflictFacts {
  statusCode: 409;
  reason: ConflictReason;
}

export function isConflictReason(value: unknown): value is ConflictReason {
  return typeof value === 'string' && (CONFLICT_REASONS as readonly string[]).includes(value);
}
