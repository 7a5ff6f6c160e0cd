import { type DispatchView, isOpenDispatchStatus, type Responder } from '@app/contracts';

/** A responder the operator may offer the incident to, and the open offer or job they already hold for it. */
export interface OfferCandidate {
  responder: Responder;
  holds?: DispatchView;
}

/**
 * The care team first, then volunteers, each once. Someone who already holds an open offer or
 * job for this incident is marked (the dropdown says so and does not offer them again: the
 * server would refuse it as `offer_already_held`).
 */
export function offerCandidates(team: readonly Responder[], volunteers: readonly Responder[], dispatches: readonly DispatchView[]): OfferCandidate[] {
  const everyone = [...team, ...volunteers.filter((v) => !team.some((m) => m.id === v.id))];
  return everyone.map((responder) => {
    const holds = dispatches.filter((d) => d.responder.id === responder.id && isOpenDispatchStatus(d.status)).at(-1);
    return holds ? { responder, holds } : { responder };
  });
}
