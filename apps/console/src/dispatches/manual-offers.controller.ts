import type { AuthUser } from '@app/auth';
import { CONSOLE_ROLES, type Dispatch, idParamSchema, manualDispatchInputSchema } from '@app/contracts';
import type { DistrictFilter } from '@app/database';
import { ZodPipe } from '@app/http';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { DistrictGate } from '../districts/district-gate';
import { Scope } from '../districts/district-scope';
import { DispatchesService } from './dispatches.service';

/** An operator offers an incident by hand to any active responder, volunteers included. */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/incidents')
export class ManualOffersController {
  constructor(
    private readonly dispatches: DispatchesService,
    private readonly gate: DistrictGate,
  ) {}

  @Post(':id/dispatches')
  @HttpCode(201)
  async offer(
    @Param('id', new ZodPipe(idParamSchema)) incidentId: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(manualDispatchInputSchema)) body: z.infer<typeof manualDispatchInputSchema>,
    @Scope() scope: DistrictFilter,
  ): Promise<Dispatch> {
    await this.gate.incident(incidentId, scope);
    return this.dispatches.offer(incidentId, body.responderId, user);
  }
}
