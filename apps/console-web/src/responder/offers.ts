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
