import {
  type CreateUserRequest,
  createUserSchema,
  idParamSchema,
  type ResetPasswordRequest,
  resetPasswordSchema,
  type UpdateUserRequest,
  updateUserSchema,
  type UserView,
} from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { Audited } from '../audit/audited.decorator';

const userId = new ZodPipe(idParamSchema);

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly service: UsersService,
    private readonly users: UsersRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @Audited('user.create', 'user')
  create(@Body(new ZodPipe(createUserSchema)) body: CreateUserRequest): Promise<UserView> {
    return this.service.create(body);
  }

  @Get()
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Role, districts, disabled: disabling or another role ends the user's sessions at once. */
  @Patch(':id')
  @Audited('user.update', 'user')
  update(@Param('id', userId) id: string, @Body(new ZodPipe(updateUserSchema)) body: UpdateUserRequest): Promise<UserView> {
    return this.service.update(id, body);
  }

  /** Every token of the user stops working and its sockets close. */
  @Post(':id/revoke-sessions')
  @HttpCode(204)
  @Audited('user.revoke_sessions', 'user')
  async revokeSessions(@Param('id', userId) id: string): Promise<void> {
    await this.service.revokeSessions(id);
  }

  /** An admin sets a new password (the user forgot theirs); every session of the user ends. */
  @Post(':id/password')
  @HttpCode(204)
  @Audited('user.password_reset', 'user')
  async resetPassword(@Param('id', userId) id: string, @Body(new ZodPipe(resetPasswordSchema)) body: ResetPasswordRequest): Promise<void> {
    await this.service.resetPassword(id, body.password);
  }
}
