import { type AlarmAccepted, type AlarmRequest, alarmRequestSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { HandsetEndpoint } from '../handset-auth/api-handset-auth.decorator';
import { type AuthenticatedDevice, Handset } from '../handset-auth/authenticated-device';
import { PressIntake, PressNotStored } from '../intake/press-intake';
import { retryLater } from '../retry-later';
import { ALARMS_ROUTE } from './alarm-metrics';

@ApiTags('handsets')
@Controller()
export class AlarmsController {
  constructor(private readonly intake: PressIntake) {}

  /** Never throttled and never filtered: a flood of presses folds into the open incident. */
  @Post(ALARMS_ROUTE)
  @HandsetEndpoint({ freshClock: false })
  @ApiBody({ schema: z.toJSONSchema(alarmRequestSchema) as object })
  @ApiResponse({ status: 202, description: 'stored durably: `{ incidentId, alarmId, duplicate: false }`' })
  @ApiResponse({ status: 200, description: "the same eventId again: the first press's ids and `duplicate: true`" })
  @ApiResponse({ status: 413, description: 'body over 16 KiB' })
  async press(
    @Handset() device: AuthenticatedDevice,
    @Body(new ZodPipe(alarmRequestSchema)) alarm: AlarmRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AlarmAccepted> {
    const answer = await this.intake.accept(device, alarm).catch((error: unknown) => {
      // 503 with Retry-After: the handset sends the same press again.
      throw error instanceof PressNotStored ? retryLater(error.message) : error;
    });
    void reply.status(answer.duplicate ? 200 : 202);
    return answer;
  }
}
