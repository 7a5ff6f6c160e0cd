import { Queue } from '@app/contracts';
import { IncidentWritesModule } from '@app/incidents';
import { OutboxModule } from '@app/outbox';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CascadeService } from './cascade.service';
import { AlarmDispatchProcessor, TechnicalDispatchProcessor } from './dispatch.processor';
import { OfferCancellations } from './offer-cancellations';

/** The care-team cascade, its timers and escalations: the consumer of the dispatch queue of each lane. */
@Module({
  imports: [BullModule.registerQueue({ name: Queue.Dispatch }, { name: Queue.TechnicalDispatch }), OutboxModule, IncidentWritesModule],
  providers: [AlarmDispatchProcessor, TechnicalDispatchProcessor, CascadeService, OfferCancellations],
})
export class DispatchModule {}
