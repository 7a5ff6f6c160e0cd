import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { DispatchesController } from './dispatches.controller';
import { DispatchesService } from './dispatches.service';
import { DoorDetailsReader } from './door-details';
import { ManualOffersController } from './manual-offers.controller';

@Module({
  imports: [IncidentWritesModule],
  controllers: [DispatchesController, ManualOffersController],
  providers: [DispatchesService, DoorDetailsReader],
})
export class DispatchesModule {}
