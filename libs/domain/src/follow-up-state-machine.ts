import type { FollowUpStatus } from '@app/contracts';

/**
 * How a follow-up call may change: it is due until someone records the call, once. A second
 * completion is refused (409), so two operators calling the same resident do not both record it.
 */
export type FollowUpAction = 'complete';

const TRANSITIONS: Record<FollowUpStatus, Partial<Record<FollowUpAction, FollowUpStatus>>> = {
  due: { complete: 'done' },
  done: {},
};

export type FollowUpTransition = { ok: true; from: FollowUpStatus; to: FollowUpStatus } | { ok: false; from: FollowUpStatus };

export function applyFollowUpAction(from: FollowUpStatus, action: FollowUpAction): FollowUpTransition {
  const to = TRANSITIONS[from][action];
  return to ? { ok: true, from, to } : { ok: false, from };
}

/** The incident types whose resolution is followed by a call back to the resident (回访). */
export function needsFollowUpCall(type: string): boolean {
  return type === 'sos' || type === 'fall';
}
