import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  CONSOLE_ROLES,
  idParamSchema,
  type IncidentHistory,
  type IncidentSearchItem,
  type IncidentSearchQuery,
  incidentSearchQuerySchema,
  type Page,
} from '@app/contracts';
import { type DistrictFilter, InvalidCursorError } from '@app/database';
import { ZodPipe } from '@app/http';
import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { Roles } from '../../common/auth.decorators';
import { Scope } from '../../districts/district-scope';
import { IncidentHistoryRepository } from './incident-history.repository';

/** A resident's earlier incidents shown with every incident: enough to see a pattern (three falls this month). */
const HISTORY_LIMIT = 20;

/** Resolved and cancelled incidents stay findable. Both routes show residents' incidents and notes: audited. */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1')
export class IncidentHistoryController {
  constructor(
    private readonly history: IncidentHistoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The same resident's other incidents, newest first (type, dates, outcome, notes). */
  @Get('incidents/:id/history')
  @Audited('incident.history', 'incident')
  async previous(@Param('id', new ZodPipe(idParamSchema)) id: string, @Scope() scope: DistrictFilter): Promise<IncidentHistory> {
    const items = await this.history.previousOf(id, scope, HISTORY_LIMIT);
    if (!items) throw new NotFoundException(`no incident ${id}`);
    return { items };
  }

  /** Incidents by day range (the centre's days), district, type, outcome, live or closed, and resident name or phone; newest first. */
  @Get('incident-search')
  @Audited('incident.search', 'incident')
  async search(@Query(new ZodPipe(incidentSearchQuerySchema)) query: IncidentSearchQuery, @Scope() scope: DistrictFilter): Promise<Page<IncidentSearchItem>> {
    try {
      return await this.history.search(query, scope, this.config.CENTRE_TIME_ZONE);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException('cursor: invalid cursor');
      throw error;
    }
  }
}
