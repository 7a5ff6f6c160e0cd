import type { AuthUser } from '@app/auth';
import {
  type CareService,
  type CareServicesInput,
  careServicesInputSchema,
  CONSOLE_ROLES,
  idParamSchema,
  type Visit,
  type VisitInput,
  visitInputSchema,
  type VisitRangeQuery,
  visitRangeQuerySchema,
} from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { csvFile } from '../common/csv';
import { VISIT_COLUMNS } from './care-csv-columns';
import { VisitsService } from './visits.service';

const residentId = new ZodPipe(idParamSchema);
const range = new ZodPipe(visitRangeQuerySchema);

/** Care visits and the list of services they give. */
@ApiTags('care')
@ApiBearerAuth()
@Controller()
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Post('v1/visits')
  @HttpCode(201)
  @Audited('visit.record', 'visit')
  @Roles(...CONSOLE_ROLES, 'responder')
  record(@CurrentUser() user: AuthUser, @Body(new ZodPipe(visitInputSchema)) body: VisitInput): Promise<Visit> {
    return this.visits.record(user, body);
  }

  @Get('v1/visits/mine')
  @Audited('visit.list_mine', 'visit')
  @Roles('responder')
  async mine(@CurrentUser() user: AuthUser, @Query(range) query: VisitRangeQuery): Promise<{ items: Visit[] }> {
    return { items: await this.visits.mine(user, query) };
  }

  @Get('v1/visits/my-residents')
  @Audited('resident.list_mine', 'resident')
  @Roles('responder')
  async myResidents(@CurrentUser() user: AuthUser): Promise<{ items: { id: string; fullName: string; address: string; phone?: string }[] }> {
    return { items: await this.visits.myResidents(user) };
  }

  @Get('v1/residents/:id/visits')
  @Roles(...CONSOLE_ROLES)
  @Audited('resident.visits', 'resident')
  async ofResident(@Param('id', residentId) id: string, @CurrentUser() user: AuthUser, @Query(range) query: VisitRangeQuery): Promise<{ items: Visit[] }> {
    return { items: await this.visits.ofResident(user, id, query) };
  }

  @Get('v1/residents/:id/visits/export.csv')
  @Roles(...CONSOLE_ROLES)
  @Audited('resident.visits_export', 'resident')
  async exportOfResident(@Param('id', residentId) id: string, @CurrentUser() user: AuthUser, @Query(range) query: VisitRangeQuery): Promise<StreamableFile> {
    return csvFile(`visits-${id}.csv`, VISIT_COLUMNS, await this.visits.streamOfResident(user, id, query));
  }

  @Get('v1/care-services')
  @Roles(...CONSOLE_ROLES, 'responder')
  async services(): Promise<{ items: CareService[] }> {
    return { items: await this.visits.services() };
  }

  @Put('v1/care-services')
  @Roles('admin')
  @Audited('care_service.replace', 'care_service')
  async replaceServices(@Body(new ZodPipe(careServicesInputSchema)) body: CareServicesInput): Promise<{ items: CareService[] }> {
    return { items: await this.visits.replaceServices(body) };
  }
}
