import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const AUDITED = 'heartkey:audited';

export const AUDITED_ENTITIES = [
  'resident',
  'device',
  'user',
  'incident',
  'dispatch',
  'protocol',
  'handover',
  'follow_up',
  'visit',
  'visit_request',
  'care_service',
  'report',
] as const;
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number];

export interface AuditSpec {
  /** e.g. `resident.view`, `resident.update`, `device.rotate_secret`. */
  action: string;
  entity: AuditedEntity;
}

/**
 * The route reads medical data or changes a resident, device or user: every successful call
 * writes an audit record (who, what, when, from where) before the answer leaves.
 */
export const Audited = (action: string, entity: AuditedEntity): MethodDecorator => SetMetadata(AUDITED, { action, entity } satisfies AuditSpec);

/** Where a route leaves, on its request, the residents its audit record concerns besides those its ids resolve to. */
export const AUDIT_ALSO_CONCERNS = Symbol('heartkey:audit-also-concerns');

/** What `@AuditAlsoConcerns()` gives a handler: name a resident the record is to concern as well. */
export type AlsoConcerns = (residentId: string) => void;

/**
 * For a change whose ids resolve, after it, to only some of the residents it touched: a handset
 * given to another resident resolves to the new one, and the audit trail of the one it was taken
 * from must show it too.
 */
export const AuditAlsoConcerns = createParamDecorator((_data: unknown, context: ExecutionContext): AlsoConcerns => {
  const request = context.switchToHttp().getRequest<{ [AUDIT_ALSO_CONCERNS]?: string[] }>();
  return (residentId) => (request[AUDIT_ALSO_CONCERNS] ??= []).push(residentId);
});
