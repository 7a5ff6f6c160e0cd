import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import type { AuthenticatedRequest } from '../common/auth.decorators';
import { AuditLog } from './audit-log';
import { AUDIT_ALSO_CONCERNS, AUDITED, type AuditSpec } from './audited.decorator';

type Request = FastifyRequest & AuthenticatedRequest & { params?: Record<string, string>; body?: unknown; [AUDIT_ALSO_CONCERNS]?: string[] };

/** The id of what was touched: the route's `:id`/`:serial`, or the id of what was just created. */
function entityIdOf(request: Request, result: unknown): string | undefined {
  const params = request.params ?? {};
  const created = result as { id?: unknown; serial?: unknown } | undefined;
  const id = params.id ?? params.serial ?? created?.id ?? created?.serial;
  return typeof id === 'string' ? id : undefined;
}

/** What a list row shows: a record of its own (`id`), or a report's row about a resident (`resident.id`). */
function shownIdOf(row: { id?: unknown; resident?: { id?: unknown } }): unknown {
  return row.id ?? row.resident?.id;
}

/** Which fields a change set: their names only. */
function changedFields(body: unknown): string[] | undefined {
  return body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).sort() : undefined;
}

/**
 * Writes the audit record of an `@Audited` route after it succeeded and before the answer is
 * sent: if the record cannot be written, the caller gets an error rather than unaudited data.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDITED, context.getHandler());
    if (!spec) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      switchMap((result) =>
        from(
          (async () => {
            if (request.user) {
              const fields = changedFields(request.body);
              // A search or a list shows several records: the audit names which ones.
              const list = Array.isArray(result) ? result : (result as { items?: unknown })?.items;
              const shown = Array.isArray(list) ? list.map(shownIdOf).filter((id): id is string => typeof id === 'string') : undefined;
              await this.audit.record({
                actor: request.user,
                action: spec.action,
                entityType: spec.entity,
                // A list under one record (an incident's history) still names that record.
                entityId: shown ? (request.params?.id ?? request.params?.serial) : entityIdOf(request, result),
                address: request.ip,
                alsoConcerns: request[AUDIT_ALSO_CONCERNS],
                ...(fields?.length || shown ? { details: { ...(fields?.length ? { fields } : {}), ...(shown ? { ids: shown } : {}) } } : {}),
              });
            }
            return result;
          })(),
        ),
      ),
    );
  }
}
