import { type DispatchOffered, type DispatchStatus, isOpenDispatchStatus, type OfferResident, type ResponderDispatch } from '@app/contracts';

/** One job on the responder's phone, from a live offer or from `GET /v1/dispatches/mine`. */
export interface OfferCard {
  dispatchId: string;
  incidentId: string;
  status: DispatchStatus;
  expiresAt: string;
  resident: OfferResident;
}

export function fromOffered(offer: DispatchOffered): OfferCard {
  return {
    dispatchId: offer.dispatchId,
    incidentId: offer.incidentId,
    status: 'offered',
    expiresAt: offer.expiresAt,
    resident: offer.resident,
  };
}

export function fromMine(dispatch: ResponderDispatch): OfferCard {
  return {
    dispatchId: dispatch.id,
    incidentId: dispatch.incidentId,
    status: dispatch.status,
    expiresAt: dispatch.expiresAt,
    resident: dispatch.resident,
  };
}

/** The job is still the responder's to act on. */
export function isActive(card: OfferCard): boolean {
  return isOpenDispatchStatus(card.status);
}

/** Adds a card on top, or replaces the one for the same dispatch. */
export function upsertCard(cards: readonly OfferCard[], card: OfferCard): OfferCard[] {
  return [card, ...cards.filter((c) => c.dispatchId !== card.dispatchId)];
}

/**
 * The status to show now: an offer whose time is up shows as timed out at once, by this phone's
 * clock (corrected to the server's), without waiting for the server's `dispatch.timed_out`.
 */
export function shownStatus(card: Pick<OfferCard, 'status' | 'expiresAt'>, nowMs: number): DispatchStatus {
  return card.status === 'offered' && Date.parse(card.expiresAt) <= nowMs ? 'timed_out' : card.status;
}

/** Marks one card timed out (the server's push); an offer already answered keeps its status. */
export function timeOut(cards: readonly OfferCard[], dispatchId: string): OfferCard[] {
  return cards.map((c) => (c.dispatchId === dispatchId && c.status === 'offered' ? { ...c, status: 'timed_out' } : c));
}

/** What the phone lists: live jobs, and the ones just ended (done, voided, expired) so the responder sees what happened. */
export function isShown(card: OfferCard): boolean {
  return isActive(card) || card.status === 'completed' || card.status === 'cancelled' || card.status === 'timed_out';
}
