import { Readable } from 'node:stream';
import type { AuthUser } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { type IncidentReportQuery, incidentReportQuerySchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../../common/auth.decorators';
import { callerDistricts } from '../district-scope';
import { csvDocument } from './csv';
import { IncidentReport, REPORT_HEADER } from './incident-report';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly report: IncidentReport,
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** CSV (UTF-8 with BOM, header first), streamed; one row per district or operator. */
  @Get('incidents.csv')
  async incidentsCsv(
    @Query(new ZodPipe(incidentReportQuerySchema)) query: IncidentReportQuery,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rows = await this.report.rows(query, await callerDistricts(this.db, user), this.config.CENTRE_TIME_ZONE);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="incidents-${query.by}-${query.from}-${query.to}.csv"`)
      .send(Readable.from(csvDocument(REPORT_HEADER, rows)));
  }
}
