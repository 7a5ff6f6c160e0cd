import type { DispatchOffered } from '@app/contracts';
import type { OfferNotification } from './notification-channel';

/** `dispatch.offered` on the responder's socket: what a carer needs at the door, and no more. */
export function dispatchOfferedOf(offer: OfferNotification): DispatchOffered {
  return {
    dispatchId: offer.dispatch.id,
    incidentId: offer.dispatch.incidentId,
    role: offer.dispatch.role,
    expiresAt: offer.dispatch.expiresAt,
    resident: offer.resident,
  };
}

/** The webhook body: what an SMS or a push message needs, and no medical details (an SMS is not a safe place for them). */
export interface WebhookOffer {
  notificationId: string;
  dispatchId: string;
  incidentId: string;
  expiresAt: string;
  responder: { id: string; fullName: string; phone: string; role: string };
  /** The care-team role the offer was made for. */
  role: string;
  resident: { fullName: string; address: string };
  message: string;
}

export function webhookOfferOf(offer: OfferNotification): WebhookOffer {
  const { dispatch, responder, resident } = offer;
  const until = dispatch.expiresAt.slice(11, 16);
  return {
    notificationId: offer.notificationId,
    dispatchId: dispatch.id,
    incidentId: dispatch.incidentId,
    expiresAt: dispatch.expiresAt,
    responder: { id: responder.id, fullName: responder.fullName, phone: responder.phone, role: responder.role },
    role: dispatch.role,
    resident: { fullName: resident.fullName, address: resident.address },
    message: `HeartKey alarm: ${resident.fullName}, ${resident.address}, needs help. Accept or decline in the app before ${until} UTC.`,
  };
}
