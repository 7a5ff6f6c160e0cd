import { Queue } from '@app/contracts';
import { IncidentWritesModule } from '@app/incidents';
import { OutboxModule } from '@app/outbox';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CascadeService } from './cascade.service';
import { DispatchProcessor } from './dispatch.processor';
import { OfferCancellations } from './offer-cancellations';

/** The care-team cascade, its timers and escalations: the consumer of the dispatch queue. */
@Module({
  imports: [BullModule.registerQueue({ name: Queue.Dispatch }), OutboxModule, IncidentWritesModule],
  providers: [DispatchProcessor, CascadeService, OfferCancellations],
})
export class DispatchModule {}
