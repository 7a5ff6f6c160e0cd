import type { AuthUser } from '@app/auth';
import { CONSOLE_ROLES, type DistrictOverview, idParamSchema, type OutageIncidentView, type WelfareCallInput, welfareCallInputSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Audited } from '../audit/audited.decorator';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { OutagesService } from './outages.service';
import { welfareCsvLines } from './welfare-csv';

const uuidParam = new ZodPipe(idParamSchema);

/** The welfare list of an area outage (its residents' phones and contacts): every route is audited. */
@ApiTags('outages')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1')
export class OutagesController {
  constructor(private readonly outages: OutagesService) {}

  /** Records that a resident of the outage was reached or not (the last call is shown; each is in the timeline). */
  @Post('incidents/:id/welfare-calls/:residentId')
  @HttpCode(200)
  @Audited('incident.welfare_call', 'incident')
  recordCall(
    @Param('id', uuidParam) id: string,
    @Param('residentId', uuidParam) residentId: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(welfareCallInputSchema)) body: WelfareCallInput,
  ): Promise<OutageIncidentView> {
    return this.outages.recordCall(id, residentId, user, body);
  }

  /** The welfare list as CSV (UTF-8 with a BOM, header row), streamed line by line. */
  @Get('incidents/:id/welfare-calls.csv')
  @Audited('incident.welfare_export', 'incident')
  async exportCsv(@Param('id', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    const view = await this.outages.outage(id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="welfare-calls-${id}.csv"`);
    return Readable.from(welfareCsvLines(view));
  }

  @Get('districts/overview')
  districtOverview(): Promise<DistrictOverview> {
    return this.outages.districtOverview();
  }
}
