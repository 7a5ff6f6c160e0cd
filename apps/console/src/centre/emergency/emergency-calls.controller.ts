import type { AuthUser } from '@app/auth';
import { CONSOLE_ROLES, type EmergencyCallInput, emergencyCallSchema, idParamSchema, type IncidentView } from '@app/contracts';
import { type DistrictFilter, IncidentViews } from '@app/database';
import { ZodPipe } from '@app/http';
import { IncidentFacts } from '@app/incidents';
import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { CurrentUser, Roles } from '../../common/auth.decorators';
import { answeringRefusals } from '../../incidents/write-refusals';
import { DistrictGate } from '../../districts/district-gate';
import { Scope } from '../../districts/district-scope';

/** "120 called": which service, when, and the reference it gave, as a timeline fact (`emergency_called`). */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/incidents')
export class EmergencyCallsController {
  constructor(
    private readonly facts: IncidentFacts,
    private readonly views: IncidentViews,
    private readonly gate: DistrictGate,
  ) {}

  /** 201 with the incident's view; 409 once the incident is closed. Each call is its own fact (a second call to 120 is news). */
  @Post(':id/emergency-calls')
  @HttpCode(201)
  @Audited('incident.emergency_call', 'incident')
  async record(
    @Param('id', new ZodPipe(idParamSchema)) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(emergencyCallSchema)) body: EmergencyCallInput,
    @Scope() scope: DistrictFilter,
  ): Promise<IncidentView> {
    await this.gate.incident(id, scope);
    const calledAt = body.calledAt ?? new Date().toISOString();
    await answeringRefusals(() =>
      this.facts.record(id, user.id, {
        kind: 'emergency_called',
        data: { service: body.service, calledAt, ...(body.reference ? { reference: body.reference } : {}) },
      }),
    );
    const view = await this.views.byId(id);
    if (!view) throw new NotFoundException(`no incident ${id}`);
    return view;
  }
}
