import { ZodPipe } from '@app/http';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../common/auth.decorators';
import { AuditLog } from './audit-log';
import { AUDITED_ENTITIES } from './audited.decorator';

const auditQuerySchema = z.strictObject({
  entityType: z.enum(AUDITED_ENTITIES).optional(),
  entityId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  actorId: z.uuid().optional(),
  residentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** Newest first; `nextCursor` pages further back. `residentId`: every row that concerns that resident, by whichever path. */
  @Get()
  list(@Query(new ZodPipe(auditQuerySchema)) query: z.infer<typeof auditQuerySchema>) {
    return this.audit.list({ ...query, before: query.cursor });
  }
}
