/** Header names of the handset protocol (docs/architecture.md, 'Handset API'). */
export const HandsetHeader = {
  DeviceId: 'x-device-id',
  Timestamp: 'x-timestamp',
  Signature: 'x-signature',
} as const;

/** The limit on a handset body; larger ones get 413. */
export const HANDSET_BODY_LIMIT_BYTES = 16 * 1024;

/** A correctly signed alarm whose clock is further off than this is still accepted; the skew is recorded. */
export const HANDSET_CLOCK_TOLERANCE_MS = 300_000;
