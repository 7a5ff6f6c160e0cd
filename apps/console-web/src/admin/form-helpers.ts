import { validationIssue } from '@app/contracts';
import type { z } from 'zod';
import { describeIssue } from '../components/failure';
import type { Translate } from '../i18n';

/** One entry per non-empty line (medical history, medications, allergies). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The problems of a failed validation with the contracts' own schema, each in the person's language (as a 400's `issues` are said). */
export function issues(t: Translate, error: z.ZodError): string[] {
  return error.issues.map((i) => describeIssue(t, validationIssue(i)));
}
