const FIRST_BACKOFF_MS = 250;
const MAX_DELAY_MS = 10_000;

/** Whether a handset sends the same press again: the server could not store it (503) or never answered. */
export function shouldRetry(status: number | undefined): boolean {
  return status === undefined || status === 503;
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After (seconds or an HTTP
 * date) when it gave one, else exponential backoff; never more than 10 s, so a run stays bounded.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null | undefined, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.min(Math.max(at - now, 0), MAX_DELAY_MS);
  }
  return Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
}
