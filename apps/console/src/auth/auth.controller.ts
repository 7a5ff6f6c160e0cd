import { type LoginRequest, loginSchema } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from './auth.decorators';
import { AuthService, type LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body(new ZodPipe(loginSchema)) body: LoginRequest): Promise<LoginResult> {
    return this.auth.login(body);
  }
}
