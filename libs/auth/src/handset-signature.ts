import { createHmac, timingSafeEqual } from 'node:crypto';

/** The handset signature (docs/architecture.md, 'Handset API'): hex HMAC-SHA256 of `${timestamp}.${rawBody}` keyed with the device secret. */
export function signHandsetRequest(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.`).update(rawBody).digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Constant-time check. A malformed signature is still compared against something of the right
 * length, so the time taken does not tell a caller which part was wrong.
 */
export function verifyHandsetSignature(secret: string, timestamp: string, rawBody: string | Buffer, signature: string): boolean {
  const expected = Buffer.from(signHandsetRequest(secret, timestamp, rawBody), 'hex');
  const wellFormed = HEX_SHA256.test(signature);
  const given = wellFormed ? Buffer.from(signature, 'hex') : Buffer.alloc(expected.length);
  return timingSafeEqual(expected, given) && wellFormed;
}
