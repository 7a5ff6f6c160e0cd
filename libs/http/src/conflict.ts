import type { ConflictFacts, ConflictReason } from '@app/contracts';
import { ConflictException } from '@nestjs/common';

/** A `409` with its reason (contracts' `ConflictError`): the English `message` for logs, the reason and facts for people. */
export function conflictWith(reason: ConflictReason, message: string, facts: ConflictFacts = {}): ConflictException {
  return new ConflictException({ message, reason, ...facts });
}
