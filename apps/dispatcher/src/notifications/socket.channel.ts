import { LivePublisher } from '@app/live';
import { Injectable } from '@nestjs/common';
import type { NotificationChannel, OfferNotification } from './notification-channel';
import { dispatchOfferedOf } from './offer-messages';

/** `dispatch.offered` to the responder's room of `/responders`, through Redis to every console instance. */
@Injectable()
export class SocketChannel implements NotificationChannel {
  readonly name = 'socket' as const;

  constructor(private readonly live: LivePublisher) {}

  async send(offer: OfferNotification): Promise<void> {
    await this.live.dispatchOffered(offer.responder.id, dispatchOfferedOf(offer));
  }
}
