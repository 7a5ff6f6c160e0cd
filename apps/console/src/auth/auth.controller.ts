import { type LoginRequest, loginSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { AuthService, type LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'too many attempts from this address, or failures for this account' })
  login(@Body(new ZodPipe(loginSchema)) body: LoginRequest, @Ip() address: string): Promise<LoginResult> {
    return this.auth.login(body, address);
  }
}
