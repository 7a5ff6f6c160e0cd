import { Module } from '@nestjs/common';
import { RespondersModule } from '../responders/responders.module';
import { CareTeamService } from './care-team.service';
import { ResidentsController } from './residents.controller';
import { ResidentsRepository } from './residents.repository';

@Module({
  imports: [RespondersModule],
  controllers: [ResidentsController],
  providers: [ResidentsRepository, CareTeamService],
  exports: [ResidentsRepository],
})
export class ResidentsModule {}
