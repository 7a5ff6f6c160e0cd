import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLog } from './audit-log';
import { StreamAudit } from './stream-audit';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditLog, StreamAudit, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditLog, StreamAudit],
})
export class AuditModule {}
