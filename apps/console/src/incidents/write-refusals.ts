import { WriteRefused } from '@app/incidents';
import { conflictWith } from '@app/http';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';

/** The HTTP answer to a write the incidents lib refused; other errors pass through unchanged. */
export function asHttpError(error: unknown): unknown {
  if (!(error instanceof WriteRefused)) return error;
  switch (error.kind) {
    case 'not_found':
      return new NotFoundException(error.message);
    case 'forbidden':
      return new ForbiddenException(error.message);
    case 'conflict':
      return error.conflict ? conflictWith(error.conflict.reason, error.message, error.conflict) : new ConflictException(error.message);
  }
}

/** Runs a write, answering its refusal as 404, 403 or 409. */
export async function answeringRefusals<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asHttpError(error);
  }
}
