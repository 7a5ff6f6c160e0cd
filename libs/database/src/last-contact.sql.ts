/**
 * When a device was last heard (a heartbeat, an alarm, any frame), read through one place. Ingest
 * may hold a contact behind one statement in flight before writing it (group commit): callers pass a silence threshold
 * that allows it (the dispatcher's silenceThresholdS), so a batched heartbeat never makes a live
 * device look silent.
 */

/** The last contact of device row `d`. */
export const lastContact = (d: string): string => `${d}.last_heard_at`;

/** Device `d` has been heard and has been silent longer than `seconds` (an SQL expression). */
export const silentLongerThan = (d: string, seconds: string): string =>
  `(${lastContact(d)} IS NOT NULL AND ${lastContact(d)} < now() - make_interval(secs => ${seconds}))`;

/** Device `d` was heard within the last `seconds` (an SQL expression). */
export const heardWithin = (d: string, seconds: string): string => `${lastContact(d)} >= now() - make_interval(secs => ${seconds})`;
