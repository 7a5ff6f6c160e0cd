/** What was thrown, as text for a person: an Error's message, anything else as it prints (a catch may get anything). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
