import type { AuthUser } from '@app/auth';
import {
  cancelInputSchema,
  CONSOLE_ROLES,
  idParamSchema,
  type IncidentDetail,
  type IncidentView,
  type ListIncidentsQuery,
  listIncidentsQuerySchema,
  noteInputSchema,
  type Page,
  type ResolveInput,
  resolveInputSchema,
} from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { Scope } from '../districts/district-scope';
import { IncidentsService } from './incidents.service';
import { Audited } from '../audit/audited.decorator';

const incidentId = new ZodPipe(idParamSchema);

/** Every answer here shows incident views (resident, medical data): each route is audited like a detail view. */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @Audited('incident.list', 'incident')
  list(@Query(new ZodPipe(listIncidentsQuerySchema)) query: ListIncidentsQuery, @Scope() scope: DistrictFilter): Promise<Page<IncidentView>> {
    return this.incidents.list(query, scope);
  }

  @Get(':id')
  @Audited('incident.view', 'incident')
  detail(@Param('id', incidentId) id: string, @Scope() scope: DistrictFilter): Promise<IncidentDetail> {
    return this.incidents.detail(id, scope);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Audited('incident.acknowledge', 'incident')
  acknowledge(@Param('id', incidentId) id: string, @CurrentUser() user: AuthUser, @Scope() scope: DistrictFilter): Promise<IncidentView> {
    return this.incidents.acknowledge(id, user, scope);
  }

  @Post(':id/notes')
  @HttpCode(201)
  @Audited('incident.note', 'incident')
  addNote(
    @Param('id', incidentId) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(noteInputSchema)) body: z.infer<typeof noteInputSchema>,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentDetail> {
    return this.incidents.addNote(id, user, body.text, scope);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Audited('incident.resolve', 'incident')
  resolve(
    @Param('id', incidentId) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(resolveInputSchema)) body: ResolveInput,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentView> {
    return this.incidents.resolve(id, user, body.outcome, body.note, scope);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Audited('incident.cancel', 'incident')
  cancel(
    @Param('id', incidentId) id: string,
    @CurrentUser() user: AuthUser,
    // The note is optional, so a cancel may come without a body at all.
    @Body(new ZodPipe(z.preprocess((raw) => raw ?? {}, cancelInputSchema))) body: z.infer<typeof cancelInputSchema>,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentView> {
    return this.incidents.cancel(id, user, body.note, scope);
  }
}
