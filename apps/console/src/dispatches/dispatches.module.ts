import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { DispatchesController } from './dispatches.controller';
import { DispatchesService } from './dispatches.service';
import { ManualOffersController } from './manual-offers.controller';

@Module({
  imports: [IncidentWritesModule],
  controllers: [DispatchesController, ManualOffersController],
  providers: [DispatchesService],
})
export class DispatchesModule {}
