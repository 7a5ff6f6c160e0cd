import type { ConflictFacts, ConflictReason } from '@app/contracts';

/**
 * Why a write asked for by a person was not made. The lib knows nothing of HTTP; the console
 * maps these to 404, 403 and 409, and a worker treats them as "nothing to do". A conflict
 * carries its reason (contracts' `CONFLICT_REASONS`) and the facts it names.
 */
export type RefusalKind = 'not_found' | 'forbidden' | 'conflict';

export class WriteRefused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly conflict?: { reason: ConflictReason } & ConflictFacts,
  ) {
    super(message);
    this.name = 'WriteRefused';
  }
}

export const notFound = (message: string) => new WriteRefused('not_found', message);
export const forbidden = (message: string) => new WriteRefused('forbidden', message);
export const conflict = (reason: ConflictReason, message: string, facts: ConflictFacts = {}) => new WriteRefused('conflict', message, { reason, ...facts });
