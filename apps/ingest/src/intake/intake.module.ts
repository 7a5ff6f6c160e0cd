import { IncidentPublisherModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { FaultPoints } from '../testing/fault-points';
import { IntakeMetrics } from './intake-metrics';
import { PressBatches } from './press-batches';
import { PressFanout } from './press-fanout';
import { PressIntake } from './press-intake';
import { PressStore } from './press-store';

/** The press intake every transport hands its presses to (PressIntake.accept): store, answer after the commit, fan out. */
@Module({
  imports: [IncidentPublisherModule],
  providers: [PressIntake, PressBatches, PressStore, PressFanout, IntakeMetrics, FaultPoints],
  exports: [PressIntake],
})
export class IntakeModule {}
