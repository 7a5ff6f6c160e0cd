import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validationIssue } from '@app/contracts';

/** Validates a body, query or param against a contracts schema; refusals are 400 with every problem listed (`ValidationErrorBody`). */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    // `message` keeps the English lines; `issues` lets a form say each one in the person's language.
    throw new BadRequestException({
      message: result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)),
      issues: result.error.issues.map(validationIssue),
    });
  }
}
