import type { NotificationChannelName } from '@app/contracts';
import type { OfferDetails } from '@app/incidents';

/** An offer to deliver, with the id of its notification row (the idempotency key outside). */
export interface OfferNotification extends OfferDetails {
  notificationId: string;
}

/**
 * A way an offer reaches a responder. `sendAll` takes the offers of one batch and answers one
 * outcome per offer, in order: undefined once the channel took it, else the error (the notify
 * job then retries with backoff); it never rejects. It may be called again for the same
 * notification after a crash, so a channel passes the notification id on where it can.
 */
export interface NotificationChannel {
  readonly name: NotificationChannelName;
  sendAll(offers: readonly OfferNotification[]): Promise<(Error | undefined)[]>;
}
