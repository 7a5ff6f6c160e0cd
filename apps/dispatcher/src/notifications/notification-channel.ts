import type { NotificationChannelName } from '@app/contracts';
import type { OfferDetails } from '@app/incidents';

/** An offer to deliver, with the id of its notification row (the idempotency key outside). */
export interface OfferNotification extends OfferDetails {
  notificationId: string;
}

/**
 * A way an offer reaches a responder. `send` resolves once the channel took the offer and
 * rejects otherwise (the notify job then retries with backoff); it may be called again for
 * the same notification after a crash, so a channel passes the notification id on where it can.
 */
export interface NotificationChannel {
  readonly name: NotificationChannelName;
  send(offer: OfferNotification): Promise<void>;
}
