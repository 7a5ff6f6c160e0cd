import { Module } from '@nestjs/common';
import { RespondersModule } from '../responders/responders.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { Sessions } from '../auth/sessions';

@Module({
  imports: [RespondersModule],
  controllers: [UsersController],
  // Sessions is provided here (the auth module imports this one): ending a user's sessions is part of managing users too.
  providers: [UsersRepository, UsersService, Sessions],
  exports: [UsersRepository, Sessions],
})
export class UsersModule {}
