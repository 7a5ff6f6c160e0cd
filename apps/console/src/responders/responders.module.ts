import { Module } from '@nestjs/common';
import { RespondersController } from './responders.controller';
import { RespondersRepository } from './responders.repository';

@Module({
  controllers: [RespondersController],
  providers: [RespondersRepository],
  exports: [RespondersRepository],
})
export class RespondersModule {}
