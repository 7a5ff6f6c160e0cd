import { Queue } from '@app/contracts';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DispatchProcessor } from './dispatch.processor';
import { DispatchService } from './dispatch.service';
import { WorkerHealth } from './worker-health';

@Module({
  imports: [BullModule.registerQueue({ name: Queue.Dispatch })],
  providers: [DispatchProcessor, DispatchService, WorkerHealth],
  exports: [WorkerHealth],
})
export class DispatchModule {}
