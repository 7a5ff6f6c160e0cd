import type { AuthUser } from '@app/auth';
import { CONSOLE_ROLES, type Dispatch, idParamSchema, manualDispatchInputSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { DispatchesService } from './dispatches.service';

/** An operator offers an incident by hand to any active responder, volunteers included. */
@ApiTags('incidents')
@ApiBearerAuth()
@Roles(...CONSOLE_ROLES)
@Controller('v1/incidents')
export class ManualOffersController {
  constructor(private readonly dispatches: DispatchesService) {}

  @Post(':id/dispatches')
  @HttpCode(201)
  offer(
    @Param('id', new ZodPipe(idParamSchema)) incidentId: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(manualDispatchInputSchema)) body: z.infer<typeof manualDispatchInputSchema>,
  ): Promise<Dispatch> {
    return this.dispatches.offer(incidentId, body.responderId, user);
  }
}
