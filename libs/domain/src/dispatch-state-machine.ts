import type { DispatchStatus, IncidentType } from '@app/contracts';

/**
 * The one place that decides how an offer to a responder may change. Pure, like the incident
 * machine: callers write the result with `WHERE status = <from>` so a responder's answer and
 * a timeout racing each other cannot both win.
 */
export type DispatchAction = 'accept' | 'decline' | 'en_route' | 'arrive' | 'complete' | 'time_out' | 'cancel';

const TRANSITIONS: Record<DispatchStatus, Partial<Record<DispatchAction, DispatchStatus>>> = {
  offered: { accept: 'accepted', decline: 'declined', time_out: 'timed_out', cancel: 'cancelled' },
  accepted: { en_route: 'en_route', arrive: 'arrived', cancel: 'cancelled' },
  en_route: { arrive: 'arrived', cancel: 'cancelled' },
  arrived: { complete: 'completed', cancel: 'cancelled' },
  completed: {},
  declined: {},
  timed_out: {},
  cancelled: {},
};

export type DispatchTransition = { ok: true; from: DispatchStatus; to: DispatchStatus } | { ok: false; from: DispatchStatus };

export function applyDispatchAction(from: DispatchStatus, action: DispatchAction): DispatchTransition {
  const to = TRANSITIONS[from][action];
  return to ? { ok: true, from, to } : { ok: false, from };
}

/** An offer still waiting for an answer or a responder still on the job. */
export function isDispatchOpen(status: DispatchStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length > 0;
}

/** Statuses in which the responder has taken the job. */
export function isDispatchEngaged(status: DispatchStatus): boolean {
  return status === 'accepted' || status === 'en_route' || status === 'arrived' || status === 'completed';
}

export type CareTeamRole = 'carer' | 'cadre' | 'doctor';

/** Whom to offer first: carer → cadre → doctor, the doctor first after a fall. */
export function cascadeOrder(type: IncidentType): CareTeamRole[] {
  return type === 'fall' ? ['doctor', 'carer', 'cadre'] : ['carer', 'cadre', 'doctor'];
}

/**
 * The next care-team role to offer, skipping empty slots and anyone already asked;
 * undefined when the cascade is exhausted (the incident escalates).
 */
export function nextInCascade(
  type: IncidentType,
  team: Partial<Record<CareTeamRole, string>>,
  alreadyOffered: ReadonlySet<string>,
): { role: CareTeamRole; responderId: string } | undefined {
  for (const role of cascadeOrder(type)) {
    const responderId = team[role];
    if (responderId && !alreadyOffered.has(responderId)) return { role, responderId };
  }
  return undefined;
}

/** One offer of an incident as the cascade sees it. */
export interface OfferRecord {
  responderId: string;
  status: DispatchStatus;
  manual: boolean;
}

/**
 * An offer that holds the cascade back: an offer of the cascade waiting for its answer, or
 * anyone (offered by hand or not) who took the job. While one does, the cascade waits, and each
 * way out of the wait (an answer, a timeout, the incident closing) asks the cascade to look
 * again itself. Ingest's press statement spells this rule out in SQL (`press-store.ts`).
 */
export function holdsCascade(offer: Pick<OfferRecord, 'status' | 'manual'>): boolean {
  return isDispatchEngaged(offer.status) || (!offer.manual && offer.status === 'offered');
}

export type CascadeStep =
  /** An offer of the cascade is waiting for its answer, or someone has taken the job. */
  | { kind: 'wait' }
  | { kind: 'offer'; role: CareTeamRole; responderId: string }
  /** Everyone in the care team was asked (or there is nobody): a human must take over. */
  | { kind: 'exhausted' };

/**
 * What the cascade does next, from the incident's offers so far. Manual offers are the
 * operator's own: they neither use up a care-team member nor hold the cascade back while they
 * wait, but anyone who took the job (manual or not) ends the cascade.
 */
export function nextCascadeStep(type: IncidentType, team: Partial<Record<CareTeamRole, string>>, offers: readonly OfferRecord[]): CascadeStep {
  if (offers.some(holdsCascade)) return { kind: 'wait' };
  const asked = new Set(offers.filter((o) => !o.manual).map((o) => o.responderId));
  const next = nextInCascade(type, team, asked);
  return next ? { kind: 'offer', ...next } : { kind: 'exhausted' };
}
