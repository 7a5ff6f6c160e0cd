import type { AuthUser } from '@app/auth';
import {
  type CompleteFollowUpRequest,
  completeFollowUpSchema,
  CONSOLE_ROLES,
  type FollowUp,
  idParamSchema,
  type ListFollowUpsQuery,
  listFollowUpsQuerySchema,
  type ListVisitRequestsQuery,
  listVisitRequestsQuerySchema,
  type VisitRequest,
} from '@app/contracts';
import { ZodPipe } from '@app/http';
import { FollowUps } from '@app/incidents';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { csvFile } from '../common/csv';
import { DistrictScopes, isInDistrictScope } from '../common/district-scope';
import { answeringRefusals } from '../incidents/write-refusals';
import { FOLLOW_UP_COLUMNS, VISIT_REQUEST_COLUMNS } from './care-csv-columns';
import { FollowUpQueries } from './follow-up-queries';

const followUpId = new ZodPipe(idParamSchema);

/** Follow-up calls (回访) after emergencies, and the visit requests they raise. */
@ApiTags('care')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller()
export class FollowUpsController {
  constructor(
    private readonly queries: FollowUpQueries,
    private readonly followUps: FollowUps,
    private readonly scopes: DistrictScopes,
  ) {}

  @Get('v1/follow-ups')
  @Audited('follow_up.list', 'follow_up')
  async list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(listFollowUpsQuerySchema)) query: ListFollowUpsQuery): Promise<{ items: FollowUp[] }> {
    return { items: await this.queries.followUps(query.status, await this.scopes.forUser(user, query.district)) };
  }

  @Get('v1/follow-ups/export.csv')
  @Audited('follow_up.export', 'follow_up')
  async export(@CurrentUser() user: AuthUser, @Query(new ZodPipe(listFollowUpsQuerySchema)) query: ListFollowUpsQuery): Promise<StreamableFile> {
    const scope = await this.scopes.forUser(user, query.district);
    return csvFile(`follow-ups-${query.status}.csv`, FOLLOW_UP_COLUMNS, this.queries.streamFollowUps(query.status, scope));
  }

  @Post('v1/follow-ups/:id/complete')
  @HttpCode(200)
  @Audited('follow_up.complete', 'follow_up')
  async complete(
    @Param('id', followUpId) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(completeFollowUpSchema)) body: CompleteFollowUpRequest,
  ): Promise<FollowUp & { visitRequestId?: string }> {
    const found = await this.queries.districtOfFollowUp(id);
    // Outside the caller's districts it does not exist for them, as in every list.
    if (!found || !isInDistrictScope(await this.scopes.forUser(user), found.district)) throw new NotFoundException(`no follow-up ${id}`);
    const { visitRequestId } = await answeringRefusals(() => this.followUps.complete(id, user.id, body));
    const view = await this.queries.followUp(id);
    return { ...view!, ...(visitRequestId ? { visitRequestId } : {}) };
  }

  @Get('v1/visit-requests')
  @Audited('visit_request.list', 'visit_request')
  async visitRequests(
    @CurrentUser() user: AuthUser,
    @Query(new ZodPipe(listVisitRequestsQuerySchema)) query: ListVisitRequestsQuery,
  ): Promise<{ items: VisitRequest[] }> {
    return { items: await this.queries.visitRequests(query.status, await this.scopes.forUser(user, query.district)) };
  }

  @Get('v1/visit-requests/export.csv')
  @Audited('visit_request.export', 'visit_request')
  async exportVisitRequests(
    @CurrentUser() user: AuthUser,
    @Query(new ZodPipe(listVisitRequestsQuerySchema)) query: ListVisitRequestsQuery,
  ): Promise<StreamableFile> {
    const scope = await this.scopes.forUser(user, query.district);
    return csvFile(`visit-requests-${query.status}.csv`, VISIT_REQUEST_COLUMNS, this.queries.streamVisitRequests(query.status, scope));
  }

  /** The care team's to-do on the phone view: open requests for the residents the responder looks after. */
  @Get('v1/visit-requests/mine')
  @Audited('visit_request.list_mine', 'visit_request')
  @Roles('responder')
  async mine(@CurrentUser() user: AuthUser): Promise<{ items: VisitRequest[] }> {
    return { items: await this.queries.visitRequests('open', null, user.responderId ?? '00000000-0000-0000-0000-000000000000') };
  }
}
