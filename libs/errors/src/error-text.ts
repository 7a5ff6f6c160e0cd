/**
 * What was thrown, as text. A `catch` or a rejection may carry anything, not only an Error, so
 * every log line and message that reports a failure goes through these.
 */

/** An Error's message, anything else as text: one line for a log or a person. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An Error's stack (its message when it has none), for a failure nobody expected and someone must debug. */
export function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The message of an Error's cause when it has one, else its own. fetch() rejects with a bare
 * "fetch failed" and says why (ECONNREFUSED, a timeout) only in its cause.
 */
export function causeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const causeText = typeof cause === 'object' && cause !== null && 'message' in cause && typeof cause.message === 'string' ? cause.message : undefined;
  return causeText ?? error.message;
}

/** What was thrown, as an Error (so it can be rejected with, or logged with its stack). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
