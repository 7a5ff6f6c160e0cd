import { IncidentWritesModule } from '@app/incidents';
import { OutboxModule } from '@app/outbox';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumingWorkers } from './consuming-workers';
import { AreaOutages } from './area-outages';
import { DeviceSupervision } from './device-supervision';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceSchedules } from './maintenance-schedules';
import { OutboxRelay } from './outbox-relay';
import { WorkerHealth } from './worker-health';

/**
 * Housekeeping of the dispatcher: the outbox relay and device supervision (repeatable jobs on
 * the maintenance queue), and what keeps every worker of the process up and proves it consumes
 * (WorkerHealth, the readiness check). The maintenance worker takes the shared BullMQ connection
 * settings of BullModule.forRoot.
 */
@Module({
  imports: [DiscoveryModule, OutboxModule, IncidentWritesModule],
  providers: [MaintenanceProcessor, OutboxRelay, AreaOutages, DeviceSupervision, MaintenanceSchedules, ConsumingWorkers, WorkerHealth],
  exports: [WorkerHealth],
})
export class MaintenanceModule {}
