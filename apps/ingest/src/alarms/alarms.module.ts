import { Module } from '@nestjs/common';
import { HandsetAuthModule } from '../handset-auth/handset-auth.module';
import { AlarmMetrics } from './alarm-metrics';
import { AlarmStore } from './alarm-store';
import { AlarmsController } from './alarms.controller';
import { AlarmsService } from './alarms.service';
import { PressFanout } from './press-fanout';

@Module({
  imports: [HandsetAuthModule],
  controllers: [AlarmsController],
  providers: [AlarmStore, AlarmsService, PressFanout, AlarmMetrics],
  exports: [AlarmsService],
})
export class AlarmsModule {}
