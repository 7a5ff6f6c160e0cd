import type { AuthUser } from '@app/auth';
import { type ChangePasswordRequest, changePasswordSchema, type LoginRequest, loginSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentUser, Public } from '../common/auth.decorators';
import { bearerToken } from './access-tokens';
import { Sessions } from './sessions';
import { AuthService, type LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: Sessions,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address, or failures on this account from this address' })
  login(@Body(new ZodPipe(loginSchema)) body: LoginRequest, @Ip() address: string): Promise<LoginResult> {
    return this.auth.login(body, address);
  }

  /** A fresh short-lived token for a session that is still valid (the web console renews while in use). */
  @Post('refresh')
  @HttpCode(200)
  refresh(@CurrentUser() user: AuthUser, @Headers('authorization') authorization: string | undefined): Promise<LoginResult> {
    // The access guard has verified this very token: it carries the session's start.
    return this.auth.refresh(user, bearerToken(authorization) ?? '');
  }

  /** Ends every session of the caller: all its tokens stop working and its sockets close. */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.revokeAll(user.id);
  }

  /** Changes the caller's password; every existing session ends (log in again with the new one). */
  @Post('password')
  @HttpCode(204)
  @Audited('user.password_change', 'user')
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords from this address (throttled like logins)' })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(changePasswordSchema)) body: ChangePasswordRequest,
    @Ip() address: string,
  ): Promise<void> {
    await this.auth.changePassword(user, body, address);
  }
}
