import { type HeartbeatRequest, heartbeatRequestSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { HandsetEndpoint } from '../handset-auth/api-handset-auth.decorator';
import { type AuthenticatedDevice, Handset } from '../handset-auth/authenticated-device';
import { HeartbeatsService } from './heartbeats.service';

@ApiTags('handsets')
@Controller()
export class HeartbeatsController {
  constructor(private readonly heartbeats: HeartbeatsService) {}

  /** A heartbeat far off the server clock is refused: unlike an alarm, it could be a replay keeping a dead device "alive". */
  @Post('/v1/heartbeats')
  @HttpCode(204)
  @HandsetEndpoint({ freshClock: true })
  @ApiBody({ schema: z.toJSONSchema(heartbeatRequestSchema) as object })
  @ApiResponse({ status: 204, description: 'recorded' })
  @ApiResponse({ status: 429, description: 'heartbeats sent faster than HEARTBEAT_MIN_INTERVAL_S' })
  async beat(@Handset() device: AuthenticatedDevice, @Body(new ZodPipe(heartbeatRequestSchema)) heartbeat: HeartbeatRequest): Promise<void> {
    await this.heartbeats.record(device, heartbeat);
  }
}
