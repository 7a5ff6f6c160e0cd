import { IncidentWritesModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { CentreSettingsController } from './centre-settings.controller';
import { EmergencyCallsController } from './emergency/emergency-calls.controller';
import { IncidentHistoryController } from './history/incident-history.controller';
import { IncidentHistoryRepository } from './history/incident-history.repository';
import { ProtocolsController } from './protocols/protocols.controller';
import { ProtocolsRepository } from './protocols/protocols.repository';
import { ProtocolsService } from './protocols/protocols.service';
import { IncidentReport } from './reports/incident-report';
import { ReportsController } from './reports/reports.controller';
import { ShiftController } from './shift/shift.controller';
import { ShiftRepository } from './shift/shift.repository';

/** The centre's pages beyond the live queue: history and search, protocols, emergency calls, shift work, reports, map settings. */
@Module({
  imports: [IncidentWritesModule, LiveModule],
  controllers: [IncidentHistoryController, ProtocolsController, EmergencyCallsController, ShiftController, ReportsController, CentreSettingsController],
  providers: [IncidentHistoryRepository, ProtocolsRepository, ProtocolsService, ShiftRepository, IncidentReport],
})
export class CentreModule {}
