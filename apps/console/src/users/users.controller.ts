import { type CreateUserRequest, createUserSchema, type UserView } from '@app/contracts';
import { ZodPipe } from '@app/http';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { Audited } from '../audit/audited.decorator';

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
}
