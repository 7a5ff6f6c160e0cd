import { LivePublisher } from '@app/live';
import { Injectable } from '@nestjs/common';
import type { NotificationChannel, OfferNotification } from './notification-channel';
import { dispatchOfferedOf } from './offer-messages';

/**
 * `dispatch.offered` to the responder's room of `/responders`, through Redis to every console
 * instance: the offers of a batch in one pipeline.
 */
@Injectable()
export class SocketChannel implements NotificationChannel {
  readonly name = 'socket' as const;

  constructor(private readonly live: LivePublisher) {}

  sendAll(offers: readonly OfferNotification[]): Promise<(Error | undefined)[]> {
    return this.live.dispatchesOffered(offers.map((offer) => ({ responderId: offer.responder.id, offer: dispatchOfferedOf(offer) })));
  }
}
