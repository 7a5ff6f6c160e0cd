import { HANDSET_CLOCK_TOLERANCE_MS } from '@app/contracts';

/** Unix milliseconds as a plain decimal string: no sign, no exponent, no fraction. */
const DECIMAL_MS = /^\d{1,15}$/;

/** The handset's `X-Timestamp` in ms, or undefined when it is missing or not a decimal number. */
export function parseHandsetTimestamp(header: string | undefined): number | undefined {
  if (header === undefined || !DECIMAL_MS.test(header)) return undefined;
  return Number(header);
}

/** How far the handset clock is behind the server (positive) or ahead of it (negative), in ms. */
export function clockSkewMs(handsetMs: number, serverMs: number): number {
  return serverMs - handsetMs;
}

/**
 * Whether a skew is beyond what a handset clock may drift. An alarm that far off is still
 * accepted (its timeline records the skew); a heartbeat is refused.
 */
export function isClockSkewed(skewMs: number, toleranceMs = HANDSET_CLOCK_TOLERANCE_MS): boolean {
  return Math.abs(skewMs) > toleranceMs;
}
