import type { AuthUser } from '@app/auth';
import { type CompleteDispatchInput, completeDispatchSchema, type Dispatch, type DoorDetails, idParamSchema, type ResponderDispatch } from '@app/contracts';
import { ZodPipe } from '@app/http';
import type { ResponderAnswer } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { DispatchesService } from './dispatches.service';
import { DoorDetailsReader } from './door-details';
import { Audited } from '../audit/audited.decorator';

const dispatchId = new ZodPipe(idParamSchema);

/**
 * A responder's own dispatches: someone else's → 403, unknown → 404, an answer
 * the dispatch's state does not allow (or an expired offer) → 409.
 */
@ApiTags('dispatches')
@ApiBearerAuth()
@Roles('responder')
@Controller('v1/dispatches')
export class DispatchesController {
  constructor(
    private readonly dispatches: DispatchesService,
    private readonly door: DoorDetailsReader,
  ) {}

  @Get('mine')
  // Each entry carries its resident's medical history and allergies.
  @Audited('dispatch.mine', 'dispatch')
  mine(@CurrentUser() user: AuthUser): Promise<ResponderDispatch[]> {
    return this.dispatches.mine(user);
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@Param('id', dispatchId) id: string, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.answer(id, 'accept', user);
  }

  @Post(':id/decline')
  @HttpCode(200)
  decline(@Param('id', dispatchId) id: string, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.answer(id, 'decline', user);
  }

  // The resident's medications and emergency contacts, once the job is taken.
  @Get(':id/door')
  @Audited('dispatch.door', 'dispatch')
  doorDetails(@Param('id', dispatchId) id: string, @CurrentUser() user: AuthUser): Promise<DoorDetails> {
    return this.door.read(id, this.dispatches.responderOf(user));
  }

  @Post(':id/en-route')
  @HttpCode(200)
  enRoute(@Param('id', dispatchId) id: string, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.answer(id, 'en_route', user);
  }

  @Post(':id/arrive')
  @HttpCode(200)
  arrive(@Param('id', dispatchId) id: string, @CurrentUser() user: AuthUser): Promise<Dispatch> {
    return this.answer(id, 'arrive', user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(
    @Param('id', dispatchId) id: string,
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(completeDispatchSchema)) body: CompleteDispatchInput | undefined,
  ): Promise<Dispatch> {
    return this.dispatches.answer(id, 'complete', user, {
      ...(body?.outcome ? { outcome: body.outcome } : {}),
      ...(body?.note ? { note: body.note } : {}),
    });
  }

  private answer(id: string, answer: ResponderAnswer, user: AuthUser): Promise<Dispatch> {
    return this.dispatches.answer(id, answer, user);
  }
}
