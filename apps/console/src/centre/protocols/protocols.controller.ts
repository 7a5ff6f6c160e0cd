import type { AuthUser } from '@app/auth';
import {
  type AlarmProtocol,
  CONSOLE_ROLES,
  idParamSchema,
  type IncidentChecklists,
  type ProtocolInput,
  protocolInputSchema,
  type ProtocolKind,
  protocolKindParamSchema,
  type ProtocolTick,
  protocolTickSchema,
} from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { CurrentUser, Roles } from '../../common/auth.decorators';
import { DistrictGate } from '../../districts/district-gate';
import { Scope } from '../../districts/district-scope';
import { ProtocolsRepository } from './protocols.repository';
import { ProtocolsService } from './protocols.service';

@ApiTags('protocols')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1')
export class ProtocolsController {
  constructor(
    private readonly protocols: ProtocolsRepository,
    private readonly service: ProtocolsService,
    private readonly gate: DistrictGate,
  ) {}

  /** Every checklist (sos, fall, no_answer, technical). */
  @Get('protocols')
  async list(): Promise<{ items: AlarmProtocol[] }> {
    return { items: await this.protocols.all() };
  }

  /** Admins replace a checklist; incidents keep the ticks (and the texts) they already have. */
  @Put('protocols/:kind')
  @Roles('admin')
  @Audited('protocol.update', 'protocol')
  replace(
    @Param('kind', new ZodPipe(protocolKindParamSchema)) kind: ProtocolKind,
    @Body(new ZodPipe(protocolInputSchema)) body: ProtocolInput,
    @CurrentUser() user: AuthUser,
  ): Promise<AlarmProtocol> {
    return this.protocols.replace(kind, body.steps, user.id);
  }

  @Get('incidents/:id/protocols')
  async checklists(@Param('id', new ZodPipe(idParamSchema)) id: string, @Scope() scope: DistrictFilter): Promise<IncidentChecklists> {
    await this.gate.incident(id, scope);
    return this.service.checklists(id);
  }

  /** Ticks one step off (timeline `protocol_step_done`); 409 once the incident is closed. */
  @Post('incidents/:id/protocols')
  @HttpCode(200)
  @Audited('incident.protocol_step', 'incident')
  async tick(
    @Param('id', new ZodPipe(idParamSchema)) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(protocolTickSchema)) body: ProtocolTick,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentChecklists> {
    await this.gate.incident(id, scope);
    return this.service.tick(id, user, body);
  }
}
