import type { ErrorBody } from '@app/http';
import { ServiceUnavailableException } from '@nestjs/common';

/** How long a handset waits before it sends the same request again. */
export const RETRY_AFTER_S = 5;

/** The body and headers of a 503 that tells a handset to retry: the only 5xx this API answers. */
export function retryLaterBody(message: string): ErrorBody & { headers: Record<string, string> } {
  return { statusCode: 503, error: 'Service Unavailable', message, headers: { 'Retry-After': String(RETRY_AFTER_S) } };
}

/** A 503 with `Retry-After` (the http lib's filter turns `retryAfter` into the header). */
export function retryLater(message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message, retryAfter: RETRY_AFTER_S });
}
