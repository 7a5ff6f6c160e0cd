import type { z } from 'zod';

/** One entry per non-empty line (medical history, medications, allergies). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The messages of a failed validation with the contracts' own schema, as the server would list them. */
export function issues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
