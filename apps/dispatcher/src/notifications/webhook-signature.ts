import { signHandsetRequest } from '@app/auth';

/** Header names of a signed webhook request. */
export const WebhookHeader = {
  Timestamp: 'X-HeartKey-Timestamp',
  Signature: 'X-HeartKey-Signature',
  IdempotencyKey: 'Idempotency-Key',
} as const;

/**
 * Lowercase hex HMAC-SHA256 of `${timestamp}.${body}`, keyed with NOTIFY_WEBHOOK_SECRET: the
 * same scheme handsets sign with (docs/architecture.md, 'Handset API'), so a gateway verifies both the same way.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return signHandsetRequest(secret, timestamp, body);
}
