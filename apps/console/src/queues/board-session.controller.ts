import type { AuthUser } from '@app/auth';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../common/auth.decorators';
import { BOARD_PATH, BoardSession } from './board-session';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/queues')
@Roles('admin')
export class BoardSessionController {
  constructor(private readonly session: BoardSession) {}

  @Post('session')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open the queue dashboard',
    description: `Sets a short-lived HttpOnly cookie for ${BOARD_PATH} (Bull Board), whose pages cannot send a Bearer header. Admins only.`,
  })
  async open(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ url: string; expiresAt: string }> {
    const { cookie, expiresAt } = await this.session.cookieFor(user, request.protocol === 'https');
    void reply.header('set-cookie', cookie);
    return { url: `${BOARD_PATH}/`, expiresAt: expiresAt.toISOString() };
  }
}
