/**
 * When a device was last heard (a heartbeat, an alarm, any frame), read through one place.
 * Contact writes may be batched by ingest with a bounded delay: a check "silent for longer than
 * X" then allows that delay here, and nowhere else needs to know (CONTACT_WRITE_LAG_S).
 */

/** Seconds by which a written last contact may lag the real one (0 while contacts are written as they come). */
export const CONTACT_WRITE_LAG_S = 0;

/** The last contact of device row `d`. */
export const lastContact = (d: string): string => `${d}.last_heard_at`;

/** Device `d` has been heard and has been silent longer than `seconds` (an SQL expression), the write lag allowed. */
export const silentLongerThan = (d: string, seconds: string): string =>
  `(${lastContact(d)} IS NOT NULL AND ${lastContact(d)} < now() - make_interval(secs => ${seconds} + ${CONTACT_WRITE_LAG_S}))`;

/** Device `d` was heard within the last `seconds` (an SQL expression). */
export const heardWithin = (d: string, seconds: string): string => `${lastContact(d)} >= now() - make_interval(secs => ${seconds})`;
