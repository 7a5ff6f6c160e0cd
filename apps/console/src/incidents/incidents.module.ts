import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { DevicePresenceModule } from '../devices/device-presence.module';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [IncidentWritesModule, DevicePresenceModule],
  controllers: [IncidentsController],
  providers: [IncidentsService],
})
export class IncidentsModule {}
