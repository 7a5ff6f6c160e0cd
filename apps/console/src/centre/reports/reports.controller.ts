import { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { type IncidentReportQuery, incidentReportQuerySchema } from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { ZodPipe } from '@app/http';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth.decorators';
import { Scope } from '../../districts/district-scope';
import { csvDocument } from './csv';
import { IncidentReport, REPORT_HEADER } from './incident-report';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly report: IncidentReport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** CSV (UTF-8 with BOM, header first), streamed; one row per district or operator. */
  @Get('incidents.csv')
  async incidentsCsv(
    @Query(new ZodPipe(incidentReportQuerySchema)) query: IncidentReportQuery,
    @Scope() scope: DistrictFilter,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rows = await this.report.rows(query, scope, this.config.CENTRE_TIME_ZONE);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="incidents-${query.by}-${query.from}-${query.to}.csv"`)
      .send(Readable.from(csvDocument(REPORT_HEADER, rows)));
  }
}
