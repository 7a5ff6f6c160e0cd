import { APP_CONFIG, type AppConfig } from '@app/config';
import { toError } from '@app/errors';
import { Inject, Injectable } from '@nestjs/common';
import type { NotificationChannel, OfferNotification } from './notification-channel';
import { webhookOfferOf } from './offer-messages';
import { signWebhook, WebhookHeader } from './webhook-signature';

const TIMEOUT_MS = 10_000;

/**
 * POSTs the offer to NOTIFY_WEBHOOK_URL (an SMS or push gateway), signed and with the
 * notification id as idempotency key, so a gateway can drop what a crash made us send twice.
 * Anything but a 2xx within 10 s is a failure of that offer's request.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** One request per offer, all at once: each has its own answer from the gateway. */
  sendAll(offers: readonly OfferNotification[]): Promise<(Error | undefined)[]> {
    return Promise.all(offers.map((offer) => this.send(offer).then(() => undefined, toError)));
  }

  private async send(offer: OfferNotification): Promise<void> {
    const url = this.config.NOTIFY_WEBHOOK_URL;
    const secret = this.config.NOTIFY_WEBHOOK_SECRET;
    if (!url || !secret) throw new Error('no webhook is configured (NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET)');
    const body = JSON.stringify(webhookOfferOf(offer));
    const timestamp = String(Date.now());
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WebhookHeader.Timestamp]: timestamp,
        [WebhookHeader.Signature]: signWebhook(secret, timestamp, body),
        [WebhookHeader.IdempotencyKey]: offer.notificationId,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // Read the body so that the connection is released.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
