import type { z } from 'zod';

/**
 * What a `400` for bad input lists besides its English `message` lines: one issue per problem,
 * with the field's path and the kind of problem, so that a form can say it in the person's
 * language next to the field. `code` is zod's issue code (`too_small`, `too_big`,
 * `invalid_format`, `invalid_type`, `invalid_value`, `custom`, …).
 */
export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  /** For too_small / too_big: the limit, and what it counts (`string` length, `number`, `array` items). */
  minimum?: number;
  maximum?: number;
  origin?: string;
  /** For invalid_format: the expected format (`date`, `email`, `regex`, …). */
  format?: string;
  /** For invalid_value: the values allowed. */
  values?: string[];
  /** For a refinement: which rule failed, where the schema names it (`past_date`). */
  rule?: string;
}

/** The body of a `400` refused by validation. */
export interface ValidationErrorBody {
  statusCode: 400;
  error: string;
  message: string[];
  issues: ValidationIssue[];
}

/** A zod issue as the contract's `ValidationIssue`: the facts a form needs to say it in a person's language. */
export function validationIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const facts = issue as unknown as Record<string, unknown>;
  const rule = (facts.params as Record<string, unknown> | undefined)?.rule;
  return {
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: issue.code,
    ...(typeof facts.minimum === 'number' ? { minimum: facts.minimum } : {}),
    ...(typeof facts.maximum === 'number' ? { maximum: facts.maximum } : {}),
    ...(typeof facts.origin === 'string' ? { origin: facts.origin } : {}),
    ...(typeof facts.format === 'string' ? { format: facts.format } : {}),
    ...(Array.isArray(facts.values) ? { values: facts.values.map(String) } : {}),
    ...(typeof rule === 'string' ? { rule } : {}),
  };
}
