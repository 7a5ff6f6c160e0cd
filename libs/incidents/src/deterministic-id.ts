import { createHash } from 'node:crypto';

/** The namespace of HeartKey's name-based ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1d3c2a8b9e4f7a9c0d1e2f3a4b5c6d', 'hex');

/**
 * A UUID (version 5, RFC 9562) derived from a name: the same name always gives the same id.
 * A job that may run twice writes its follow-up outbox row under such an id, so the second
 * run finds the row instead of writing another timer.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
