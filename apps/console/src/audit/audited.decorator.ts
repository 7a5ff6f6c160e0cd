import { SetMetadata } from '@nestjs/common';

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
